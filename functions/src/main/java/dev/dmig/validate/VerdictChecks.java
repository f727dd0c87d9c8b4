package dev.dmig.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that check a run as a whole when the validation gives its verdict, in the order their failures are
 * listed: every feature's ({@code dev.dmig.Feature}: what following deleted found there again, a {@code match}'s
 * natural keys held twice), which adds its {@link VerdictCheck.Feature} in its own folder.
 */
final class VerdictChecks {
    private static final List<VerdictCheck.Feature> FEATURES = dev.dmig.Features.at(VerdictCheck.Feature.class);

    private VerdictChecks() {}

    /** The call's checks: every feature's, in order. */
    static List<VerdictCheck> of(VerdictCheck.Parts parts) {
        List<VerdictCheck> checks = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(checks, parts));
        return List.copyOf(checks);
    }
}
