package dev.dmig;

import java.util.regex.Pattern;

/**
 * Values that name a person, as dmig may show them. An email address or a phone number is personal data: messages,
 * artifacts and histories show its masked form ({@code j***@e***.com}, {@code +1********89}), never the value. The
 * identity maps mask usernames so ({@code dev.dmig.identity.Usernames}); a natural key a table's {@code match} pairs
 * records by is masked whatever its form ({@link #masked}), since it says who a record is by definition.
 */
public final class PersonalValues {
    /** What every masked form holds. */
    public static final String MASK = "***";
    /** An email address: something, an {@code @}, something. Loose on purpose: a false alarm only masks a name. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    /** A phone number: an optional {@code +}, then 7 to 15 digits (E.164 has at most 15), blanks, dots, dashes or brackets between. */
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d ().-]*\\d");
    private static final int MIN_PHONE_DIGITS = 7;
    private static final int MAX_PHONE_DIGITS = 15;
    /** The longest domain ending a masked email keeps ({@code .com}, {@code .co.uk}'s {@code .uk}, {@code .museum}). */
    private static final int SHOWN_ENDING = 7;

    private PersonalValues() {}

    /** Whether {@code value} is an email address or a phone number. */
    public static boolean isPersonal(String value) {
        if (value == null) {
            return false;
        }
        if (EMAIL.matcher(value).matches()) {
            return true;
        }
        if (!PHONE.matcher(value).matches()) {
            return false;
        }
        long digits = value.chars().filter(Character::isDigit).count();
        return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS;
    }

    /** {@code value} as people may see it: masked when it is an email address or a phone number, else as it is. */
    public static String shown(String value) {
        if (!isPersonal(value)) {
            return value;
        }
        int at = value.lastIndexOf('@');
        if (at > 0) {
            String domain = value.substring(at + 1);
            int dot = domain.lastIndexOf('.');
            String ending = dot > 0 && domain.length() - dot <= SHOWN_ENDING ? domain.substring(dot) : "";
            return value.charAt(0) + MASK + "@" + domain.charAt(0) + MASK + ending;
        }
        String digits = value.replaceAll("\\D", "");
        String first = (value.startsWith("+") ? "+" : "") + digits.charAt(0);
        return first + "*".repeat(digits.length() - 3) + digits.substring(digits.length() - 2);
    }

    /**
     * {@code value} masked whatever it is: an email address or a phone number as {@link #shown} masks it, anything else
     * its first character and the mask ({@code alice} → {@code a***}; one character or none, the mask alone). For values
     * that say who a record is (a natural key), which no message may quote.
     */
    public static String masked(String value) {
        if (isPersonal(value)) {
            return shown(value);
        }
        return value == null || value.codePointCount(0, value.length()) <= 1 ? MASK
                : new String(Character.toChars(value.codePointAt(0))) + MASK;
    }
}
