package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --map MODEL:SOURCE_ID=TARGET_ID}: source records paired by hand with records the target already holds, written
 * into the run's plan as the table's {@code match.pins}, so that the run freezes them with its plan. Each wrong one is
 * refused in one line before anything starts.
 */
final class MatchPins {
    private MatchPins() {}

    static void write(JsonNode plan, List<String> pins, Path file) {
        for (String pin : pins) {
            int colon = pin.indexOf(':');
            int equals = pin.indexOf('=', colon + 1);
            if (colon <= 0 || equals < 0 || equals == colon + 1 || equals == pin.length() - 1) {
                throw new IllegalArgumentException("--map " + pin + ": give MODEL:SOURCE_ID=TARGET_ID, like --map Customer:c-17=prod-c-4");
            }
            String model = pin.substring(0, colon);
            JsonNode table = plan.path("tables").get(model);
            JsonNode match = table == null ? null : table.get("match");
            if (match == null || !match.isObject()) {
                throw new IllegalArgumentException("--map " + pin + ": " + (table == null ? "the plan " + file + " has no table " + model
                        : "table " + model + " of " + file + " has no match") + "; pins pair records of a table with a match,"
                        + " like \"match\": {\"on\": [\"email\"], \"whenMatched\": \"keep\"}");
            }
            JsonNode given = match.get("pins");
            ObjectNode pinned = given != null && given.isObject() ? (ObjectNode) given : ((ObjectNode) match).putObject("pins");
            pinned.put(pin.substring(colon + 1, equals), pin.substring(equals + 1));
        }
    }
}
