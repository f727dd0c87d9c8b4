package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A feature's value of the run ({@link RunMappings#feature}) naming the tables whose source IDs and keys the run's
 * artifacts must not keep as they are. The journal keeps no source ID of a table the feature {@link #withholds}, whose
 * IDs hold a value the run replaces in the target (a key made of a user's email, masked), so its ID map
 * ({@code idmap/<table>.csv}) lists none (the target's keys, which the journal names every record by, are the run's
 * own); the checkpoints keep where a scan of a table it {@link #seals} stands (a source key, whose attributes may hold
 * such values) sealed, opened by the process that resumes it. Asked through {@link ItemTransformer}
 * ({@code keptSourceId}, {@code keptScanKey}, {@code scanKey}).
 */
public interface WithheldIds {
    /** Whether the artifacts of the run keep no source ID of {@code model}'s records. */
    boolean withholds(String model);

    /** Whether the checkpoints keep where a scan of {@code model}'s source stands sealed. */
    boolean seals(String model);

    /** A sealed table's source key ({@code DynamoJson}) as a checkpoint keeps it: sealed, readable only by the run. */
    JsonNode seal(String model, JsonNode key);

    /** The source key a checkpoint keeps as {@link #seal} made it; a key it did not seal as it is. */
    JsonNode open(String model, JsonNode kept);
}
