package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The plan's and a table's {@code datastore}: what becomes of Amplify DataStore's fields in the items copied. The
 * delta-sync table itself is {@link DataStoreSyncTable}'s.
 */
final class DataStoreSection {
    /** The plan's top-level keys this section reads. */
    static final Set<String> KEYS = Set.of("datastore");

    private DataStoreSection() {}

    /**
     * A table's {@code syncable}: what its entry says of DataStore; {@link Syncable#UNSAID} when it says nothing (or
     * something other than true or false, a problem).
     */
    static Syncable syncable(JsonNode entry, String model, List<Problem> problems) {
        JsonNode node = entry.get("syncable");
        if (node == null || !node.isBoolean()) {
            JsonSyntax.bool(node, model, "syncable", false, problems);
            return Syncable.UNSAID;
        }
        return node.asBoolean() ? Syncable.YES : Syncable.NO;
    }

    /**
     * A table's mode: its own {@code datastore}, else the plan's ({@code fallback}). A table that says it does not sync
     * ({@code "syncable": false}) keeps its rows as they are, since DataStore's rules are for tables that sync: its
     * {@code _version} and {@code _lastChangedAt} are its app's own, and a row with {@code _deleted} is a row. Saying
     * {@code "datastore": "reset"} beside it is a problem.
     */
    static DataStoreMode tableMode(JsonNode entry, String model, Syncable syncable, DataStoreMode fallback, List<Problem> problems) {
        DataStoreMode own = mode(entry.get("datastore"), model, fallback, problems);
        if (syncable != Syncable.NO) {
            return own;
        }
        if (entry.has("datastore") && own == DataStoreMode.RESET) {
            problems.add(Problem.attribute(model, "datastore", "is \"reset\" and the table says \"syncable\": false: DataStore's"
                    + " rules (a reset of _version and _lastChangedAt, soft-deleted rows left behind) apply only to a table that syncs;"
                    + " remove \"datastore\", or make the table \"syncable\": true"));
        }
        return DataStoreMode.KEEP;
    }

    /** {@code datastore}, the plan's ({@code model} null) or a table's; {@code fallback} when it is not given or is wrong. */
    static DataStoreMode mode(JsonNode node, String model, DataStoreMode fallback, List<Problem> problems) {
        if (node == null) {
            return fallback;
        }
        DataStoreMode mode = node.isTextual() ? DataStoreMode.fromPlan(node.asText()) : null;
        if (mode == null) {
            String message = "datastore must be \"reset\" or \"keep\", not " + node;
            problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, "datastore", message));
            return fallback;
        }
        return mode;
    }
}
