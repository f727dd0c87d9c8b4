package dev.dmig.infer;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * What an ID looks like. Generated IDs (UUIDs, ULIDs, nanoids, hex digests, sequence numbers) can
 * be replaced by new ones; names ({@code stripe.secretKey}) are usually looked up by code and are
 * better kept. Opaque IDs are also too random to coincide by chance, so fewer of them make a
 * reference believable.
 */
final class IdShape {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** An identity pool's ID of a user: {@code <region>:<uuid>}, as Amplify Storage puts it in {@code protected/} keys. */
    private static final Pattern IDENTITY_ID = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}:" + UUID.pattern());
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** Six lower-case letters in a row read as a word; random tokens rarely have them. */
    private static final Pattern WORD = Pattern.compile("[a-z]{6}");

    private IdShape() {}

    /** A UUID in its usual text form (a Cognito user's sub is one). */
    static boolean uuid(String value) {
        return UUID.matcher(value).matches();
    }

    /** A user's identity-pool ID, {@code us-east-1:<uuid>}. */
    static boolean identityId(String value) {
        return IDENTITY_ID.matcher(value).matches();
    }

    /** A UUID, or a token of 16+ letters, digits, '-' and '_' with both letters and digits and no word in it. */
    static boolean opaque(String value) {
        if (UUID.matcher(value).matches()) {
            return true;
        }
        return TOKEN.matcher(value).matches() && value.chars().anyMatch(Character::isDigit)
                && value.chars().anyMatch(Character::isLetter) && !WORD.matcher(value).find();
    }

    /** Opaque, or a number kept as a string (a sequence). */
    static boolean generated(String value) {
        return opaque(value) || DIGITS.matcher(value).matches();
    }

    static double opaqueShare(Collection<String> values) {
        return values.isEmpty() ? 0 : (double) values.stream().filter(IdShape::opaque).count() / values.size();
    }

    static double generatedShare(Collection<String> values) {
        return values.isEmpty() ? 0 : (double) values.stream().filter(IdShape::generated).count() / values.size();
    }

    /**
     * A coarse signature: length, which of lower case, upper case and digits occur, and where the
     * other characters stand. Every UUID has the same one; it decides which tables are worth asking.
     */
    static String signature(String value) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        StringBuilder punctuation = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                punctuation.append(i).append(c);
            }
        }
        return value.length() + (lower ? "a" : "") + (upper ? "A" : "") + (digit ? "9" : "") + "|" + punctuation;
    }
}
