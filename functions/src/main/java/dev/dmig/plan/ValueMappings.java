package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a reference written as a pattern, {@code {"pattern": "ORDER#{id}", "id": "Orders"}}, or a list of
 * such alternatives, each applying to every item or, with {@code "when": {"resourceType": "REPORT"}}, to the items whose
 * attribute holds one of the values named; or a polymorphic reference, whose table another attribute names,
 * {@code {"by": "resourceType", "models": {"EVALUATION": "Evaluation", "REPORT": "Report"}}}, which is such a list, one
 * whole-value pattern per table; or one whose table only the source says, {@code {"oneOf": ["Evaluation", "Report"]}}:
 * each value an ID of the table whose source holds it. Reports each thing wrong with it in one line.
 */
public final class ValueMappings {
    /** A pattern reference as a problem's fix shows one. */
    public static final String EXAMPLE = "{\"pattern\": \"ORDER#{id}\", \"id\": \"Orders\"}";
    static final String BY_EXAMPLE = "{\"by\": \"resourceType\", \"models\": {\"EVALUATION\": \"Evaluation\", \"REPORT\": \"Report\"}}";
    static final String ONE_OF_EXAMPLE = "{\"oneOf\": [\"Evaluation\", \"Report\"]}";
    private static final String WHEN = "when";

    private ValueMappings() {}

