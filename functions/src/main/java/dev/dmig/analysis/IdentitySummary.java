package dev.dmig.analysis;

import dev.dmig.identity.PoolPairing;

/**
 * The run's identity map and what it did: the file it came from and its users (one pair each), or, built from the
 * two user pools, how ({@code pools}); what happens to a value without a match ({@code onUnmatched}), and the identity
 * values found in the source, and of them those without a match.
 */
public record IdentitySummary(String csv, int users, String onUnmatched, long values, long unmatched, PoolPairing pools) {

    /** A map given as a file. */
    public IdentitySummary(String csv, int users, String onUnmatched, long values, long unmatched) {
        this(csv, users, onUnmatched, values, unmatched, null);
    }

    /**
     * One line for people: {@code 12 users in identities.csv; 4,417 identity values, 1 without a match (onUnmatched:
     * refuse)}, or, from the pools, how their users were paired in place of the file.
     */
    public String describe() {
        String map = pools != null ? pools.describe() : users + (users == 1 ? " user" : " users") + " in " + csv;
        return map + "; " + count(values) + " identity values, "
                + (unmatched == 0 ? "every one matched" : count(unmatched) + " without a match (onUnmatched: " + onUnmatched + ")");
    }

    private static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
