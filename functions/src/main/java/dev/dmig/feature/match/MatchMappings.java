package dev.dmig.feature.match;

import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;

/**
 * A match's part of the run's mappings: its frozen pairs ({@link MatchedRecords}), read from the run, or for a preview
 * paired now as the analysis pairs them ({@link RecordMatching#preview}), so that a paired record's new ID is the target
 * record's, and so are references to it.
 */
final class MatchMappings implements RunMappings.Feature {
    /** The target's records a preview reads at a time while it pairs. */
    private static final int PREVIEW_PAGE = 1_000;

    @Override
    public Object of(ArtifactStore artifacts, MigrationPlan plan, String runId) {
        return MatchedRecords.of(artifacts, runId);
    }

    @Override
    public Object preview(ItemStore items, MigrationPlan plan, String model, RunMappings run) {
        return RecordMatching.preview(items, PREVIEW_PAGE, plan, model, run);
    }
}
