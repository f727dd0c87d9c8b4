package dev.dmig.feature.match;

import dev.dmig.analysis.RunSection;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the tables with a {@code match} found in the target, in {@code analysis.json}: per table, its source records
 * paired with target records (kept or updated), those written as new records, those left out, and a few pairs as
 * examples; and the target's tombstones (soft-deleted, or past their time to live) that held a source record's values
 * and were no candidates, with a few of their keys. An ambiguous pair refuses the run before this is written, so a run
 * that gets here has none.
 */
public record MatchSummary(List<Table> tables) {
    /** Its section of the analysis, {@code matches}: a line per table, said after {@code match:} and under {@code Matched}. */
    static final RunSection<MatchSummary> SECTION = new RunSection<>("matches", MatchSummary.class, "match", "Matched",
            summary -> summary.tables().stream().map(Table::describe).toList());

    public MatchSummary {
        tables = List.copyOf(tables);
    }

    /**
     * One table's pairing: {@code examples} are pairs, {@code id=u1 → id=prod-alice}; {@code tombstoneExamples} the keys
     * of target records not paired for being tombstones, and why, {@code id=prod-carol: _deleted}.
     */
    public record Table(String model, List<String> on, String whenMatched, String whenNotMatched, long matched, long inserted,
                        long skipped, List<String> examples, long tombstones, List<String> tombstoneExamples) {
        public Table {
            on = List.copyOf(on);
            examples = List.copyOf(examples);
            tombstoneExamples = tombstoneExamples == null ? List.of() : List.copyOf(tombstoneExamples);
        }

        /**
         * One line: {@code table User, on username: 2 matched, kept as the target's records (e.g. id=u1 → id=prod-alice),
         * 2 inserted, 0 skipped, 0 ambiguous}, then, when the target held some, {@code , 1 tombstone not a candidate (e.g.
         * id=prod-carol: _deleted)}.
         */
        public String describe() {
            String fate = "keep".equals(whenMatched) ? "kept as the target's records" : "written over the target's records";
            return "table " + model + ", on " + String.join(", ", on) + ": " + count(matched) + " matched"
                    + (matched > 0 ? ", " + fate + " (e.g. " + String.join(", ", examples.stream().limit(2).toList()) + ")" : "")
                    + ", " + count(inserted) + " inserted, " + count(skipped) + " skipped, 0 ambiguous"
                    + (tombstones == 0 ? "" : ", " + count(tombstones) + (tombstones == 1 ? " tombstone not a candidate"
                    : " tombstones not candidates") + " (e.g. " + String.join(", ", tombstoneExamples.stream().limit(2).toList()) + ")");
        }
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The run's pairs, summed; null for a plan without {@code match}. */
    static MatchSummary of(MatchedRecords matched, MigrationPlan plan) {
        if (matched.tables().isEmpty()) {
            return null;
        }
        List<Table> tables = new ArrayList<>();
        matched.tables().forEach((model, table) -> {
            boolean skips = "skip".equals(table.whenNotMatched());
            tables.add(new Table(model, plan.table(model).feature(Match.class).on(), table.whenMatched(), table.whenNotMatched(), table.matched(),
                    skips ? 0 : table.unmatched(), skips ? table.unmatched() : 0, table.examples(), table.tombstones(),
                    table.tombstoneExamples()));
        });
        return new MatchSummary(tables);
    }
}
