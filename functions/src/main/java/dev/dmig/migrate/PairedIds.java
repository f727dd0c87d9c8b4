package dev.dmig.migrate;

/**
 * A feature's value of the run ({@link RunMappings#feature}) that gives some source records their target IDs: the IDs
 * of records the target already holds (a match's frozen pairs), or preserved IDs the feature changes (masked): asked
 * first for every record's target ID ({@link TargetIds}).
 */
public interface PairedIds {
    /** The target ID the feature gives {@code sourceId} of {@code model}; null when it gives it none. */
    String targetId(String model, String sourceId);
}
