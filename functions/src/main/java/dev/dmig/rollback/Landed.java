package dev.dmig.rollback;

import dev.dmig.migrate.Checkpoint;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;

/**
 * Up to which journal entry of a unit (a table's segment, or its followed changes) the run's writes landed, for a
 * rollback to say why a key it journaled holds nothing: a key of an entry at or past this was journaled and maybe never
 * written (the run stopped between journaling and writing it); one below it was written, and deleted since.
 */
final class Landed {
    private Landed() {}

    /** The first entry of the unit whose writes may not have landed; {@link Long#MAX_VALUE} when all did. */
    static long from(ArtifactStore artifacts, String runId, String model, int segment) {
        if (segment == RunLayout.FOLLOW_SEGMENT) {
            return FollowStatus.entriesWritten(artifacts, runId, model);
        }
        return artifacts.getJson(RunLayout.checkpoint(runId, model, segment), Checkpoint.class)
                .map(checkpoint -> checkpoint.done() ? Long.MAX_VALUE : checkpoint.nextSeq())
                // A test run writes its records without checkpoints: all landed once its result is stored.
                .orElseGet(() -> artifacts.get(RunLayout.testResult(runId)).isPresent() ? Long.MAX_VALUE : 0L);
    }
}
