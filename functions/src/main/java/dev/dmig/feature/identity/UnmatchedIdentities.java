package dev.dmig.feature.identity;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.FindingsTable;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The identity values the run's identity map had no match for: the analysis's warnings of those it copies as they
 * are or leaves out, and of the items it leaves behind ({@code onUnmatched: drop}); the report's table of them, with
 * examples, as orphans are shown (what the map matched is the identities' line among the report's facts, {@link IdentitySummary}).
 */
final class UnmatchedIdentities {
    static final FindingsTable TABLE = new FindingsTable("unmatched-identities", "Identities without a match in the identity map",
            "Attribute", "Without a match", "Examples: item → value", UnmatchedIdentities::rows);

    private UnmatchedIdentities() {}

    /** The analysis's warnings of them, a table's after another's: said after the tables' own. */
    static List<String> warnings(MigrationPlan plan, Collection<TableAnalysis> tables) {
        List<String> warnings = new ArrayList<>();
        tables.forEach(table -> warnings.addAll(warnings(plan, table)));
        return warnings;
    }

    /**
     * A table's identity values with no match that the plan copies as they are or leaves out (refused ones are problems),
     * and its items left behind under {@code onUnmatched: drop}.
     */
    private static List<String> warnings(MigrationPlan plan, TableAnalysis table) {
        List<String> warnings = new ArrayList<>();
        for (IdentityAnalysis identity : IdentityTallies.of(table)) {
            UnmatchedPolicy policy = UnmatchedPolicy.of(plan, table.model());
            if (identity.unmatched() > 0 && policy != UnmatchedPolicy.REFUSE && policy != UnmatchedPolicy.DROP) {
                boolean one = identity.unmatched() == 1;
                warnings.add("table " + table.model() + ", attribute " + identity.path() + ": " + identity.unmatched()
                        + (one ? " identity value has" : " identity values have") + " no match in " + plan.identities().mapName()
                        + " and " + (policy == UnmatchedPolicy.REMOVE ? (one ? "is" : "are") + " left out"
                                : one ? "is copied as it is" : "are copied as they are")
                        + " (e.g. " + examples(identity.unmatchedExamples()) + ")");
            }
        }
        TableAnalysis.LeftBehind left = IdentityTallies.leftBehind(table);
        if (left != null) {
            warnings.add("table " + table.model() + ": " + left.items() + (left.items() == 1 ? " item is" : " items are")
                    + " left behind, each holding an identity with no match in " + plan.identities().mapName()
                    + " (onUnmatched: drop); references to them will dangle (e.g. " + String.join("; ", left.examples()) + ")");
        }
        return warnings;
    }

    private static String examples(List<OrphanExample> examples) {
        return examples.stream().map(e -> "item " + e.item() + ": " + e.value()).collect(Collectors.joining("; "));
    }

    /** A row per identity reference with values the map has no match for. */
    private static List<FindingsTable.Row> rows(Analysis analysis) {
        List<FindingsTable.Row> rows = new ArrayList<>();
        for (TableAnalysis table : analysis.tables()) {
            for (IdentityAnalysis identity : IdentityTallies.of(table)) {
                if (identity.unmatched() > 0) {
                    rows.add(new FindingsTable.Row(table.model(), identity.path(), " (" + identity.kind() + ")", identity.unmatched(),
                            identity.unmatchedExamples()));
                }
            }
        }
        return rows;
    }
}
