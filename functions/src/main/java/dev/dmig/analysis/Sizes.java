package dev.dmig.analysis;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.util.Map;
import java.util.Set;

/**
 * The size estimates a run's segments were chosen from, kept so that a later Analyze call does not sample again
 * ({@link RunLayout#analysisSizes}); and the models whose target table held no item when the run began (null before
 * they were looked at).
 */
record Sizes(Map<String, SizeEstimate> tables, Set<String> emptyTargets) {
    /** The run's, or none yet. */
    static Sizes of(ArtifactStore artifacts, String runId) {
        return artifacts.getJson(RunLayout.analysisSizes(runId), Sizes.class).orElse(new Sizes(Map.of(), null));
    }

    void store(ArtifactStore artifacts, String runId) {
        artifacts.putJson(RunLayout.analysisSizes(runId), this);
    }

    /** Whether {@code model}'s target was found empty (false before it was looked at). */
    boolean emptyTarget(String model) {
        return emptyTargets != null && emptyTargets.contains(model);
    }

    /**
     * Whether the analysis scans {@code model}'s target table for the values of its {@code unique} attributes: not when
     * the target was empty when the run began, as it then holds none.
     */
    boolean scansTargetFor(MigrationPlan plan, String model) {
        return !plan.table(model).unique().isEmpty() && !emptyTarget(model);
    }

    /** The models whose target was found empty; none before it was looked at. */
    Set<String> emptyTargetsOrNone() {
        return emptyTargets == null ? Set.of() : emptyTargets;
    }
}
