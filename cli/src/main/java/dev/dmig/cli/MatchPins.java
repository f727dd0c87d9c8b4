package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.csv.CsvCell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --map MODEL:SOURCE_ID=TARGET_ID}: source records paired by hand with records the target already holds, written
 * into the run's plan as the table's {@code match.pins}, so that the run freezes them with its plan. Each wrong one is
 * refused in one line before anything starts.
 */
final class MatchPins {
    private MatchPins() {}

    /**
     * The pins of a CSV file, {@code MODEL,SOURCE_ID,TARGET_ID} a line, as {@code --map} values; a header line of those
     * names is skipped, an empty line ignored. A line of another shape is refused naming the file and the line.
     */
    static List<String> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--map-csv " + file + ": " + (Files.exists(file) ? "cannot read it" : "no such file"), e);
        }
        List<String> pins = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.equalsIgnoreCase("model,source_id,target_id"))) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 3 || line.contains("\"") || java.util.Arrays.stream(fields).anyMatch(f -> f.strip().isEmpty())) {
                throw new IllegalArgumentException("--map-csv " + file + " line " + (i + 1) + ": give MODEL,SOURCE_ID,TARGET_ID,"
                        + " like Customer,c-17,prod-c-4");
            }
            pins.add(CsvCell.read(fields[0].strip()) + ":" + CsvCell.read(fields[1].strip()) + "=" + CsvCell.read(fields[2].strip()));
        }
        return pins;
    }

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
