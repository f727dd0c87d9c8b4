package dev.dmig;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ServiceLoader;

/**
 * Which features this build has: a test of the core or of one feature whose fixture uses another feature (a plan's
 * {@code identities}, a DataStore row) runs only where the build has it, so that a feature's folder and its line in the
 * feature list can be taken out and the rest still passes.
 */
public final class TestFeatures {
    private TestFeatures() {}

    /** Skips the test unless the build lists the feature whose class is named {@code simpleName} ({@code IdentityFeature}). */
    public static void assumeHas(String simpleName) {
        assumeTrue(has(simpleName), "this build of dmig has no " + simpleName);
    }

    /** Whether the build lists the feature whose class is named {@code simpleName}: a part of a core test that checks its say. */
    public static boolean has(String simpleName) {
        return ServiceLoader.load(Feature.class).stream().anyMatch(feature -> feature.type().getSimpleName().equals(simpleName));
    }
}
