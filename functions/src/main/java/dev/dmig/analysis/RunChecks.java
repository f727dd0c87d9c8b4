package dev.dmig.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that add to an Analyze call as a whole, in the order they run: every feature's ({@code dev.dmig.Feature}:
 * following's gate on the streams' retention, the Storage buckets and the objects already at the mapped
 * keys, the run's identity map, built from the user pools or read; the DataStore rows a reset would reach in a table its rows
 * say does not sync, the records a {@code match} pairs with the target's, after the identity map, which their mapping
 * uses), then the tables a reference to the table whose source holds each value must look its values up in.
 */
final class RunChecks {
    private static final List<RunCheck.Feature> FEATURES = java.util.stream.Stream.concat(
            dev.dmig.Features.at(RunCheck.Feature.class).stream(), java.util.stream.Stream.<RunCheck.Feature>of(HeldIdCheck::addTo))
            .toList();

    private RunChecks() {}

    /** The call's checks: every feature's, in order. */
    static List<RunCheck> of(RunCheck.Parts parts) {
        List<RunCheck> checks = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(checks, parts));
        return List.copyOf(checks);
    }
}
