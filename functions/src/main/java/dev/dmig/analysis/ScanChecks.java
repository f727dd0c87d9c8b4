package dev.dmig.analysis;

import dev.dmig.Features;
import java.util.stream.Stream;

import java.util.ArrayList;
import java.util.List;

/**
 * What counts what a segment's scan reads, in the order it runs on each item: every feature's ({@code dev.dmig.Feature}:
 * the Storage objects the item names, users' subs mapped as record IDs and the identities' values, DataStore's rows),
 * then, of what the run would write, expiry under the target's time to live and the values of unique attributes. A feature's counts of its own are its
 * {@link ScanTally}, which it adds beside its {@link ScanCheck.Feature}.
 */
final class ScanChecks {
    private static final List<ScanCheck.Feature> FEATURES = Stream.concat(Features.at(ScanCheck.Feature.class).stream(),
            Stream.<ScanCheck.Feature>of(ExpiredItems::addTo, UniqueValueScan::addTo)).toList();
    /** What the core's checks count of each segment apart from the core's counts, each a field of a table's analysis. */
    static final List<ScanTally<?, ?>> CORE_TALLIES = List.of(ExpiredItems.TALLY, HeldIdLookup.TALLY);
    /** What the features count, each a section of a table's analysis under its name ({@link TableAnalysis#section}). */
    static final List<ScanTally<?, ?>> FEATURE_TALLIES = Features.at(ScanTally.class).stream()
            .<ScanTally<?, ?>>map(tally -> tally).toList();
    /** Every tally, each kept and summed by {@link SegmentScan} under its name. */
    static final List<ScanTally<?, ?>> TALLIES = Stream.<ScanTally<?, ?>>concat(FEATURE_TALLIES.stream(), CORE_TALLIES.stream())
            .toList();

    private ScanChecks() {}

    /** The analyzer's checks: every feature's, in order. */
    static List<ScanCheck> of(ScanCheck.Parts parts) {
        List<ScanCheck> checks = new ArrayList<>();
        FEATURES.forEach(feature -> feature.addTo(checks, parts));
        return List.copyOf(checks);
    }
}
