package dev.dmig.feature.mask;

/**
 * The plan's {@code mask}, a masked run's settings: {@code keyFrom}, the environment variable that holds the masking key
 * ({@value #DEFAULT_KEY_FROM} unless the plan names another). A plan that masks any table, or says {@code mask} at its
 * top level, is a masked run: its personal attributes must each be masked or kept ({@link dev.dmig.PersonalAttributes}).
 */
public record MaskSettings(String keyFrom) {
    static final String DEFAULT_KEY_FROM = "DMIG_MASK_KEY";

    /** The key its variable holds in this process; refuses the run, in one line, when it holds none. */
    MaskKey key() {
        return MaskKey.from(keyFrom);
    }
}
