package dev.dmig.migrate;

/**
 * A feature's value of the run ({@link RunMappings#feature}) that gives some source records the IDs of records the
 * target already holds (a match's frozen pairs): asked first for every record's target ID ({@link TargetIds}).
 */
public interface PairedIds {
    /** The ID of the target record {@code sourceId} of {@code model} pairs with; null when it pairs with none. */
    String targetId(String model, String sourceId);
}
