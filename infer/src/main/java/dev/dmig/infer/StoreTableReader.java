package dev.dmig.infer;

import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link TableReader} over dmig's {@link ItemStore}: ListTables, DescribeTable, Scan, and
 * BatchGetItem of keys only (a Query of one item per value for a composite key). It exposes none
 * of the store's writes.
 */
public final class StoreTableReader implements TableReader {
    private final ItemStore store;

    public StoreTableReader(ItemStore store) {
        this.store = store;
    }

    @Override
    public List<String> tableNames() {
        return store.listTables();
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        return store.describe(table);
    }

    @Override
    public ScanPage scan(String table, Map<String, AttributeValue> exclusiveStartKey, int limit) {
        // Eventually consistent: half the read cost, and a proposal does not need the last second's writes.
        return store.scan(table, 0, 1, exclusiveStartKey, limit, false);
    }

    @Override
    public Set<String> existingIds(TableInfo table, Collection<String> values) {
        return store.existingHashKeys(table, values);
    }
}
