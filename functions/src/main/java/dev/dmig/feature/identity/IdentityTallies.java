package dev.dmig.feature.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.dmig.analysis.CountedKeys;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.identity.IdentityMap;
import dev.dmig.identity.Usernames;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Counts each identity reference's values and those without a match in the run's identity map, and the items left
 * behind for an identity without a match ({@code onUnmatched: drop}). Two tallies, each a section of the table's
 * analysis under the key it always had: {@code identities} (a list, one entry per identity reference of the plan) and
 * {@code unmatchedLeftBehind} (none when no item was left behind).
 */
final class IdentityTallies implements ScanCheck {
    /** The identity references' counts, summed into the table's {@code identities}: every reference its plan names. */
    static final ScanTally<References, IdentityAnalysis[]> REFERENCES = new ScanTally<>("identities", References.class,
            References::new, References::add, IdentityAnalysis[].class, (references, table) -> references.section(table.plan()));
    /** The items left behind for an identity without a match, summed into the table's; none when there is none. */
    static final ScanTally<CountedKeys, TableAnalysis.LeftBehind> UNMATCHED_LEFT_BEHIND = new ScanTally<>(
            "unmatchedLeftBehind", CountedKeys.class, CountedKeys::new, CountedKeys::add, TableAnalysis.LeftBehind.class,
            (left, table) -> left.items == 0 ? null : new TableAnalysis.LeftBehind(left.items, left.examples));

    private final IdentityWalk identities;
    private final IdentityMap map;

    /** How the examples name a source item ({@link ItemTransformer#shownKey}). */
    private final ItemTransformer transformer;

    private IdentityTallies(ItemTransformer transformer, IdentityMap map) {
        this.transformer = transformer;
        this.identities = IdentityWalk.of(transformer);
        this.map = map;
    }

    /** Every plan: a table without identity references gives none to count. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        checks.add(new IdentityTallies(parts.transformer(), parts.users()));
    }

    /** A table's identity references, as its analysis has them; none in an analysis of a version that had none. */
    static List<IdentityAnalysis> of(TableAnalysis table) {
        IdentityAnalysis[] identities = table.section(REFERENCES.name(), REFERENCES.sectionType());
        return identities == null ? List.of() : List.of(identities);
    }

    /** A table's items left behind for an identity without a match; null when there is none. */
    static TableAnalysis.LeftBehind leftBehind(TableAnalysis table) {
        return table.section(UNMATCHED_LEFT_BEHIND.name(), UNMATCHED_LEFT_BEHIND.sectionType());
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        return new Page() {
            @Override
            public void notCopied(Map<String, AttributeValue> source) {
                if (identities.leftBehindUnmatched(scan.model, source)) {
                    String itemKey = transformer.shownKey(scan.model, pair.source().keyOf(source), null);
                    tally(scan, source, itemKey);
                    scan.tally(UNMATCHED_LEFT_BEHIND).count(itemKey);
                }
            }

            @Override
            public void mapping(Map<String, AttributeValue> source, String itemKey) {
                // Counted before the item is mapped: under refuse, one without a match is a problem, and still counted.
                tally(scan, source, itemKey);
            }
        };
    }

    private void tally(SegmentScan scan, Map<String, AttributeValue> source, String itemKey) {
        identities.forEach(scan.model, source, (path, kind, value, matched) -> scan.tally(REFERENCES).of(path)
                .add(itemKey, value, matched, !matched && map != null && map.namesTarget(kind, value)));
    }

    /**
     * Per identity reference, by the path analysis reports it under: its counts. Stored as the map of paths alone, as a
     * part kept them in a field of its own ({@code identities}) before they were a tally.
     */
    public static final class References {
        private final Map<String, Reference> byPath;

        public References() {
            this(new LinkedHashMap<>());
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        References(Map<String, Reference> byPath) {
            this.byPath = new LinkedHashMap<>(byPath);
        }

        @JsonValue
        Map<String, Reference> byPath() {
            return byPath;
        }

        Reference of(String path) {
            return byPath.computeIfAbsent(path, p -> new Reference());
        }

        void add(References other) {
            other.byPath.forEach((path, reference) -> of(path).add(reference));
        }

        /** The table's section: every identity reference its plan names, in its order, 0 where none was read. */
        IdentityAnalysis[] section(TablePlan table) {
            List<IdentityAnalysis> identities = new ArrayList<>();
            table.identityReferences().forEach((path, kind) -> {
                Reference tally = byPath.getOrDefault(path, new Reference());
                identities.add(new IdentityAnalysis(path, kind.planName(), tally.values, tally.unmatched, tally.unmatchedExamples,
                        tally.namingTargets));
            });
            return identities.toArray(IdentityAnalysis[]::new);
        }
    }

    /** Counts for one identity reference. */
    public static final class Reference {
        public long values;
        public long unmatched;
        public List<OrphanExample> unmatchedExamples = new ArrayList<>();
        /** Of {@link #unmatched}, the values that name a target user of the map: a file whose columns are swapped. */
        public long namingTargets;

        void add(String item, String value, boolean matched, boolean namesTarget) {
            values++;
            if (!matched) {
                unmatched++;
                namingTargets += namesTarget ? 1 : 0;
                if (unmatchedExamples.size() < SegmentScan.EXAMPLES) {
                    // An owner's username that is an email or phone number is kept masked, as it is shown.
                    unmatchedExamples.add(new OrphanExample(item, Usernames.shownValue(value)));
                }
            }
        }

        void add(Reference other) {
            values += other.values;
            unmatched += other.unmatched;
            namingTargets += other.namingTargets;
            other.unmatchedExamples.stream().limit(SegmentScan.EXAMPLES - unmatchedExamples.size()).forEach(unmatchedExamples::add);
        }
    }
}
