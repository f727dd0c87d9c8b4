package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a plan's JSON, shared by every section's reader: what is wrong with text that is not JSON, said in words (Jackson's
 * message without its codes, internal source descriptions and class names: "Unexpected character ('}' (code 125)): was
 * expecting double-quote to start field name" → "unexpected '}': was expecting double-quote to start field name"), and the
 * checks of a field that every section makes alike, each adding its problem to the list it is given (public: a feature's
 * fields are checked alike, {@link TableField}).
 */
public final class JsonSyntax {
    private record Rewrite(Pattern pattern, String replacement) {}

    private static final String VALUE = "a value (a string in double quotes, a number, an array, an object, true, false or null)";
    private static final List<Rewrite> REWRITES = List.of(
            rewrite("\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)", "(opened at line $1, column $2)"),
            rewrite("\\(for (\\w+) starting at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)", "(for the $1 opened at line $2, column $3)"),
            rewrite("expected close marker for Object \\(opened at (line \\d+, column \\d+)\\)", "the object opened at $1 is not closed"),
            rewrite("expected close marker for Array \\(opened at (line \\d+, column \\d+)\\)", "the array opened at $1 is not closed"),
            rewrite("for the Object opened", "for the object opened"),
            rewrite("for the Array opened", "for the array opened"),
            rewrite("Trailing token .*", "more text after the end of the plan's object"),
            rewrite("Illegal unquoted character \\(\\(CTRL-CHAR, code 10\\)\\)", "a line break inside a string"),
            rewrite("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)", "a control character (code $1) inside a string"),
            rewrite("character \\('(.)' \\(code \\d+\\)\\)", "character '$1'"),
            rewrite("\\(JSON String, Number, Array, Object or token 'null', 'true' or 'false'\\)", VALUE),
            rewrite("a valid value " + Pattern.quote(VALUE), VALUE),
            rewrite("Unexpected end-of-input within/between Object entries", "the text ends inside an object"),
            rewrite("Unexpected end-of-input within/between Array entries", "the text ends inside an array"),
            rewrite("Unexpected end-of-input", "the text ends too early"),
            rewrite("Duplicate field '(.*)'", "key '$1' appears twice in the same object"),
            rewrite("`[^`]*`", ""));

    private JsonSyntax() {}

    private static Rewrite rewrite(String pattern, String replacement) {
        return new Rewrite(Pattern.compile(pattern), replacement);
    }

    /** The first line of Jackson's message, reworded. */
    static String describe(String original) {
        String text = original == null ? "unreadable" : original;
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline);
        for (Rewrite rewrite : REWRITES) {
            Matcher matcher = rewrite.pattern().matcher(text);
            text = matcher.replaceAll(rewrite.replacement());
        }
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** A name as JSON writes it: control characters escaped, so that a problem stays one line; long names cut short. */
    public static String quoted(String name) {
        return Json.text(abbreviated(name));
    }

    static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 60) + "…(" + text.length() + " characters)";
    }

    /** A key of {@code node} not in {@code known}, each a problem of the plan's or, given a {@code model}, of its table's. */
    public static void unknownKeys(JsonNode node, Set<String> known, String model, String where, List<Problem> problems) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                String message = "unknown key \"" + name + "\"" + (where == null ? "" : " in " + where)
                        + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")";
                problems.add(model == null ? Problem.plan(message) : Problem.table(model, message));
            }
        });
    }

    /** A whole number from {@code min} to {@code max}; null when it is not given or is wrong. */
    public static Integer wholeNumber(JsonNode node, String model, String field, int min, int max, List<Problem> problems) {
        if (node == null) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            String message = field + " must be a whole number from " + min + " to " + max + ", not " + node;
            problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, field, message));
            return null;
        }
        return node.asInt();
    }

    /** A boolean; {@code fallback} when it is not given or is wrong. */
    public static boolean bool(JsonNode node, String model, String field, boolean fallback, List<Problem> problems) {
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            String message = field + " must be true or false, not " + node;
            problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, field, message));
            return fallback;
        }
        return node.asBoolean();
    }
}
