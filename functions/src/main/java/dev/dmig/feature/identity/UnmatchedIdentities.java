package dev.dmig.feature.identity;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.FindingsTable;
import dev.dmig.analysis.IdentityAnalysis;
import dev.dmig.analysis.TableAnalysis;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's table of the identity values the run's identity map had no match for, with examples, as orphans are
 * shown (what the map matched is the identities' line among the report's facts, {@link IdentitySummary}).
 */
final class UnmatchedIdentities {
    static final FindingsTable TABLE = new FindingsTable("unmatched-identities", "Identities without a match in the identity map",
            "Attribute", "Without a match", "Examples: item → value", UnmatchedIdentities::rows);

    private UnmatchedIdentities() {}

    /** A row per identity reference with values the map has no match for. */
    private static List<FindingsTable.Row> rows(Analysis analysis) {
        List<FindingsTable.Row> rows = new ArrayList<>();
        for (TableAnalysis table : analysis.tables()) {
            for (IdentityAnalysis identity : table.identities()) {
                if (identity.unmatched() > 0) {
                    rows.add(new FindingsTable.Row(table.model(), identity.path(), " (" + identity.kind() + ")", identity.unmatched(),
                            identity.unmatchedExamples()));
                }
            }
        }
        return rows;
    }
}
