package dev.dmig.plan;

/**
 * Where a plan's identity map comes from: the two environments' user pools ({@code sourcePool}, {@code targetPool}: both
 * or neither), whose users are paired by the attribute {@code matchBy}; {@code csv}, a file of
 * {@code source_sub,target_sub[,source_username,target_username]} lines named relative to the plan file; or both, the
 * file's lines taking precedence over the pools' pairs. The value of the identity feature's section {@code identities}
 * ({@code MigrationPlan.identities()}), which the core's maps, the deployed stack's check and the CLI read; what becomes
 * of a value without a match is the feature's own.
 */
public record Identities(String csv, String matchBy, UserPoolRef sourcePool, UserPoolRef targetPool) {
    /** The attribute that says two users are the same person, unless the plan says another. */
    public static final String DEFAULT_MATCH = "email";

    /** A map from a file alone. */
    public Identities(String csv) {
        this(csv, null, null, null);
    }

    /** Whether the map is built from the two user pools. */
    public boolean fromPools() {
        return sourcePool != null && targetPool != null;
    }

    /**
     * Where a value's match is looked for, for messages: {@code users.csv}, {@code the target user pool (paired by email)},
     * or {@code the target user pool (paired by email) and users.csv}.
     */
    public String mapName() {
        String pools = "the target user pool (paired by " + matchBy + ")";
        return !fromPools() ? csv : csv == null ? pools : pools + " and " + csv;
    }

    /** What gives a user without a match one, for messages. */
    public String howToMatch() {
        return !fromPools() ? "add the user there" : csv == null ? "give the user the same " + matchBy
                + " in both pools, or pair them in an identities.csv" : "pair the user in " + csv;
    }
}
