package dev.dmig.analysis;

import dev.dmig.plan.MigrationPlan;
import java.util.Collection;
import java.util.List;

/**
 * A feature's warnings of an analysis, from its plan and its tables' analyses (its own sections among them, {@link
 * TableAnalysis#section}): one line each, said after the tables' own and before the target's capacity.
 */
@FunctionalInterface
public interface Warnings {
    List<String> of(MigrationPlan plan, Collection<TableAnalysis> tables);
}
