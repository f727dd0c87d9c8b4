package dev.dmig.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How deep each state of a definition sits: 0 at the top level, 1 inside a Map's item processor,
 * and so on. A Step Functions history names states but not the Map iteration they run in, so the
 * nesting comes from the definition.
 */
public final class StateNesting {
    private final Map<String, Integer> depths;

    private StateNesting(Map<String, Integer> depths) {
        this.depths = Map.copyOf(depths);
    }

    /** Reads an Amazon States Language definition (with or without its placeholders substituted). */
    public static StateNesting of(String definition) {
        JsonNode root = Json.tree(definition.getBytes(StandardCharsets.UTF_8));
        Map<String, Integer> depths = new HashMap<>();
        collect(root.path("States"), 0, depths);
        if (depths.isEmpty()) {
            throw new IllegalArgumentException("the state machine definition has no States");
        }
        return new StateNesting(depths);
    }

    private static void collect(JsonNode states, int depth, Map<String, Integer> depths) {
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> state = it.next();
            depths.putIfAbsent(state.getKey(), depth);
            JsonNode processor = state.getValue().has("ItemProcessor") ? state.getValue().get("ItemProcessor")
                    : state.getValue().path("Iterator");
            collect(processor.path("States"), depth + 1, depths);
            for (JsonNode branch : state.getValue().path("Branches")) {
                collect(branch.path("States"), depth + 1, depths);
            }
        }
    }

    /** The number of Maps around the state, or -1 for a name the definition does not have. */
    public int depth(String stateName) {
        return depths.getOrDefault(stateName, -1);
    }

    public boolean topLevel(String stateName) {
        return depth(stateName) == 0;
    }
}
