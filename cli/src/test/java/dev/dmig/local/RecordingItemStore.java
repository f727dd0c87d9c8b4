package dev.dmig.local;

import dev.dmig.store.CountPage;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import dev.dmig.store.ScanPage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The real item store, with every BatchWriteItem call recorded: table, what it carried, when it started and ended. */
final class RecordingItemStore implements ItemStore {
    /** One BatchWriteItem call. */
    record Write(String table, int puts, int deletes, Instant start, Instant end) {}

    private final ItemStore inner;
    private final List<Write> writes = new CopyOnWriteArrayList<>();

    RecordingItemStore(ItemStore inner) {
        this.inner = inner;
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    @Override
    public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
        Instant start = Instant.now();
        try {
            return inner.batchWriteOnce(table, requests);
        } finally {
            int puts = (int) requests.stream().filter(r -> r.putRequest() != null).count();
            writes.add(new Write(table, puts, requests.size() - puts, start, Instant.now()));
        }
    }

    @Override
    public dev.dmig.store.PutIfAbsent putIfAbsentOnce(String table, String hashKey, List<WriteRequest> puts) {
        Instant start = Instant.now();
        try {
            return inner.putIfAbsentOnce(table, hashKey, puts);
        } finally {
            writes.add(new Write(table, puts.size(), 0, start, Instant.now()));
        }
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        return inner.describe(table);
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
}
