package dev.dmig.feature.mask;

import dev.dmig.plan.Identities;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.UnmatchedFix;
import java.util.Optional;

/**
 * The plan's {@code mask}, a masked run's settings: {@code keyFrom}, the environment variable that holds the masking key
 * ({@value #DEFAULT_KEY_FROM} unless the plan names another). A plan that masks any table, or says {@code mask} at its
 * top level, is a masked run: its personal attributes must each be masked or kept ({@link dev.dmig.PersonalAttributes}).
 */
public record MaskSettings(String keyFrom) implements UnmatchedFix {
    static final String DEFAULT_KEY_FROM = "DMIG_MASK_KEY";

    /**
     * A masked run with user pools cannot pair an identity-pool ID: its users are the masked ones it puts in the target's
     * pool, who have none until they first sign in (the map's file pairs the real users'), so the fix is to keep or remove
     * such values.
     */
    @Override
    public Optional<String> fix(IdentityKind kind, Identities identities, String model) {
        if (kind != IdentityKind.IDENTITY_ID || identities == null || !identities.fromPools()) {
            return Optional.empty();
        }
        return Optional.of("a masked user has no identity-pool ID to pair until they first sign in; keep or remove such values"
                + " with identities.onUnmatched (\"keep\" or \"remove\"), or with table " + model + "'s onUnmatched");
    }

    /** The key its variable holds in this process; refuses the run, in one line, when it holds none. */
    MaskKey key() {
        return MaskKey.from(keyFrom);
    }
}
