package dev.dmig.rollback;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dmig.run.RunState;

/**
 * What Rollback returns to the state machine: loop until done; complete is false if any key could
 * not be restored; {@code writers} counts the run's writers it is still waiting for before undoing;
 * {@code units}: one level's (table, segment) units for the {@code RollbackSegments} Map, when it fans out;
 * {@code failure}: once done, why the run was rolled back, as the execution then reports it (a failed Distributed
 * Map's own error replaced by what its segment task threw); {@code validated}: nothing was undone, because the run had
 * passed validation before the failure that led here: the state machine finishes it as succeeded.
 */
public record RollbackProgress(boolean done, boolean complete, long deleted, long restored, long failed, int writers,
                               RunState.S3Object units, Reason failure, boolean validated) {

    /** An error as Step Functions names its parts. */
    public record Reason(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}

    public RollbackProgress(boolean done, boolean complete, long deleted, long restored, long failed, int writers) {
        this(done, complete, deleted, restored, failed, writers, null, null, false);
    }

    public RollbackProgress(boolean done, boolean complete, long deleted, long restored, long failed, int writers,
                            RunState.S3Object units) {
        this(done, complete, deleted, restored, failed, writers, units, null, false);
    }

    /** A run that had passed validation: nothing undone, to be finished as succeeded. */
    static RollbackProgress validatedRun() {
        return new RollbackProgress(true, false, 0, 0, 0, 0, null, null, true);
    }
}
