package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A feature's value of the run ({@link RunMappings#feature}) naming the tables whose source IDs and keys the run's
 * artifacts must not keep as they are. The journal keeps no source ID of a table the feature {@link #withholds}, whose
 * IDs hold a value the run replaces in the target (a key made of a user's email, masked), so its ID map
 * ({@code idmap/<table>.csv}) lists none (the target's keys, which the journal names every record by, are the run's
 * own); the checkpoints keep where a scan of a table it {@link #seals} stands (a source key, whose attributes may hold
 * such values) sealed, opened by the process that resumes it; a slice of the source lists such a table's members sealed
 * alike. The examples the run keeps and prints (an orphaned
 * reference, a conflict, a shared unique value, a missing object, a check that failed) name such a table's records, the
 * IDs naming them and the Storage objects the run renames as the feature {@link #shownKey shows} them: as the run writes
 * them in the target where it can tell, else by what they are. Asked through {@link ItemTransformer}
 * ({@code keptSourceId}, {@code keptSourceIds}, {@code keptScanKey}, {@code scanKey}, {@code shownKey}, {@code shownId}, {@code shownObjectKey}).
 */
public interface WithheldIds {
    /** Whether the artifacts of the run keep no source ID of {@code model}'s records. */
    boolean withholds(String model);

    /** Whether the checkpoints keep where a scan of {@code model}'s source stands sealed. */
    boolean seals(String model);

    /**
     * A sealed table's source key ({@code DynamoJson}) as a checkpoint keeps it, or the source IDs of a table it
     * {@link #withholds} as a run's slice lists them: sealed, readable only by the run.
     */
    JsonNode seal(String model, JsonNode key);

    /** The source key a checkpoint keeps as {@link #seal} made it; a key it did not seal as it is. */
    JsonNode open(String model, JsonNode kept);

    /**
     * How an example names a record of a table the feature {@link #withholds}: by its key in the target ({@code target},
     * as {@code ItemKeys.describe} says it; null where the run cannot tell it), else by what it is.
     */
    String shownKey(String model, String target);

    /**
     * How an example shows a value naming a record of a table the feature {@link #withholds} (an orphaned reference's):
     * the ID the run gives that record in the target ({@code targetId}; null where it is the source's own), else what it is.
     */
    String shownId(String model, String targetId);

    /**
     * How an example shows a Storage object's key: {@code sourceKey} as the run reads it, {@code targetKey} as it writes
     * it; the feature's form where it renames the object (a key holding a value it masks).
     */
    String shownObjectKey(String sourceKey, String targetKey);
}
