package dev.dmig.feature.mask;

import dev.dmig.PersonalAttributes;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a masked run's analysis counts of each table: the values its rules mask, per kind (never the values), and its
 * undecided attribute paths, top-level or inside maps and lists ({@link UndecidedPaths}), those whose name or values say
 * they are personal ({@link PersonalAttributes}, whose classification {@code dmig infer --mask} proposes by too) that the
 * plan neither masks nor keeps (nor maps as an ID or a reference, nor removes or sets; a key attribute is not decided by
 * being one), which {@link MaskCheck} refuses; and, a problem refusing the run before any write, a record whose masked
 * attribute would still hold its source value ({@link Unmasked}).
 */
final class MaskedValues implements ScanCheck {
    /** How many undecided attribute paths a table names, at most. */
    static final int UNDECIDED = 50;
    /** A table's masked values and undecided attributes, summed into its {@link MaskedAnalysis}; none when it has neither. */
    static final ScanTally<Tally, MaskedAnalysis> TALLY = new ScanTally<>(MaskedAnalysis.SECTION, Tally.class, Tally::new,
            Tally::add, MaskedAnalysis.class, (tally, table) -> tally.values.isEmpty() && tally.undecided.isEmpty() ? null
                    : new MaskedAnalysis(tally.values, tally.undecided));

    private final MigrationPlan plan;

    private MaskedValues(MigrationPlan plan) {
        this.plan = plan;
    }

    /** A masked run's. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        if (parts.plan().section(MaskSettings.class) != null) {
            checks.add(new MaskedValues(parts.plan()));
        }
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        TablePlan table = plan.table(pair.model());
        TableMask mask = table.feature(TableMask.class);
        UndecidedPaths undecided = UndecidedPaths.of(table);
        List<MaskRule> rules = mask == null ? List.of() : mask.masking();
        List<MaskRule> composites = mask == null ? List.of() : mask.composites();
        return new Page() {
            @Override
            public void read(Map<String, AttributeValue> source) {
                undecided.read(source, scan.tally(TALLY).undecided);
            }

            @Override
            public void mapped(Map<String, AttributeValue> source, Map<String, AttributeValue> target, String itemKey) {
                for (MaskRule rule : rules) {
                    if (Unmasked.count(rule, source, target) > 0) {
                        scan.problem(new Problem(pair.model(), rule.path().text(), itemKey, "the masked value is the source's"
                                + " (mask " + rule.kind().planName() + "); mask it as another kind, or \"remove\" it"));
                    }
                }
                for (MaskRule rule : composites) {
                    if (rule.parts().unmasked(rule.path(), source, target) > 0) {
                        scan.problem(new Problem(pair.model(), rule.path().text(), itemKey, "the masked value is the source's"
                                + " (its mask's patterns " + rule.parts().describe() + "); mask its parts as other kinds"));
                    }
                }
            }

            @Override
            public void accepted(Map<String, AttributeValue> source, Map<String, AttributeValue> target) {
                for (MaskRule rule : rules) {
                    int values = MaskWalk.values(source, rule.path()).size();
                    if (values > 0) {
                        scan.tally(TALLY).values.merge(rule.kind().planName(), (long) values, Long::sum);
                    }
                }
                for (MaskRule rule : composites) {
                    // Each masked part of a composite value counts as a value of its kind.
                    MaskWalk.values(source, rule.path()).stream().filter(value -> value.s() != null)
                            .flatMap(value -> rule.parts().kinds(value.s()).stream())
                            .forEach(kind -> scan.tally(TALLY).values.merge(kind.planName(), 1L, Long::sum));
                }
            }
        };
    }

    /** A segment's masked values by kind, and its undecided attributes with why (both by name, sorted). */
    public static final class Tally {
        public Map<String, Long> values = new TreeMap<>();
        public Map<String, String> undecided = new TreeMap<>();

        public void add(Tally other) {
            other.values.forEach((kind, n) -> values.merge(kind, n, Long::sum));
            other.undecided.forEach((name, why) -> {
                if (undecided.size() < UNDECIDED) {
                    undecided.putIfAbsent(name, why);
                }
            });
        }
    }
}
