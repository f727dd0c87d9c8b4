package dev.dmig.identity;

import java.util.regex.Pattern;

/**
 * Usernames as dmig may show or store them in the open. A username that is an email address or a phone number (pools
 * where people sign in with one, or apps that made it the username) is personal data: dmig never prints it, and never
 * stores it but sealed ({@link RunSecrets}); people see its masked form ({@code j***@e***.com}, {@code +1********89})
 * and, where it must name one user, the user's sub beside it. Any other username is shown as it is.
 */
public final class Usernames {
    /** What every masked form holds, and no username dmig takes in an identity map may hold. */
    static final String MASK = "***";
    /** An email address: something, an {@code @}, something. Loose on purpose: a false alarm only masks a name. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    /** A phone number: an optional {@code +}, then 7 to 15 digits (E.164 has at most 15), blanks, dots, dashes or brackets between. */
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d ().-]*\\d");
    private static final int MIN_PHONE_DIGITS = 7;
    private static final int MAX_PHONE_DIGITS = 15;
    /** The longest domain ending a masked email keeps ({@code .com}, {@code .co.uk}'s {@code .uk}, {@code .museum}). */
    private static final int SHOWN_ENDING = 7;

    private Usernames() {}

    /** Whether {@code username} is an email address or a phone number. */
    static boolean isPersonal(String username) {
        if (username == null) {
            return false;
        }
        if (EMAIL.matcher(username).matches()) {
            return true;
        }
        if (!PHONE.matcher(username).matches()) {
            return false;
        }
        long digits = username.chars().filter(Character::isDigit).count();
        return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS;
    }

    /** {@code username} as people may see it: masked when it is an email address or a phone number, else as it is. */
    static String shown(String username) {
        if (!isPersonal(username)) {
            return username;
        }
        int at = username.lastIndexOf('@');
        if (at > 0) {
            String domain = username.substring(at + 1);
            int dot = domain.lastIndexOf('.');
            String ending = dot > 0 && domain.length() - dot <= SHOWN_ENDING ? domain.substring(dot) : "";
            return username.charAt(0) + MASK + "@" + domain.charAt(0) + MASK + ending;
        }
        String digits = username.replaceAll("\\D", "");
        String first = (username.startsWith("+") ? "+" : "") + digits.charAt(0);
        return first + "*".repeat(digits.length() - 3) + digits.substring(digits.length() - 2);
    }

    /** A user named for people: the username, or for an email or phone number its masked form and the sub beside it. */
    static String label(String username, String sub) {
        if (!isPersonal(username)) {
            return username;
        }
        return shown(username) + (sub == null ? "" : " (sub " + sub + ")");
    }

    /**
     * An identity value as messages and examples may show it: an owner's username part ({@code <sub>::<username>}), or a
     * username alone, masked when it is an email or phone number; a sub or an identity ID as it is.
     */
    public static String shownValue(String value) {
        if (value == null) {
            return null;
        }
        int split = value.indexOf("::");
        return split < 0 ? shown(value) : value.substring(0, split + 2) + shown(value.substring(split + 2));
    }

    /** Whether {@code value} is a masked form (which dmig prints in place of a username, and never takes for one). */
    static boolean isMasked(String value) {
        return value != null && value.contains(MASK);
    }
}
