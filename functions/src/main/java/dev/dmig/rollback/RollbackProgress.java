package dev.dmig.rollback;

import dev.dmig.run.RunState;

/**
 * What Rollback returns to the state machine: loop until done; complete is false if any key could
 * not be restored; {@code writers} counts the run's writers it is still waiting for before undoing;
 * {@code units}: one level's (table, segment) units for the {@code RollbackSegments} Map, when it fans out.
 */
public record RollbackProgress(boolean done, boolean complete, long deleted, long restored, long failed, int writers,
                               RunState.S3Object units) {

    public RollbackProgress(boolean done, boolean complete, long deleted, long restored, long failed, int writers) {
        this(done, complete, deleted, restored, failed, writers, null);
    }
}
