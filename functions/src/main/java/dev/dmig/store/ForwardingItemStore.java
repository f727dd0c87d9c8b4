package dev.dmig.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * An {@link ItemStore} that passes every call on to the store it wraps: the base of stores that change
 * one or two calls (a slice's view of the source, tests' recording and stale fronts) and nothing else.
 */
public abstract class ForwardingItemStore implements ItemStore {
    protected final ItemStore inner;

    protected ForwardingItemStore(ItemStore inner) {
        this.inner = inner;
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        return inner.describe(table);
    }

    @Override
    public Optional<software.amazon.awssdk.services.dynamodb.DynamoDbClient> client(String table) {
        return inner.client(table);
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
    public Optional<String> indexOn(String table, Collection<String> attributes) {
        return inner.indexOn(table, attributes);
    }

    @Override
    public ScanPage scanAttributes(String table, String index, List<String> attributes, int segment, int totalSegments,
                                   Map<String, AttributeValue> exclusiveStartKey, int limit) {
        return inner.scanAttributes(table, index, attributes, segment, totalSegments, exclusiveStartKey, limit);
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
    public GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes) {
        return inner.writeIfOnce(table, writes);
    }
}
