package dev.dmig.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The features that count what a segment's scan reads, in the order they run on each item: DataStore's rows, the
 * identities (before the item is mapped: one without a match is counted even when it is a problem), users' subs mapped
 * as record IDs, the Storage objects the item names, then, of what the run would write, expiry under the target's time
 * to live and the values of unique attributes. A new feature adds its {@link ScanCheck.Feature} here, and its
 * {@link ScanTally} to {@link #TALLIES}.
 */
final class ScanChecks {
    private static final List<ScanCheck.Feature> FEATURES = List.of(DataStoreRows::addTo, IdentityTallies::addTo,
            HashedUsers::addTo, ObjectScan::addTo, ExpiredItems::addTo, UniqueValueScan::addTo);
    /**
     * What the features count of each segment apart from the core's counts, each kept and summed by {@link SegmentScan}
     * under its name: a feature with counts of its own adds its {@link ScanTally} here.
     */
    static final List<ScanTally<?, ?>> TALLIES = List.of(DataStoreRows.TALLY, IdentityTallies.UNMATCHED_LEFT_BEHIND,
            FileTallies.TALLY, ExpiredItems.TALLY, HeldIdLookup.TALLY);

    private ScanChecks() {}

    /** The analyzer's checks: every feature's, in order. */
    static List<ScanCheck> of(ScanCheck.Parts parts) {
        List<ScanCheck> checks = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(checks, parts));
        return List.copyOf(checks);
    }
}
