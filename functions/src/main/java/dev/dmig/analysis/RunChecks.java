package dev.dmig.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that add to an Analyze call as a whole, in the order they run: the run's identity map (built from the
 * user pools or read), the Storage buckets and the objects already at the mapped keys, the records a {@code match}
 * pairs with the target's (after the identity map, which their mapping uses), following's gate on the streams'
 * retention, then the DataStore rows a reset would reach in a table its rows say does not sync, then the tables a
 * reference to the table whose source holds each value must look its values up in. A new feature adds its {@link RunCheck.Feature} here.
 */
final class RunChecks {
    private static final List<RunCheck.Feature> FEATURES = List.of(IdentityMapCheck::addTo, StorageCheck::addTo,
            MatchCheck::addTo, FollowCheck::addTo, DataStoreSyncCheck::addTo, HeldIdCheck::addTo);

    private RunChecks() {}

    /** The call's checks: every feature's, in order. */
    static List<RunCheck> of(RunCheck.Parts parts) {
        List<RunCheck> checks = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(checks, parts));
        return List.copyOf(checks);
    }
}
