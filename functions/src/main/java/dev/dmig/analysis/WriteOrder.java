package dev.dmig.analysis;

import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order a full run writes its tables in. Level by level (a table after every table it refers to) where someone can
 * see the target while it is written: a table that held items when the analysis began (a live production, whose
 * application may read a child before its parent is there), a run that follows its source (its target is read while the
 * copy goes on), a {@code match} (whose references point at production's own records). Where no one can, every target
 * table of the run empty at the analysis and nothing followed or matched, the order is seen by no one: the tables are
 * written together, each within the capacity the analysis found for it, and the run waits for no level. Together, the
 * table whose writes take longest at the rate its target accepts goes first ({@link WriteConcurrency#writeSeconds}: its
 * write units over its capacity or its {@code writeRateLimit}): where fewer tables run at once than the run has (the
 * local runner's Map of 16, a Lambda budget below the table count), the table that sets the run's pace starts at once
 * rather than after the tables before it in level order. The run's levels (its manifest's) stay as they are either way:
 * they order a test run, following and a rollback.
 */
final class WriteOrder {
    private WriteOrder() {}

    /**
     * {@code levels} as the run writes them: as they are, or all in one where no one can see the order, the longest
     * {@code writeSeconds} (per model) first.
     */
    static List<List<String>> of(List<List<String>> levels, Collection<TableAnalysis> tables, MigrationPlan plan,
                                 boolean following, Map<String, Double> writeSeconds) {
        if (levels.size() < 2 || !unseen(levels, tables, plan, following)) {
            return levels;
        }
        List<String> together = new ArrayList<>();
        levels.forEach(together::addAll);
        together.sort(Comparator.comparingDouble((String model) -> writeSeconds.getOrDefault(model, 0.0)).reversed());
        return List.of(together);
    }

    private static boolean unseen(List<List<String>> levels, Collection<TableAnalysis> tables, MigrationPlan plan,
                                  boolean following) {
        long written = levels.stream().mapToLong(List::size).sum();
        long empty = tables.stream().filter(TableAnalysis::targetEmpty).count();
        boolean matched = levels.stream().flatMap(List::stream).anyMatch(model -> plan.table(model).pairedBy() != null);
        return !following && empty == written && tables.size() == written && !matched;
    }
}
