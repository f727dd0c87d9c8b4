package dev.dmig.feature.mask;

import dev.dmig.PersonalAttributes;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a masked run's analysis counts of each table: the values its rules mask, per kind (never the values), and its
 * undecided attributes, those whose name or values say they are personal ({@link PersonalAttributes}, whose
 * classification {@code dmig infer --mask} proposes by too) that the plan neither masks nor keeps (nor maps as an ID or a
 * reference, nor removes or sets; a key attribute is not decided by being one), which {@link MaskCheck} refuses; and, a problem
 * refusing the run before any write, a record whose masked attribute would still hold its source value ({@link Unmasked}).
 */
final class MaskedValues implements ScanCheck {
    /** How many undecided attributes a table names, at most. */
    static final int UNDECIDED = 50;
    static final String BY_NAME = "its name says it is personal";
    static final String BY_VALUE = "its values are email addresses";
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
        Set<String> decided = decided(table, mask);
        List<MaskRule> rules = mask == null ? List.of() : mask.masking();
        List<MaskRule> composites = mask == null ? List.of() : mask.composites();
        Map<String, Boolean> byName = new HashMap<>();
        return new Page() {
            @Override
            public void read(Map<String, AttributeValue> source) {
                source.forEach((name, value) -> {
                    if (!decided.contains(name)) {
                        undecided(scan.tally(TALLY), name, byName.computeIfAbsent(name, PersonalAttributes::personal), value);
                    }
                });
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

    private static void undecided(Tally tally, String name, boolean personal, AttributeValue value) {
        if (tally.undecided.containsKey(name) || tally.undecided.size() >= UNDECIDED) {
            return;
        }
        if (personal) {
            tally.undecided.put(name, BY_NAME);
        } else if (value.type() == AttributeValue.Type.S && value.s().indexOf('@') > 0 && PersonalAttributes.email(value.s())) {
            tally.undecided.put(name, BY_VALUE);
        }
    }

    /**
     * The top-level attributes the plan decided about: masked or kept, its ID where the run maps it, its references, its
     * edits. A key attribute, or an ID the table preserves, would hold the source's value in the target: it may be masked
     * ({@link MaskedKeys}), so it is decided only as any attribute is.
     */
    private static Set<String> decided(TablePlan table, TableMask mask) {
        Set<String> decided = new HashSet<>(mask == null ? Set.of() : mask.decided());
        if (table.ids() != IdStrategy.PRESERVE || table.pairedBy() != null) {
            decided.add(table.idAttribute());
        }
        table.references().keySet().forEach(path -> decided.add(path.attribute()));
        table.mappings().keySet().forEach(path -> decided.add(path.attribute()));
        table.files().keySet().forEach(path -> decided.add(path.attribute()));
        decided.addAll(table.remove());
        decided.addAll(table.set().keySet());
        return decided;
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
