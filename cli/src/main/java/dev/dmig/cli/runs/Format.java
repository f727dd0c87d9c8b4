package dev.dmig.cli.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Column layout and wording for the terminal (numbers: {@link dev.dmig.report.Numbers}). */
public final class Format {
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
    public static String plain(String message) {
        if (message == null) {
            return null;
        }
        String simple = QUALIFIED.matcher(message).replaceAll("$1");
        return EXCEPTION.matcher(simple).replaceAll("$1");
    }

    /**
     * The longest line dmig prints for people on stderr: a longer text goes on over lines of its own (a list of
     * problems belongs on stdout, one a line).
     */
    public static final int LINE = 240;

    /**
     * {@code text} over lines of at most {@link #LINE} characters, broken at spaces outside single quotes (a quoted
     * file name stays whole; a word longer than a line is cut), each after the first beginning with {@code indent}.
     */
    public static List<String> wrap(String text, String indent) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        String prefix = "";
        while (prefix.length() + rest.length() > LINE) {
            int room = LINE - prefix.length();
            int at = breakAt(rest, room);
            if (at <= 0) {
                at = room;
            }
            lines.add(prefix + rest.substring(0, at).stripTrailing());
            rest = rest.substring(at).stripLeading();
            prefix = indent;
        }
        lines.add(prefix + rest);
        return lines;
    }

    /** The last space of {@code text} within its first {@code room} characters and outside single quotes; -1 if none. */
    private static int breakAt(String text, int room) {
        int last = -1;
        boolean quoted = false;
        for (int i = 0; i < Math.min(room + 1, text.length()); i++) {
            char c = text.charAt(i);
            if (c == '\'' && (quoted || i == 0 || text.charAt(i - 1) == ' ')) {
                // A quote opens after a space (the plan's, an apostrophe, opens nothing) and closes at the next.
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                last = i;
            }
        }
        return last;
    }

    /** {@code text} as one word of a shell command line: as it is when it needs no quotes, else in single quotes. */
    public static String shellWord(String text) {
        return text.matches("[A-Za-z0-9_./@%+=:,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    public static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    public static String padLeft(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
