package dev.dmig.identity;

import dev.dmig.PersonalValues;

/**
 * Usernames as dmig may show or store them in the open. A username that is an email address or a phone number (pools
 * where people sign in with one, or apps that made it the username) is personal data: dmig never prints it, and never
 * stores it but sealed ({@link RunSecrets}); people see its masked form ({@code j***@e***.com}, {@code +1********89})
 * and, where it must name one user, the user's sub beside it. Any other username is shown as it is. The masking is
 * {@link PersonalValues}'s, which every floor may use.
 */
public final class Usernames {
    /** What every masked form holds, and no username dmig takes in an identity map may hold. */
    static final String MASK = PersonalValues.MASK;

    private Usernames() {}

    /** Whether {@code username} is an email address or a phone number. */
    static boolean isPersonal(String username) {
        return PersonalValues.isPersonal(username);
    }

    /** {@code username} as people may see it: masked when it is an email address or a phone number, else as it is. */
    static String shown(String username) {
        return PersonalValues.shown(username);
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
