package dev.dmig.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A pool's user as a run keeps them while it pairs users: username, sub, and a 128-bit hash of the value of the
 * attribute users are paired by ({@code key}; null when the user has none). The value itself (an email, a phone
 * number) never leaves the pool: two users match when their hashes do.
 */
record ListedUser(String username, String sub, String key) {

    /** {@code user}, keyed by {@code matchBy}: an email compared without regard to case or surrounding blanks. */
    public static ListedUser of(PoolUser user, String matchBy) {
        String value = user.attribute(matchBy);
        if (value != null && matchBy.equals("email")) {
            value = value.strip().toLowerCase(Locale.ROOT);
        }
        return new ListedUser(user.username(), user.sub(), value == null || value.isEmpty() ? null : hash(value));
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
