package dev.dmig.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that check a run as a whole when the validation gives its verdict, in the order their failures are
 * listed: a {@code match}'s natural keys held twice, then what following deleted found there again. A new feature adds
 * its {@link VerdictCheck.Feature} here.
 */
final class VerdictChecks {
    private static final List<VerdictCheck.Feature> FEATURES = List.of(NaturalKeys::addTo, RemovedItems::addTo);

    private VerdictChecks() {}

    /** The call's checks: every feature's, in order. */
    static List<VerdictCheck> of(VerdictCheck.Parts parts) {
        List<VerdictCheck> checks = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(checks, parts));
        return List.copyOf(checks);
    }
}
