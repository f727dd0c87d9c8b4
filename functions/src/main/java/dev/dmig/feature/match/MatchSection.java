package dev.dmig.feature.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.JsonSyntax;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TableField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a table's {@code match}: the attributes ({@code on}, as the target holds them) that pair a source record with a
 * record the target already has, and what becomes of paired and unpaired records. Every problem is one line naming the
 * table and the attribute.
 */
final class MatchSection {
    static final String FIELD = "match";
    private static final Set<String> KEYS = Set.of("on", "whenMatched", "whenNotMatched", "caseInsensitive", "pins");
    /** The field in a table's entry. */
    static final TableField<Match> TABLE = new TableField<>(FIELD, Match.class,
            reading -> read(reading.model(), reading.idAttribute(), reading.node(), reading.problems()));
    private static final String EXAMPLE = "{\"on\": [\"username\"], \"whenMatched\": \"keep\"}";

    private MatchSection() {}

    /** The table's {@code match}; null when it has none or it is wrong (each problem added). */
    static Match read(String model, String idAttribute, JsonNode node, List<Problem> problems) {
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(Problem.attribute(model, FIELD, "must be an object, like " + EXAMPLE));
            return null;
        }
        int before = problems.size();
        JsonSyntax.unknownKeys(node, KEYS, model, FIELD, problems);
        List<String> on = on(model, idAttribute, node.get("on"), problems);
        Match.WhenMatched whenMatched = choice(model, "whenMatched", node.get("whenMatched"), Match.WhenMatched.values(),
                Match.WhenMatched.FAIL, Match.WhenMatched::planName, problems);
        Match.WhenNotMatched whenNotMatched = choice(model, "whenNotMatched", node.get("whenNotMatched"),
                Match.WhenNotMatched.values(), Match.WhenNotMatched.INSERT, Match.WhenNotMatched::planName, problems);
        boolean caseInsensitive = JsonSyntax.bool(node.get("caseInsensitive"), model, FIELD + ".caseInsensitive", false, problems);
        Map<String, String> pins = pins(model, node.get("pins"), problems);
        return problems.size() > before ? null : new Match(on, whenMatched, whenNotMatched, caseInsensitive, pins);
    }

    /** Source IDs paired by hand with target IDs ({@code dmig migrate --map Model:<source id>=<target id>} writes them). */
    private static Map<String, String> pins(String model, JsonNode node, List<Problem> problems) {
        Map<String, String> pins = new LinkedHashMap<>();
        if (node == null) {
            return pins;
        }
        if (!node.isObject()) {
            problems.add(Problem.attribute(model, FIELD + ".pins", "must be an object of source ID → target ID, like"
                    + " {\"c-17\": \"prod-c-4\"}"));
            return pins;
        }
        node.fields().forEachRemaining(pin -> {
            if (pin.getKey().isEmpty() || !pin.getValue().isTextual() || pin.getValue().asText().isEmpty()) {
                problems.add(Problem.attribute(model, FIELD + ".pins", "must pair a source ID with a target ID, found "
                        + JsonSyntax.quoted(pin.getKey()) + ": " + pin.getValue()));
            } else {
                pins.put(pin.getKey(), pin.getValue().asText());
            }
        });
        return pins;
    }

    private static List<String> on(String model, String idAttribute, JsonNode node, List<Problem> problems) {
        List<String> on = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add(Problem.attribute(model, FIELD + ".on", "must list the attributes, as the target holds them, that pair a"
                    + " record with one the target already has, like [\"username\"] or [\"orgId\", \"email\"]"));
            return on;
        }
        for (JsonNode element : node) {
            if (!element.isTextual() || element.asText().isEmpty()) {
                problems.add(Problem.attribute(model, FIELD + ".on", "must list attribute names, found " + element));
            } else if (element.asText().equals(idAttribute)) {
                problems.add(Problem.attribute(model, element.asText(), "is the table's ID attribute, which differs between the"
                        + " environments; match on attributes both records hold alike, like [\"username\"]"));
            } else if (on.contains(element.asText())) {
                problems.add(Problem.attribute(model, element.asText(), "is named twice in " + FIELD + ".on"));
            } else {
                on.add(element.asText());
            }
        }
        return on;
    }

    private static <E extends Enum<E>> E choice(String model, String field, JsonNode node, E[] values, E fallback,
                                                java.util.function.Function<E, String> name, List<Problem> problems) {
        if (node == null) {
            return fallback;
        }
        for (E value : values) {
            if (node.isTextual() && name.apply(value).equals(node.asText())) {
                return value;
            }
        }
        List<String> names = Arrays.stream(values).map(v -> "\"" + name.apply(v) + "\"").toList();
        problems.add(Problem.attribute(model, FIELD + "." + field, "must be " + String.join(" or ", names) + ", not " + node));
        return fallback;
    }
}
