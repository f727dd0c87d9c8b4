package dev.dmig.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parts of a plan the sample's tests check, read independently of dmig's own plan parser. */
record PlanFile(JsonNode root, Map<String, TableEntry> tables) {

    /**
     * {@code references}: the whole-value references, path → model; {@code identities}: the identity references, path →
     * {@code @owner}, {@code @sub} or {@code @username}; {@code patterns}: the pattern references, path → their entry.
     */
    record TableEntry(String model, String idAttribute, boolean skip, boolean preserveIds,
                      Map<String, String> references, Map<String, String> identities, Map<String, JsonNode> patterns,
                      JsonNode raw) {
    }

    static PlanFile shipped() {
        return parse(SamplePlan.json());
    }

    static PlanFile parse(String json) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            Map<String, TableEntry> tables = new LinkedHashMap<>();
            root.get("tables").properties().forEach(entry -> {
                JsonNode table = entry.getValue();
                Map<String, String> references = new LinkedHashMap<>();
                Map<String, String> identities = new LinkedHashMap<>();
                Map<String, JsonNode> patterns = new LinkedHashMap<>();
                table.path("references").properties().forEach(r -> {
                    if (!r.getValue().isTextual()) {
                        patterns.put(r.getKey(), r.getValue());
                    } else if (r.getValue().asText().startsWith("@")) {
                        identities.put(r.getKey(), r.getValue().asText());
                    } else {
                        references.put(r.getKey(), r.getValue().asText());
                    }
                });
                tables.put(entry.getKey(), new TableEntry(entry.getKey(),
                        table.path("idAttribute").asText("id"),
                        table.path("skip").asBoolean(false),
                        table.path("ids").asText("sha256").equals("preserve"),
                        references, identities, patterns, table));
            });
            return new PlanFile(root, tables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TableEntry table(String model) {
        return tables.get(model);
    }
}
