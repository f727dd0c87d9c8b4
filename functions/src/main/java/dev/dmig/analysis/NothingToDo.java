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

    /** The source items the run copies: all it read but those it leaves behind. */
    private static long copied(Analysis analysis) {
        return analysis.tables().stream().mapToLong(TableAnalysis::copied).sum();
    }

    /**
     * The run's verdict, naming who wrote what is there: the earlier run in the bucket that wrote under the same IDs, when
     * one did, and test runs, for the items they left that a full run adopts.
     */
    static String verdict(Analysis analysis, Optional<RunManifest> writer) {
        Analysis.Totals totals = analysis.totals();
        String what = "the target already holds exactly what this plan writes (" + count(copied(analysis)) + " items in "
                + totals.tables() + (totals.tables() == 1 ? " table" : " tables") + ")";
        String by;
        if (totals.adopted() == 0) {
            by = writer.map(run -> ", written by run " + run.runId()).orElse("");
        } else if (totals.identical() == 0) {
            by = ", written by test runs";
        } else {
            by = ": " + count(totals.identical()) + writer.map(run -> " written by run " + run.runId()).orElse(" already there")
                    + ", " + count(totals.adopted()) + " written by test runs";
        }
        return what + by + "; nothing to do";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