    /** The mapping {@code node} describes, or null after reporting to {@code problems} why it is none. */
    public static ValueMapping read(JsonNode node, Consumer<String> problems) {
        if (node.isObject() && node.has("by")) {
            return byAttribute(node, problems);
        }
        if (node.isObject() && node.has("oneOf")) {
            return byHolder(node, problems);
        }
        List<JsonNode> entries = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(entries::add);
            if (entries.isEmpty()) {
                problems.accept("an empty list of patterns; give at least one, like " + EXAMPLE);
                return null;
            }
        } else {
            entries.add(node);
        }
        List<ValuePattern> alternatives = new ArrayList<>();
        boolean valid = true;
        for (JsonNode entry : entries) {
            ValuePattern pattern = pattern(entry, problems);
            valid &= pattern != null;
            if (pattern != null) {
                alternatives.add(pattern);
            }
        }
        if (!valid) {
            return null;
        }
        if (alternatives.stream().noneMatch(ValuePattern::mapsSomething)) {
            ValuePattern first = alternatives.stream().filter(p -> !p.names().isEmpty()).findFirst().orElse(alternatives.get(0));
            String name = first.names().isEmpty() ? "id" : first.names().get(0);
            String example = List.of("sub", "username", "owner").contains(name) ? "@" + name : "Orders";
            problems.accept((alternatives.size() == 1 ? "pattern '" + first.text() + "' maps" : "patterns " + describe(alternatives)
                    + " map") + " nothing: name what a placeholder holds, like {\"pattern\": \"" + first.text() + "\", \"" + name
                    + "\": \"" + example + "\"}");
            return null;
        }
        // Analysis reports a placeholder's references by its name: one name, one model.
        Map<String, String> seen = new HashMap<>();
        for (ValuePattern pattern : alternatives) {
            for (ValuePattern.Placeholder placeholder : pattern.placeholders()) {
                if (!(placeholder.target() instanceof PlaceholderTarget.Model model)) {
                    continue;
                }
                String before = seen.putIfAbsent(placeholder.name(), model.model());
                if (before != null && !before.equals(model.model())) {
                    problems.accept("placeholder {" + placeholder.name() + "} holds " + before + " IDs in one pattern and "
                            + model.model() + " IDs in another; give them different names");
                    return null;
                }
            }
        }
        return new ValueMapping(alternatives);
    }

    private static ValuePattern pattern(JsonNode entry, Consumer<String> problems) {
        JsonNode text = entry.get("pattern");
        if (!entry.isObject() || text == null || !text.isTextual() || text.asText().isEmpty()) {
            problems.accept("a pattern reference must be an object with \"pattern\", like " + EXAMPLE + ", not " + entry);
            return null;
        }
        Map<String, PlaceholderTarget> targets = new LinkedHashMap<>();
        boolean valid = true;
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) entry::fields) {
            if (field.getKey().equals("pattern") || field.getKey().equals(WHEN)) {
                continue;
            }
            JsonNode target = field.getValue();
            IdentityKind identity = target.isTextual() ? IdentityKind.fromPlan(target.asText()) : null;
            if (!target.isTextual() || target.asText().isEmpty() || (target.asText().startsWith("@") && identity == null)) {
                problems.accept("pattern '" + text.asText() + "': placeholder " + field.getKey()
                        + " must name a model, like \"Orders\", or an identity (\"@sub\", \"@username\", \"@owner\", \"@identityId\"), not " + target);
                valid = false;
                continue;
            }
            targets.put(field.getKey(), identity != null ? new PlaceholderTarget.Identity(identity) : new PlaceholderTarget.Model(target.asText()));
        }
        ValuePattern pattern;
        try {
            pattern = ValuePattern.parse(text.asText(), targets);
        } catch (IllegalArgumentException e) {
            problems.accept("pattern '" + text.asText() + "' does not parse: " + e.getMessage());
            return null;
        }
        for (String name : targets.keySet()) {
            if (!pattern.names().contains(name)) {
                problems.accept("pattern '" + text.asText() + "' has no placeholder {" + name + "}"
                        + (pattern.names().isEmpty() ? "" : " (its placeholders: " + String.join(", ", pattern.names()) + ")"));
                valid = false;
            }
        }
        JsonNode when = entry.get(WHEN);
        if (when == null) {
            return valid ? pattern : null;
        }
        ValuePattern.When applies = when(when);
        if (applies == null) {
            problems.accept("pattern '" + text.asText() + "': \"when\" must name one attribute and the values it holds in the items"
                    + " the pattern applies to, like {\"resourceType\": \"REPORT\"} or {\"resourceType\": [\"REPORT\", \"Report\"]}, not "
                    + when);
            return null;
        }
        return valid ? pattern.when(applies) : null;
    }

    /** {@code {"resourceType": "REPORT"}} or {@code {"resourceType": ["REPORT", "Report"]}}; null when it is neither. */
    private static ValuePattern.When when(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return null;
        }
        Map.Entry<String, JsonNode> only = node.fields().next();
        List<String> values = new ArrayList<>();
        JsonNode given = only.getValue();
        if (given.isTextual() || given.isNumber()) {
            values.add(given.asText());
        } else if (given.isArray() && !given.isEmpty()) {
            for (JsonNode value : given) {
                if (!value.isTextual() && !value.isNumber()) {
                    return null;
                }
                values.add(value.asText());
            }
        } else {
            return null;
        }
        return only.getKey().isEmpty() ? null : new ValuePattern.When(only.getKey(), new java.util.LinkedHashSet<>(values));
    }

    /**
     * A polymorphic reference, {@code {"by": "resourceType", "models": {"EVALUATION": "Evaluation", …}}}: one whole-value
     * pattern per table, named after it, applying to the items whose {@code by} attribute holds a value that names it.
     */
    private static ValueMapping byAttribute(JsonNode node, Consumer<String> problems) {
        JsonNode by = node.get("by");
        JsonNode models = node.get("models");
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!name.equals("by") && !name.equals("models")) {
                unknown.add(name);
            }
        });
        if (!by.isTextual() || by.asText().isEmpty() || models == null || !models.isObject() || models.isEmpty() || !unknown.isEmpty()) {
            problems.accept("a reference whose table another attribute names must be {\"by\": <that attribute>, \"models\": {<its"
                    + " value>: <model>, …}}, like " + BY_EXAMPLE + (unknown.isEmpty() ? "" : "; unknown keys: " + String.join(", ", unknown)));
            return null;
        }
        Map<String, List<String>> valuesByModel = new LinkedHashMap<>();
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) models::fields) {
            JsonNode model = entry.getValue();
            if (!model.isTextual() || model.asText().isEmpty() || model.asText().startsWith("@")) {
                problems.accept("reference by " + by.asText() + ": value '" + entry.getKey() + "' must name a model, like \"Report\", not "
                        + model);
                return null;
            }
            valuesByModel.computeIfAbsent(model.asText(), m -> new ArrayList<>()).add(entry.getKey());
        }
        List<ValuePattern> alternatives = new ArrayList<>();
        valuesByModel.forEach((model, values) -> alternatives.add(wholeValue(model)
                .when(new ValuePattern.When(by.asText(), new java.util.LinkedHashSet<>(values)))));
        return new ValueMapping(alternatives);
    }

    /**
     * A reference whose table only the source says, {@code {"oneOf": ["Evaluation", "Report"]}}: one whole-value pattern
     * per table, of which the one whose table's source holds the value applies (the first for a value none holds).
     */
    private static ValueMapping byHolder(JsonNode node, Consumer<String> problems) {
        JsonNode models = node.get("oneOf");
        List<String> names = new ArrayList<>();
        boolean valid = node.size() == 1 && models.isArray() && models.size() >= 2;
        if (valid) {
            for (JsonNode model : models) {
                valid &= model.isTextual() && !model.asText().isEmpty() && !model.asText().startsWith("@")
                        && !names.contains(model.asText());
                names.add(model.asText());
            }
        }
        if (!valid) {
            problems.accept("a reference to the table whose source holds each value must be {\"oneOf\": [<model>, <model>, …]}, two"
                    + " models or more, each once, like " + ONE_OF_EXAMPLE + ", not " + node);
            return null;
        }
        return new ValueMapping(names.stream().map(ValueMappings::wholeValue).toList(), true);
    }

    /** The pattern of a whole value that is an ID of {@code model}, its placeholder named after it: {@code {Report}}. */
    private static ValuePattern wholeValue(String model) {
        String name = model.replaceAll("[^A-Za-z0-9_]", "_");
        name = Character.isDigit(name.charAt(0)) ? "_" + name : name;
        return ValuePattern.parse("{" + name + "}", Map.of(name, new PlaceholderTarget.Model(model)));
    }

    private static String describe(List<ValuePattern> alternatives) {
        return String.join(", ", alternatives.stream().map(p -> "'" + p.described() + "'").toList());
    }
}
