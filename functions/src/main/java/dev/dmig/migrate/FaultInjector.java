package dev.dmig.migrate;

/**
 * A test seam: called before each batch is written, it may throw to simulate a crash at an
 * exact point. Production wiring uses {@link #NONE}.
 */
@FunctionalInterface
public interface FaultInjector {
    FaultInjector NONE = (runId, model, segment, itemsWrittenSoFar) -> {};

    void beforeBatch(String runId, String model, int segment, long itemsWrittenSoFar);
}
