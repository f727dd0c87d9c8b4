package dev.dmig.analysis;

import dev.dmig.run.RunManifest;
import java.util.Locale;
import java.util.Optional;

/**
 * A full run whose target already holds exactly what it would write: every source item it copies is at its mapped key,
 * identical (left by an earlier run of the same mapping, or adopted from test runs). It ends at its analysis, having written
 * nothing, and says which run wrote it.
 */
final class NothingToDo {
    private NothingToDo() {}

    static boolean holds(Analysis analysis) {
        Analysis.Totals totals = analysis.totals();
        return totals.items() > 0 && totals.problems() == 0 && totals.uniquenessConflicts() == 0
                && totals.conflicts() == totals.identical() && totals.identical() + totals.adopted() == copied(analysis);
    }

    /** The source items the run copies: all it read but the soft-deleted DataStore rows it leaves behind. */
    private static long copied(Analysis analysis) {
        return analysis.totals().items() - analysis.tables().stream()
                .mapToLong(table -> (table.dataStore() == null ? 0 : table.dataStore().leftBehind())
                        + (table.unmatchedLeftBehind() == null ? 0 : table.unmatchedLeftBehind().items())).sum();
    }

    /** The run's verdict, naming the run that wrote what is there, when an earlier run in the bucket did. */
    static String verdict(Analysis analysis, Optional<RunManifest> writer) {
        Analysis.Totals totals = analysis.totals();
        return "the target already holds exactly what this plan writes (" + String.format(Locale.ROOT, "%,d", copied(analysis)) + " items in "
                + totals.tables() + (totals.tables() == 1 ? " table" : " tables") + ")"
                + writer.map(run -> ", written by run " + run.runId()).orElse("") + "; nothing to do";
    }
}
