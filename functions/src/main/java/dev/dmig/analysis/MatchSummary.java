package dev.dmig.analysis;

import dev.dmig.plan.Match;
import dev.dmig.match.MatchedRecords;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the tables with a {@code match} found in the target, in {@code analysis.json}: per table, its source records
 * paired with target records (kept or updated), those written as new records, those left out, and a few pairs as
 * examples. An ambiguous pair refuses the run before this is written, so a run that gets here has none.
 */
public record MatchSummary(List<Table> tables) {
    public MatchSummary {
        tables = List.copyOf(tables);
    }

    /** One table's pairing: {@code examples} are pairs, {@code id=u1 → id=prod-alice}. */
    public record Table(String model, List<String> on, String whenMatched, String whenNotMatched, long matched, long inserted,
                        long skipped, List<String> examples) {
        public Table {
            on = List.copyOf(on);
            examples = List.copyOf(examples);
        }

        /**
         * One line: {@code table User, on username: 2 matched, kept as the target's records (e.g. id=u1 → id=prod-alice),
         * 2 inserted, 0 skipped, 0 ambiguous}.
         */
        public String describe() {
            String fate = "keep".equals(whenMatched) ? "kept as the target's records" : "written over the target's records";
            return "table " + model + ", on " + String.join(", ", on) + ": " + count(matched) + " matched"
                    + (matched > 0 ? ", " + fate + " (e.g. " + String.join(", ", examples.stream().limit(2).toList()) + ")" : "")
                    + ", " + count(inserted) + " inserted, " + count(skipped) + " skipped, 0 ambiguous";
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
                    skips ? 0 : table.unmatched(), skips ? table.unmatched() : 0, table.examples()));
        });
        return new MatchSummary(tables);
    }
}
