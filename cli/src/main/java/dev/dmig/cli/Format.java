package dev.dmig.cli;

/** Column layout for the terminal (numbers: {@link dev.dmig.report.Numbers}). */
final class Format {
    private Format() {}

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    static String padLeft(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
