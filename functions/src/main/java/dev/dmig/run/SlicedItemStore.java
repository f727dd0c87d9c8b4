package dev.dmig.run;

import dev.dmig.store.CountPage;
import dev.dmig.store.ItemStore;
import dev.dmig.store.PutIfAbsent;
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
 * The source as a run with roots sees it: a scan of a source table yields only the slice's members, so that
 * analysis, migration and validation count, copy and check exactly the slice, each through its usual scans.
 * Pages keep their scan position, so checkpoints and resumes work as for a whole table. Reads by key and reads of the
 * target pass through; it writes nothing.
 */
public final class SlicedItemStore implements ItemStore {
    private final ItemStore store;
    private final Slice slice;
    private final String sourceSuffix;

    private SlicedItemStore(ItemStore store, Slice slice, String sourceSuffix) {
        this.store = store;
        this.slice = slice;
        this.sourceSuffix = sourceSuffix;
    }

    /** {@code store} seen through the run's slice, if it has one. */
    public static ItemStore of(ItemStore store, Optional<Slice> slice, String sourceSuffix) {
        return slice.<ItemStore>map(s -> new SlicedItemStore(store, s, sourceSuffix)).orElse(store);
    }

    @Override
    public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey, int limit,
                         boolean consistentRead) {
        ScanPage page = store.scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead);
        if (!table.endsWith(sourceSuffix)) {
            return page;
        }
        String model = table.substring(0, table.length() - sourceSuffix.length());
        return new ScanPage(page.items().stream().filter(item -> slice.contains(model, item)).toList(), page.lastEvaluatedKey());
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        return store.describe(table);
    }

    @Override
    public List<String> listTables() {
        return store.listTables();
    }

    @Override
    public CountPage count(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey) {
        return store.count(table, segment, totalSegments, exclusiveStartKey);
    }

    @Override
    public Optional<String> timeToLiveAttribute(String table) {
        return store.timeToLiveAttribute(table);
    }

    @Override
    public List<Map<String, AttributeValue>> getAll(String table, Collection<Map<String, AttributeValue>> keys,
                                                    boolean consistentRead) {
        return store.getAll(table, keys, consistentRead);
    }

    @Override
    public List<Map<String, AttributeValue>> query(TableInfo table, AttributeValue hashKeyValue, int limit) {
        return store.query(table, hashKeyValue, limit);
    }

    @Override
    public Set<String> existingHashKeys(TableInfo table, Collection<String> hashKeyValues) {
        return store.existingHashKeys(table, hashKeyValues);
    }

    @Override
    public boolean pointInTimeRecovery(String table) {
        return store.pointInTimeRecovery(table);
    }

    @Override
    public String createBackup(String table, String backupName) {
        throw readOnly(table);
    }

    @Override
    public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
        throw readOnly(table);
    }

    @Override
    public PutIfAbsent putIfAbsentOnce(String table, String hashKey, List<WriteRequest> puts) {
        throw readOnly(table);
    }

    /** The slice is how the run reads; it writes through its usual store. */
    private static UnsupportedOperationException readOnly(String table) {
        return new UnsupportedOperationException("the slice's view of " + table + " is for reading; write through the run's store");
    }
}
