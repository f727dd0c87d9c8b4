package dev.dmig.local;

import dev.dmig.store.CountPage;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The real item store, except that DescribeTable says some tables are empty (0 items, 0 bytes):
 * what DynamoDB reports for up to six hours after a table was loaded. DynamoDB Local's counts are
 * always current, so only this front shows a stale one.
 */
final class StaleDescribeItemStore implements ItemStore {
    private final ItemStore inner;
    private final Set<String> stale;

    StaleDescribeItemStore(ItemStore inner, Set<String> stale) {
        this.inner = inner;
        this.stale = stale;
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        return inner.describe(table).map(t -> stale.contains(table)
                ? new TableInfo(t.name(), t.hashKey(), t.rangeKey(), t.indexes(), 0, 0, t.streamViewType()) : t);
    }

    @Override
    public List<String> listTables() {
        return inner.listTables();
    }

    @Override
    public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey, int limit,
                         boolean consistentRead) {
        return inner.scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead);
    }

    @Override
    public CountPage count(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey) {
        return inner.count(table, segment, totalSegments, exclusiveStartKey);
    }

    @Override
    public Optional<String> timeToLiveAttribute(String table) {
        return inner.timeToLiveAttribute(table);
    }

    @Override
    public List<Map<String, AttributeValue>> getAll(String table, Collection<Map<String, AttributeValue>> keys,
                                                    boolean consistentRead) {
        return inner.getAll(table, keys, consistentRead);
    }

    @Override
    public List<Map<String, AttributeValue>> query(TableInfo table, AttributeValue hashKeyValue, int limit) {
        return inner.query(table, hashKeyValue, limit);
    }

    @Override
    public Set<String> existingHashKeys(TableInfo table, Collection<String> hashKeyValues) {
        return inner.existingHashKeys(table, hashKeyValues);
    }

    @Override
    public boolean pointInTimeRecovery(String table) {
        return inner.pointInTimeRecovery(table);
    }

    @Override
    public String createBackup(String table, String backupName) {
        return inner.createBackup(table, backupName);
    }

    @Override
    public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
        return inner.batchWriteOnce(table, requests);
    }

    @Override
    public dev.dmig.store.PutIfAbsent putIfAbsentOnce(String table, String hashKey, List<WriteRequest> puts) {
        return inner.putIfAbsentOnce(table, hashKey, puts);
    }
}
