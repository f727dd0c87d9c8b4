package dev.dmig.analysis;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What an analysis warns of: what the run sets off in the target besides writing items (streams, TTL deletes),
 * every feature's ({@link Warnings}: file values copied without their object, identity values without a match), the target's capacity, and, with
 * --tables, references to models neither in this run nor migrated by an earlier one, which would dangle in the target.
 */
final class AnalysisWarnings {
    private AnalysisWarnings() {}

    static List<String> of(MigrationPlan plan, Collection<TableAnalysis> tables, Set<String> migratedEarlier, List<String> capacity) {
        List<String> warnings = new ArrayList<>();
        for (TableAnalysis table : tables) {
            warnings.addAll(TargetEffects.warnings(table));
        }
        dev.dmig.Features.at(Warnings.class).forEach(feature -> warnings.addAll(feature.of(plan, tables)));
        warnings.addAll(capacity);
        warnings.addAll(dangling(plan, tables.stream().map(TableAnalysis::model).toList(), migratedEarlier));
        return warnings;
    }

    /** References from the selected tables to models neither selected nor migrated by an earlier run. */
    private static List<String> dangling(MigrationPlan plan, List<String> selected, Set<String> migrated) {
        List<String> warnings = new ArrayList<>();
        for (String model : selected) {
            plan.table(model).modelReferences().forEach((path, target) -> {
                TablePlan referenced = plan.tables().get(target);
                if (!selected.contains(target) && referenced != null && !referenced.skip() && !migrated.contains(target)) {
                    warnings.add("table " + model + ", attribute " + path + ": references " + target
                            + ", which is neither in this run nor migrated by an earlier one; those references will not resolve yet");
                }
            });
        }
        return warnings;
    }
}
