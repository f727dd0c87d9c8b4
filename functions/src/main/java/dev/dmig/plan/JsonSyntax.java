package dev.dmig.plan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with text that is not JSON, said in words: Jackson's message for it without its codes, internal
 * source descriptions and class names ("Unexpected character ('}' (code 125)): was expecting double-quote to start
 * field name" → "unexpected '}': was expecting double-quote to start field name").
 */
final class JsonSyntax {
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
}
