package dev.dmig.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Escaping and the report's own formats for the HTML report. Every string that reaches the page passes
 * {@link #escape}: table names, keys, paths and messages are user data.
 */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {}

    /** Safe in element content and in quoted attribute values, in HTML and in inline SVG. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                // Control characters are not allowed in HTML text and would break the SVG's XML.
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** The report shows sub-second steps to the hundredth; longer ones as everywhere else. */
    static String seconds(double seconds) {
        return seconds < 1 ? String.format(Locale.ROOT, "%.2f s", seconds) : Numbers.seconds(seconds);
    }

    /** A width for inline styles: numbers only, never user data. */
    static String width(double part, double whole) {
        double pct = whole <= 0 ? 0 : Math.max(0, Math.min(100, part * 100 / whole));
        return String.format(Locale.ROOT, "%.2f%%", pct);
    }

    static String time(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            return TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    static String plural(long n, String one, String many) {
        return Numbers.count(n) + " " + (n == 1 ? one : many);
    }

    /** A titled list of lines, omitted when there are none. */
    static void list(StringBuilder page, String title, List<String> lines, String kind) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        page.append("<h3>").append(title).append("</h3><ul class=\"plain ").append(kind).append("\">");
        lines.forEach(l -> page.append("<li>").append(Html.escape(l)).append("</li>"));
        page.append("</ul>");
    }
}
