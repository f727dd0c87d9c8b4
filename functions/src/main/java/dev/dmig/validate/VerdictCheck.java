package dev.dmig.validate;

import dev.dmig.Reaches;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.util.List;

/**
 * What a feature checks of a run as a whole when the validation gives its verdict, beside what it checks of each copy
 * ({@link CopyCheck}): whether the source is checked as it is now rather than as the analysis read it, and the run's
 * failures it finds. {@link VerdictChecks} lists them, the core's and every feature's ({@code dev.dmig.Feature}); what a
 * check needs it is given when it is made, once per call.
 */
public interface VerdictCheck {
    /**
     * Whether the run changed its target from its source after the copy (it followed its source): every table is then
     * checked item by item against the source as it is now, and the copy's counts are not compared with that source.
     */
    default boolean sourceMovedOn() {
        return false;
    }

    /** Adds the run's failures the feature finds to {@code failures}, one line each, after the tables'. */
    default void failures(List<String> failures) {}

    /**
     * What a feature's checks are made of: the run, its plan and models, its artifacts, its sides' tables (the source as a
     * whole, not a slice of it), the page size they are read by, and what the process reaches beside the tables (a
     * feature finds its own by type: the sides' user pools).
     */
    record Parts(String runId, MigrationPlan plan, List<String> models, ArtifactStore artifacts, ItemStore items, int pageSize,
                 Reaches reaches) {
        public Parts(String runId, MigrationPlan plan, List<String> models, ArtifactStore artifacts, ItemStore items, int pageSize) {
            this(runId, plan, models, artifacts, items, pageSize, Reaches.NONE);
        }
    }

    /** A feature's checks, added to the call's (none when the run does not use the feature). */
    @FunctionalInterface
    interface Feature {
        void addTo(List<VerdictCheck> checks, Parts parts);
    }
}
