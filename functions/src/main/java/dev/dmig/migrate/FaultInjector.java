package dev.dmig.migrate;

/**
 * A test seam: called before each batch is written, it may throw to simulate a crash at an
 * exact point. Production wiring uses {@link #NONE}.
 */
@FunctionalInterface
public interface FaultInjector {
    FaultInjector NONE = (runId, model, segment, itemsWrittenSoFar) -> {};

    void beforeBatch(String runId, String model, int segment, long itemsWrittenSoFar);

    /** Called after a batch is written and before its checkpoint is saved: the window a crash leaves half-done. */
    default void afterBatch(String runId, String model, int segment, long itemsWrittenSoFar) {
    }

    /** Called before validation reads each page of a segment. */
    default void beforeValidationPage(String runId, String model, int segment) {
    }
}
