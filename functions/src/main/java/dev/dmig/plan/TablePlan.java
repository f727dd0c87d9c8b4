package dev.dmig.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan for one model: how its IDs are mapped, where its references live, and the
 * rename/remove/set edits applied (in that order) after IDs and references are mapped.
 */
public record TablePlan(String model, String idAttribute, IdStrategy ids, Map<ReferencePath, String> references,
                        Map<String, String> rename, List<String> remove, Map<String, AttributeValue> set,
                        boolean skip, Integer segments, Integer writeRateLimit, List<String> unique) {

    public TablePlan {
        references = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(references));
        rename = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rename));
        remove = List.copyOf(remove);
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
        unique = List.copyOf(unique);
    }

    /** A plan entry with every default: sha256 IDs under {@code id}, no references, no edits. */
    public static TablePlan defaults(String model) {
        return new TablePlan(model, "id", IdStrategy.SHA256, Map.of(), Map.of(), List.of(), Map.of(), false, null, null, List.of());
    }

    public boolean hasEdits() {
        return !rename.isEmpty() || !remove.isEmpty() || !set.isEmpty();
    }
}
