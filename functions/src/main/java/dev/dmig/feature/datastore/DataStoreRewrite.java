package dev.dmig.migrate;

import dev.dmig.plan.DataStoreMode;
import dev.dmig.plan.Syncable;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DataStore's fields: a DataStore row's reset to a new row's at the run's start (under {@code reset}); a row of a
 * {@code syncable} table written without them given them.
 */
final class DataStoreRewrite implements Rewrite {
    private final TablePlan table;
    private final RunMappings run;

    private DataStoreRewrite(TablePlan table, RunMappings run) {
        this.table = table;
        this.run = run;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        if (parts.table().datastore() == DataStoreMode.RESET || parts.table().syncable() == Syncable.YES) {
            chain.add(new DataStoreRewrite(parts.table(), parts.run()));
        }
    }

    @Override
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        if (table.datastore() == DataStoreMode.RESET && DataStoreItems.managed(source)) {
            DataStoreItems.reset(item, run.startedAt());
        } else if (table.syncable() == Syncable.YES && !DataStoreItems.managed(source)) {
            // A row of a DataStore table written outside AppSync: without the fields, clients could never update it.
            DataStoreItems.stamp(item, run.startedAt());
        }
    }

    @Override
    public Set<String> claims() {
        return DataStoreItems.FIELDS;
    }
}
