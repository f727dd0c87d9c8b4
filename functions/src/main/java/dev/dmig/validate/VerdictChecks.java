package dev.dmig.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that check a run as a whole when the validation gives its verdict, in the order their failures are
 * listed: what following deleted found there again, then every feature's ({@code dev.dmig.Feature}: a {@code match}'s
 * natural keys held twice), which adds its {@link VerdictCheck.Feature} in its own folder.
 */
final class VerdictChecks {
    private static final List<VerdictCheck.Feature> FEATURES = java.util.stream.Stream.concat(
            java.util.stream.Stream.<VerdictCheck.Feature>of(RemovedItems::addTo),
            dev.dmig.Features.at(VerdictCheck.Feature.class).stream()).toList();

    private VerdictChecks() {}

    /** The call's checks: every feature's, in order. */
    static List<VerdictCheck> of(VerdictCheck.Parts parts) {
        List<VerdictCheck> checks = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(checks, parts));
        return List.copyOf(checks);
    }
}
