package dev.dmig.feature.datastore;

import dev.dmig.migrate.Rewrite;
import dev.dmig.migrate.RewriteParts;
import dev.dmig.migrate.RunMappings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DataStore's fields: a DataStore row's reset to a new row's at the run's start (under {@code reset}); a row of a
 * {@code syncable} table written without them given them.
 */
final class DataStoreRewrite implements Rewrite {
    private final DataStoreTable table;
    private final RunMappings run;

    private DataStoreRewrite(DataStoreTable table, RunMappings run) {
        this.table = table;
        this.run = run;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        DataStoreTable table = DataStoreTable.of(parts.table());
        if (table.rewrites()) {
            chain.add(new DataStoreRewrite(table, parts.run()));
        }
    }

    @Override
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        if (table.mode() == DataStoreMode.RESET && DataStoreItems.managed(source)) {
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

    /** A row without the time of its last change, which is the run's start. */
    @Override
    public Map<String, AttributeValue> alike(Map<String, AttributeValue> item) {
        return DataStoreItems.managed(item) ? DataStoreItems.unstamped(item) : item;
    }
}
