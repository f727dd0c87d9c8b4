package dev.dmig.bench;

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

/** An {@link ItemStore} that tells {@link Requests} about every call it passes on. */
final class CountingItemStore implements ItemStore {
    private final ItemStore store;
    private final Requests requests;

    CountingItemStore(ItemStore store, Requests requests) {
        this.store = store;
        this.requests = requests;
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        return requests.time("dynamodb DescribeTable", 0, () -> store.describe(table));
    }

    @Override
    public List<String> listTables() {
        return requests.time("dynamodb ListTables", 0, store::listTables);
    }

    @Override
    public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey, int limit,
                         boolean consistentRead) {
        return requests.time(consistentRead ? "dynamodb Scan (consistent)" : "dynamodb Scan",
                () -> store.scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead), page -> page.items().size());
    }

    @Override
    public CountPage count(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey) {
        return requests.time("dynamodb Scan (count)", 0, () -> store.count(table, segment, totalSegments, exclusiveStartKey));
    }

    @Override
    public Optional<String> timeToLiveAttribute(String table) {
        return requests.time("dynamodb DescribeTimeToLive", 0, () -> store.timeToLiveAttribute(table));
    }

    @Override
    public List<Map<String, AttributeValue>> getAll(String table, Collection<Map<String, AttributeValue>> keys, boolean consistentRead) {
        return requests.time("dynamodb BatchGetItem (keys)", keys.size(), () -> store.getAll(table, keys, consistentRead));
    }

    @Override
    public List<Map<String, AttributeValue>> query(TableInfo table, AttributeValue hashKeyValue, int limit) {
        return requests.time("dynamodb Query", 1, () -> store.query(table, hashKeyValue, limit));
    }

    @Override
    public Set<String> existingHashKeys(TableInfo table, Collection<String> hashKeyValues) {
        return requests.time("dynamodb existingHashKeys (keys)", hashKeyValues.size(), () -> store.existingHashKeys(table, hashKeyValues));
    }

    @Override
    public boolean pointInTimeRecovery(String table) {
        return requests.time("dynamodb DescribeContinuousBackups", 0, () -> store.pointInTimeRecovery(table));
    }

    @Override
    public String createBackup(String table, String backupName) {
        return requests.time("dynamodb CreateBackup", 0, () -> store.createBackup(table, backupName));
    }

    @Override
    public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> writes) {
        List<WriteRequest> left = requests.time("dynamodb BatchWriteItem", writes.size(), () -> store.batchWriteOnce(table, writes));
        requests.written(writes.size() - left.size());
        return left;
    }

    @Override
    public dev.dmig.store.GuardedOutcome writeIfOnce(String table, List<dev.dmig.store.GuardedWrite> writes) {
        dev.dmig.store.GuardedOutcome outcome = requests.time("dynamodb conditional PutItem/DeleteItem", writes.size(),
                () -> store.writeIfOnce(table, writes));
        requests.written(writes.size() - outcome.unprocessed().size() - outcome.refused().size());
        return outcome;
    }
}
