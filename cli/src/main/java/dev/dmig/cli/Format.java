package dev.dmig.cli;

import java.util.regex.Pattern;

/** Column layout and wording for the terminal (numbers: {@link dev.dmig.report.Numbers}). */
final class Format {
    /** A Java class name with its package: {@code java.net.URISyntaxException}, {@code dev.dmig.run.RunLock}. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)");
    /** A condition named the Java way, its name ending in "Exception". */
    private static final Pattern EXCEPTION = Pattern.compile("\\b([A-Z][A-Za-z0-9]*?)Exception\\b");

    private Format() {}

    /**
     * A message as a person reads it: a class name loses its package, and a condition its "Exception"
     * ({@code java.net.URISyntaxException: …} → {@code URISyntax: …}); null stays null. What a library says
     * reaches the terminal in its words, never in its class names.
     */
    static String plain(String message) {
        if (message == null) {
            return null;
        }
        String simple = QUALIFIED.matcher(message).replaceAll("$1");
        return EXCEPTION.matcher(simple).replaceAll("$1");
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    static String padLeft(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
