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
 * such alternatives, reporting each thing wrong with it in one line.
 */
final class ValueMappings {
    static final String EXAMPLE = "{\"pattern\": \"ORDER#{id}\", \"id\": \"Orders\"}";

    private ValueMappings() {}

    /** The mapping {@code node} describes, or null after reporting to {@code problems} why it is none. */
    static ValueMapping read(JsonNode node, Consumer<String> problems) {
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
            if (field.getKey().equals("pattern")) {
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
        return valid ? pattern : null;
    }

    private static String describe(List<ValuePattern> alternatives) {
        return String.join(", ", alternatives.stream().map(p -> "'" + p.text() + "'").toList());
    }
}
