package dev.dmig.store;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One store over two accounts: each call goes to the store of the side whose suffix the table carries.
 * Writes go to the target's store only, so the source's client is never asked to write, whatever the
 * table; a table that carries neither suffix is not the plan's, and is refused.
 */
final class SidedItemStore implements ItemStore {
    private final Sides sides;
    private final ItemStore source;
    private final ItemStore target;

    SidedItemStore(Sides sides, ItemStore source, ItemStore target) {
        this.sides = sides;
        this.source = source;
        this.target = target;
    }

    private ItemStore of(String table) {
        if (sides.isTarget(table)) {
            return target;
        }
        if (sides.isSource(table)) {
            return source;
        }
        throw new IllegalArgumentException("table " + table + " carries neither the source suffix " + sides.sourceSuffix()
                + " nor the target suffix " + sides.targetSuffix() + ": it is not one of the plan's tables");
    }

    private ItemStore writable(String table) {
        if (!sides.isTarget(table)) {
            throw new StoreRefusedException("refusing to write to table " + table + ": only tables ending "
                    + sides.targetSuffix() + " are written, through the target account's client", null);
        }
        return target;
    }

    @Override
    public ItemStore across(Sides other) {
        if (!other.equals(sides)) {
            throw new IllegalStateException("this store already reaches the sides of another plan");
        }
        return this;
    }

    @Override
    public Optional<software.amazon.awssdk.services.dynamodb.DynamoDbClient> client(String table) {
        return of(table).client(table);
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        return of(table).describe(table);
    }

    /** The source account's tables, then the target account's (each listed once when both are one account). */
    @Override
    public List<String> listTables() {
        Set<String> names = new LinkedHashSet<>(source.listTables());
        names.addAll(target.listTables());
        return List.copyOf(names);
    }

    @Override
    public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey,
                         int limit, boolean consistentRead) {
        return of(table).scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead);
    }

    @Override
    public Optional<String> indexOn(String table, Collection<String> attributes) {
        return of(table).indexOn(table, attributes);
    }

    @Override
    public ScanPage scanAttributes(String table, String index, List<String> attributes, int segment, int totalSegments,
                                   Map<String, AttributeValue> exclusiveStartKey, int limit) {
        return of(table).scanAttributes(table, index, attributes, segment, totalSegments, exclusiveStartKey, limit);
    }

    @Override
    public CountPage count(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey) {
        return of(table).count(table, segment, totalSegments, exclusiveStartKey);
    }

    @Override
    public Optional<String> timeToLiveAttribute(String table) {
        return of(table).timeToLiveAttribute(table);
    }

    @Override
    public List<Map<String, AttributeValue>> getAll(String table, Collection<Map<String, AttributeValue>> keys,
                                                    boolean consistentRead) {
        return of(table).getAll(table, keys, consistentRead);
    }

    @Override
    public List<Map<String, AttributeValue>> query(TableInfo table, AttributeValue hashKeyValue, int limit) {
        return of(table.name()).query(table, hashKeyValue, limit);
    }

    @Override
    public Set<String> existingHashKeys(TableInfo table, Collection<String> hashKeyValues) {
        return of(table.name()).existingHashKeys(table, hashKeyValues);
    }

    @Override
    public boolean pointInTimeRecovery(String table) {
        return of(table).pointInTimeRecovery(table);
    }

    @Override
    public String createBackup(String table, String backupName) {
        return writable(table).createBackup(table, backupName);
    }

    @Override
    public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
        return writable(table).batchWriteOnce(table, requests);
    }

    @Override
    public GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes) {
        return writable(table).writeIfOnce(table, writes);
    }
}
