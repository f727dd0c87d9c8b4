package dev.dmig.identity;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A pool's user as a run keeps them while it pairs users: username, sub, and the match key of the value of the
 * attribute users are paired by ({@code key}: its HMAC under the run's match secret, {@link RunSecrets#matchKey}; null
 * when the user has none). The value itself (an email, a phone number) never leaves the pool: two users match when
 * their keys do, and a key says nothing of its value without the secret, which goes when the map is frozen.
 */
record ListedUser(String username, String sub, String key) {

    /** {@code user}, keyed by {@code matchBy}: an email compared without regard to case or surrounding blanks. */
    public static ListedUser of(PoolUser user, String matchBy, RunSecrets secrets) {
        return of(user, matchBy, secrets::matchKey);
    }

    /** {@code user}, keyed by {@code matchBy} as {@code key} makes a key of the value (compared as above). */
    static ListedUser of(PoolUser user, String matchBy, UnaryOperator<String> key) {
        String value = user.attribute(matchBy);
        if (value != null && matchBy.equals("email")) {
            value = value.strip().toLowerCase(Locale.ROOT);
        }
        return new ListedUser(user.username(), user.sub(), value == null || value.isEmpty() ? null : key.apply(value));
    }

    /** This user as people may be shown them: by username, or by its masked form and their sub ({@link Usernames#label}). */
    String label() {
        return Usernames.label(username, sub);
    }
}
