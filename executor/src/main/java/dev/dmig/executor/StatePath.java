package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Reference Path: a JSONPath that names exactly one node using only {@code .name},
 * {@code ['name']} and {@code [index]} steps. ASL requires one wherever a path is written to
 * ({@code ResultPath}) or must yield a single value ({@code Variable}, {@code ItemsPath}, ...).
 */
record StatePath(String text, boolean context, List<Object> steps) {

    /** Throws {@link IllegalArgumentException} with a reason when the text is not a reference path. */
    static StatePath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("'" + text + "' is not a reference path: it must start with '$'");
        }
        boolean context = text.startsWith("$$");
        int i = context ? 2 : 1;
        List<Object> steps = new ArrayList<>();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                String name = text.substring(i + 1, end);
                if (name.isEmpty() || name.equals("*") || name.endsWith(")")) {
                    throw notReference(text);
                }
                steps.add(name);
                i = end;
            } else if (c == '[') {
                int close = bracketEnd(text, i);
                String inside = text.substring(i + 1, close).trim();
                if (inside.length() >= 2 && ((inside.startsWith("'") && inside.endsWith("'"))
                        || (inside.startsWith("\"") && inside.endsWith("\"")))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else if (inside.matches("\\d+")) {
                    steps.add(Integer.valueOf(inside));
                } else {
                    throw notReference(text);
                }
                i = close + 1;
            } else {
                throw notReference(text);
            }
        }
        return new StatePath(text, context, List.copyOf(steps));
    }

    private static int bracketEnd(String text, int open) {
        Character quote = null;
        for (int j = open + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (quote != null) {
                if (c == quote) {
                    quote = null;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ']') {
                return j;
            }
        }
        throw notReference(text);
    }

    private static IllegalArgumentException notReference(String text) {
        return new IllegalArgumentException("'" + text
                + "' is not a reference path: only '.name', ['name'] and [index] steps may follow '$'");
    }

    boolean hasIndexStep() {
        return steps.stream().anyMatch(Integer.class::isInstance);
    }

    /**
     * Writes {@code value} into a copy of {@code input} at this path, creating missing intermediate
     * objects as Step Functions does. Only field steps are supported (checked at parse time).
     */
    JsonNode writeInto(JsonNode input, JsonNode value) {
        if (steps.isEmpty()) {
            return value;
        }
        if (!input.isObject()) {
            throw cannotApply(input);
        }
        ObjectNode root = ((ObjectNode) input).deepCopy();
        ObjectNode current = root;
        for (int s = 0; s < steps.size() - 1; s++) {
            String name = (String) steps.get(s);
            JsonNode child = current.get(name);
            if (child == null) {
                current = current.putObject(name);
            } else if (child.isObject()) {
                current = (ObjectNode) child;
            } else {
                throw cannotApply(input);
            }
        }
        current.set((String) steps.get(steps.size() - 1), value);
        return root;
    }

    private StateFailure cannotApply(JsonNode input) {
        return new StateFailure(StateFailure.RESULT_PATH_MATCH_FAILURE,
                "Unable to apply ResultPath \"" + text + "\" to input \"" + JsonValues.write(input) + "\"");
    }
}
