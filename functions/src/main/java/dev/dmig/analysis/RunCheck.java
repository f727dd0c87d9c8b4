package dev.dmig.analysis;

import dev.dmig.identity.UserPools;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunManifest;
import dev.dmig.files.Buckets;
import dev.dmig.store.ArtifactStore;
import java.util.List;
import java.util.Optional;

/**
 * What a feature adds to an Analyze call as a whole, beside what it counts of each segment ({@link ScanCheck}): what
 * the run needs of it before anything is scanned, and what of the analysis stops a full run as its conflicts do.
 * {@link RunChecks} lists them; what a check needs it is given when it is made, once per call.
 */
interface RunCheck {
    /**
     * Has what the run needs of the feature before the source is scanned, or refuses the run; false while it is still
     * being made, over as many calls as it takes.
     */
    default boolean ready(RunManifest manifest, Deadline deadline) {
        return true;
    }

    /** What of {@code analysis} stops a full run under {@code onConflict: abort}, beside the items' conflicts; 0 for none. */
    default long conflicts(Analysis analysis) {
        return 0;
    }

    /** Those conflicts said as the refusal says them; none when there are none. */
    default Optional<String> conflictsCause(Analysis analysis) {
        return Optional.empty();
    }

    /** What a feature's checks are made of: the plan, the run's artifacts, the user pools and buckets the analysis reaches. */
    record Parts(MigrationPlan plan, ArtifactStore artifacts, UserPools userPools, Buckets buckets) {}

    /** A feature's checks, added to the call's (none when the plan does not use the feature). */
    @FunctionalInterface
    interface Feature {
        void addTo(List<RunCheck> checks, Parts parts);
    }
}
