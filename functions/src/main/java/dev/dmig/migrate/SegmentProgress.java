package dev.dmig.migrate;

/** What MigrateSegment returns to the state machine: whether to loop, and counts for the history. */
public record SegmentProgress(boolean done, long itemsRead, long itemsWritten, long itemsSkipped) {
    static SegmentProgress of(Checkpoint checkpoint) {
        return new SegmentProgress(checkpoint.done(), checkpoint.itemsRead(), checkpoint.itemsWritten(), checkpoint.itemsSkipped());
    }
}
