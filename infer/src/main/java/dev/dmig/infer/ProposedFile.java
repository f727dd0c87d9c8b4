package dev.dmig.infer;

/**
 * A proposed file reference, as the plan's {@code files} writes it.
 *
 * @param format {@code key}, {@code s3url} or {@code url}
 * @param prefix for {@code key}: what the bucket's keys add before the values ({@code public/}); empty for none
 */
record ProposedFile(String format, String prefix) {
    /** For people: {@code keys under public/}, {@code s3:// URLs}. */
    public String shown() {
        return switch (format) {
            case "s3url" -> "s3:// URLs";
            case "url" -> "URLs";
            default -> prefix.isEmpty() ? "keys" : "keys under " + prefix;
        };
    }
}
