package dev.dmig.feature.datastore;

import dev.dmig.Feature;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.Warnings;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.Rewrite;
import dev.dmig.migrate.WriteRule;
import dev.dmig.plan.PlanSection;
import dev.dmig.plan.TableField;

/**
 * Amplify DataStore: its fields in a table's entry and the plan's default ({@code datastore}, {@code syncable}), the
 * delta-sync table refused unless skipped, its rows reset or stamped as they are copied, soft-deleted rows left behind
 * under {@code reset}, its rows counted by the analysis with their warnings, and a reset refused where a table's rows say
 * it does not sync.
 */
public final class DataStoreFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts()
                .add(TableField.class, DataStoreSection.TABLE)
                .add(PlanSection.class, DataStoreSection.PLAN)
                .add(Rewrite.Feature.class, DataStoreRewrite::addTo)
                .add(WriteRule.Feature.class, DataStoreWriteRule::addTo)
                .add(LeftBehind.Reason.class, DataStoreWriteRule.SOFT_DELETED)
                .add(ScanCheck.Feature.class, DataStoreRows::addTo)
                .add(ScanTally.class, DataStoreRows.TALLY)
                .add(RunCheck.Feature.class, DataStoreSyncCheck::addTo)
                .add(Warnings.class, (plan, tables) -> DataStoreAnalysis.warnings(tables));
    }
}
