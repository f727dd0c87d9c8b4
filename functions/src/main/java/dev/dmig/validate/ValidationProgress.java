package dev.dmig.validate;

import dev.dmig.run.RunState;

/**
 * What Validate returns to the state machine: loop until done, then branch on passed. {@code units}: the
 * (table, segment) units for the {@code ValidateSegments} Map, on the first call of an execution only.
 */
public record ValidationProgress(boolean done, boolean passed, long tables, long failures, RunState.S3Object units) {

    public ValidationProgress(boolean done, boolean passed, long tables, long failures) {
        this(done, passed, tables, failures, null);
    }
}
