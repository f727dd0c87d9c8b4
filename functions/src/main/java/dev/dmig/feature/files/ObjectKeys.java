package dev.dmig.feature.files;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object keys dmig neither reads nor writes, and why: keys that S3, its SDKs or a proxy between them may not take as
 * written (a {@code .} or {@code ..} path segment, a leading {@code /}, an encoded {@code .} or {@code /}) or that do not
 * travel intact in requests, listings and one-line messages (control characters). Analysis reports each as a data
 * problem of its item; the copy refuses it likewise.
 */
final class ObjectKeys {
    private static final Pattern ENCODED = Pattern.compile("%2[eEfF]");
    private static final int SHOWN = 80;

    private ObjectKeys() {}

    /** Why {@code key} is refused, as "'key' ...", or empty when it is not. */
    static Optional<String> refusal(String key) {
        String shown = "'" + printable(key) + "' ";
        if (key.startsWith("/")) {
            return Optional.of(shown + "starts with '/', which S3 clients may drop or double");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of(shown + "has a '" + segment + "' path segment, which HTTP clients resolve away, reaching another key");
            }
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(shown + "holds the control character " + codePoint(c) + ", which S3's requests and listings do "
                        + "not carry intact");
            }
        }
        Matcher encoded = ENCODED.matcher(key);
        if (encoded.find()) {
            String decoded = encoded.group().toLowerCase(Locale.ROOT).equals("%2e") ? "." : "/";
            return Optional.of(shown + "holds '" + encoded.group() + "', an encoded '" + decoded + "', which a client or proxy may "
                    + "decode into another key");
        }
        return Optional.empty();
    }

    /**
     * Why a file value is refused: its object's key in the source bucket ({@code sourceKey}), else the key it is copied to
     * ({@code targetKey}); each with the fix. Empty when both keys are fine.
     */
    static Optional<String> refusal(String sourceKey, String targetKey) {
        return refusal(sourceKey).map(why -> "object key " + why + ": rename the object and fix the record")
                .or(() -> refusal(targetKey).map(why -> "the object key it maps to, " + why + ": fix the record or the file "
                        + "reference's pattern"));
    }

    /** {@code key} as one line may show it: control characters as {@code U+XXXX}, at most 80 characters. */
    static String printable(String key) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            shown.append(c < 0x20 || c == 0x7f ? codePoint(c) : String.valueOf(c));
        }
        return shown.length() <= SHOWN ? shown.toString() : shown.substring(0, SHOWN - 3) + "...";
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
