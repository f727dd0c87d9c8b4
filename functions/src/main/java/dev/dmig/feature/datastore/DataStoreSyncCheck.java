package dev.dmig.feature.datastore;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table whose DataStore fields the plan resets ({@code "datastore": "reset"}) without its entry saying whether it syncs,
 * when fewer than half its rows carry the fields: AppSync writes them on every row of a table that syncs (a few rows a
 * script wrote may lack them), so its rows say it does not, and a reset would change values its app keeps as they are. One problem per such table, before anything is
 * written, with both fixes: {@code "syncable": false} copies its rows as they are, {@code "syncable": true} says it does
 * sync (its rows without the fields then get them).
 */
final class DataStoreSyncCheck implements RunCheck {
    private final MigrationPlan plan;

    private DataStoreSyncCheck(MigrationPlan plan) {
        this.plan = plan;
    }

    /** Every plan: any table may hold DataStore's rows. */
    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        checks.add(new DataStoreSyncCheck(parts.plan()));
    }

    @Override
    public List<Problem> problems(Analysis analysis) {
        List<Problem> problems = new ArrayList<>();
        for (TableAnalysis table : analysis.tables()) {
            DataStoreAnalysis rows = DataStoreAnalysis.of(table);
            if (rows == null || rows.items() == 0 || rows.items() * 2 >= table.items()
                    || !DataStoreMode.RESET.planName().equals(rows.mode()) || DataStoreTable.of(plan.table(table.model())).syncable() != Syncable.UNSAID) {
                continue;
            }
            long without = table.items() - rows.items();
            problems.add(new Problem(table.model(), "_version", rows.examples().stream().findFirst().orElse(null),
                    String.format(Locale.ROOT, "only %,d of its %,d rows %s DataStore's fields (_version, _lastChangedAt) and %,d %s"
                            + " not, so the table does not sync as far as its rows show, yet \"datastore\": \"reset\" would set"
                            + " them to 1 and the run's start; add \"syncable\": false to %s to copy them as they are, or"
                            + " \"syncable\": true if it syncs (the %s without them then %s them)", rows.items(), table.items(),
                            rows.items() == 1 ? "carries" : "carry", without, without == 1 ? "does" : "do", table.model(),
                            without == 1 ? "row" : String.format(Locale.ROOT, "%,d rows", without), without == 1 ? "gets" : "get")));
        }
        return problems;
    }
}
