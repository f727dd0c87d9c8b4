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
