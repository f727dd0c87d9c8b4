package dev.dmig.store;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * An {@link ItemStore} held in memory, strict where DynamoDB is strict: keys must match the key
 * schema, a BatchWriteItem call takes 1 to 25 requests with distinct keys, a BatchGetItem chunk of
 * 100 keys must not repeat a key, and scans have real segment semantics (an item belongs to exactly
 * one segment of {@code totalSegments}, chosen by a stable hash of its partition key; a page that
 * fills its {@code limit} returns a last evaluated key even when nothing follows, as DynamoDB does).
 *
 * <p>Items are copied in and out, so callers cannot change stored state by mutating what they
 * passed or got. Tests set faults ({@link #failOn}, {@link #leaveUnprocessed}) and read the record
 * of every write call ({@link #writeCalls()}, {@link #tablesWrittenTo()}). Thread-safe.
 */
public final class InMemoryItemStore implements ItemStore {
    /** The store's operations, for counting calls and aiming faults. */
    public enum Operation { DESCRIBE, LIST_TABLES, SCAN, COUNT, DESCRIBE_TIME_TO_LIVE, GET_ALL, QUERY, EXISTING_HASH_KEYS, BATCH_WRITE,
        CONDITIONAL_WRITE }

    /** One {@link #batchWriteOnce} call as it arrived, and what the store left unprocessed. */
    public record WriteCall(String table, List<WriteRequest> requests, List<WriteRequest> unprocessed, boolean failed) {}

    private static final int MAX_BATCH_WRITE = 25;
    private static final int GET_CHUNK = 100;

    private final Map<String, Table> tables = new TreeMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Unprocessed> unprocessed = new ArrayList<>();
    private final List<WriteCall> writeCalls = new ArrayList<>();
    private final Map<Operation, Integer> calls = new LinkedHashMap<>();
    private final Map<String, Integer> callsByTable = new LinkedHashMap<>();
    private final Map<String, long[]> staleDescriptions = new TreeMap<>();
    private final Map<String, String> streams = new TreeMap<>();
    private final Map<String, TableInfo.WriteCapacity> capacities = new TreeMap<>();
    private final Map<String, String> timeToLive = new TreeMap<>();
    private boolean timeToLiveUnsupported;

    // ---- set-up -------------------------------------------------------------------------------

    /** Creates a table keyed by a partition key only. */
    public synchronized InMemoryItemStore createTable(String name, String hashKey, ScalarAttributeType hashType,
                                                      String... indexes) {
        return createTable(name, new TableInfo.KeyAttribute(hashKey, hashType), null, List.of(indexes));
    }

    /** Creates a table keyed by a partition and a sort key. */
    public synchronized InMemoryItemStore createTable(String name, String hashKey, ScalarAttributeType hashType,
                                                      String rangeKey, ScalarAttributeType rangeType, String... indexes) {
        return createTable(name, new TableInfo.KeyAttribute(hashKey, hashType),
                new TableInfo.KeyAttribute(rangeKey, rangeType), List.of(indexes));
    }

    public synchronized InMemoryItemStore createTable(String name, TableInfo.KeyAttribute hash, TableInfo.KeyAttribute range,
                                                      List<String> indexes) {
        if (tables.containsKey(name)) {
            throw new IllegalStateException("table " + name + " already exists");
        }
        tables.put(name, new Table(name, hash, range, indexes));
        return this;
    }

    public synchronized void dropTable(String name) {
        tables.remove(name);
    }

    /** Stores items directly (test set-up or tampering): not recorded as writes, no faults. */
    @SafeVarargs
    public final synchronized InMemoryItemStore put(String table, Map<String, AttributeValue>... items) {
        Table t = table(table);
        for (Map<String, AttributeValue> item : items) {
            t.put(item);
        }
        return this;
    }

    public synchronized InMemoryItemStore putAll(String table, Collection<Map<String, AttributeValue>> items) {
        Table t = table(table);
        items.forEach(t::put);
        return this;
    }

    /** Deletes an item directly (test set-up or tampering): not recorded as a write. */
    public synchronized boolean delete(String table, Map<String, AttributeValue> key) {
        Table t = table(table);
        return t.rows.remove(t.canonicalKey(key, true)) != null;
    }

    /**
     * Makes describe report this item count and size, as DynamoDB does for up to six hours after a
     * table was loaded, whatever the table holds.
     */
    public synchronized InMemoryItemStore describeAs(String table, long itemCount, long sizeBytes) {
        table(table);
        staleDescriptions.put(table, new long[] {itemCount, sizeBytes});
        return this;
    }

    /** Gives the table a stream of this view type (NEW_AND_OLD_IMAGES, KEYS_ONLY...), as describe reports it. */
    public synchronized InMemoryItemStore withStream(String table, String viewType) {
        table(table);
        streams.put(table, viewType);
        return this;
    }

    /** Makes describe report this write capacity (DynamoDB Local reports on demand with no maximum and no warm throughput). */
    public synchronized InMemoryItemStore withWriteCapacity(String table, TableInfo.WriteCapacity capacity) {
        table(table);
        capacities.put(table, capacity);
        return this;
    }

    /** Turns time to live on for the table, deleting by {@code attribute} (this store never deletes anything itself). */
    public synchronized InMemoryItemStore withTimeToLive(String table, String attribute) {
        table(table);
        timeToLive.put(table, attribute);
        return this;
    }

    /** Answers DescribeTimeToLive as a DynamoDB without it would: an unknown operation. */
    public synchronized InMemoryItemStore withoutTimeToLive() {
        timeToLiveUnsupported = true;
        return this;
    }

    // ---- inspection ---------------------------------------------------------------------------

    public synchronized Optional<Map<String, AttributeValue>> item(String table, Map<String, AttributeValue> key) {
        Table t = table(table);
        return Optional.ofNullable(t.rows.get(t.canonicalKey(key, true))).map(InMemoryItemStore::copy);
    }

    /** Every item of a table, in scan order (copies). */
    public synchronized List<Map<String, AttributeValue>> items(String table) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        table(table).rows.values().forEach(item -> all.add(copy(item)));
        return all;
    }

    public synchronized int count(String table) {
        return table(table).rows.size();
    }

    /** Every item keyed by a canonical form of its key, for comparing a table before and after. */
    public synchronized Map<String, Map<String, AttributeValue>> snapshot(String table) {
        Map<String, Map<String, AttributeValue>> snapshot = new TreeMap<>();
        table(table).rows.forEach((key, item) -> snapshot.put(key, copy(item)));
        return snapshot;
    }

    public synchronized boolean exists(String table) {
        return tables.containsKey(table);
    }

    /** The segment of {@code totalSegments} an item with this key belongs to. */
    public synchronized int segmentOf(String table, Map<String, AttributeValue> key, int totalSegments) {
        Table t = table(table);
        return segment(t.hashPart(key.get(t.hash.name())), totalSegments);
    }

    /** Every BatchWriteItem call, in order, including calls that failed or were refused. */
    public synchronized List<WriteCall> writeCalls() {
        return List.copyOf(writeCalls);
    }

    /** The tables any BatchWriteItem call was aimed at, whether or not it succeeded. */
    public synchronized Set<String> tablesWrittenTo() {
        Set<String> names = new LinkedHashSet<>();
        writeCalls.forEach(c -> names.add(c.table()));
        return names;
    }

    /** The requests the store applied to a table, in order. */
    public synchronized List<WriteRequest> writesTo(String table) {
        List<WriteRequest> applied = new ArrayList<>();
        for (WriteCall call : writeCalls) {
            if (call.table().equals(table) && !call.failed()) {
                // The store leaves the first requests of a call unprocessed, so the rest were applied.
                applied.addAll(call.requests().subList(call.unprocessed().size(), call.requests().size()));
            }
        }
        return applied;
    }

    public synchronized int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    /** Calls of {@code operation} on one table. */
    public synchronized int calls(Operation operation, String table) {
        return callsByTable.getOrDefault(operation + " " + table, 0);
    }

    // ---- faults -------------------------------------------------------------------------------

    /**
     * Makes {@code times} calls of {@code operation} (on {@code table}, or any table when null) throw
     * {@link StoreUnavailableException}, after letting {@code afterCalls} matching calls through.
     * {@code times} &lt; 0 means every matching call from then on.
     */
    public synchronized InMemoryItemStore failOn(Operation operation, String table, int afterCalls, int times) {
        faults.add(new Fault(operation, table, afterCalls, times));
        return this;
    }

    /** Every call of {@code operation} on {@code table} (any table when null) fails from now on. */
    public synchronized InMemoryItemStore failAlways(Operation operation, String table) {
        return failOn(operation, table, 0, -1);
    }

    /** The {@code n}-th BatchWriteItem call from now (1-based, any table) throws {@link StoreUnavailableException}. */
    public synchronized InMemoryItemStore failWriteCall(int n) {
        return failOn(Operation.BATCH_WRITE, null, n - 1, 1);
    }

    /**
     * The next {@code calls} BatchWriteItem calls (on {@code table}, or any table when null) leave
     * their first {@code firstN} requests unprocessed: not applied, and returned to the caller.
     * {@code calls} &lt; 0 means every call from now on.
     */
    public synchronized InMemoryItemStore leaveUnprocessed(String table, int firstN, int calls) {
        unprocessed.add(new Unprocessed(table, firstN, calls));
        return this;
    }

    public synchronized void clearFaults() {
        faults.clear();
        unprocessed.clear();
    }

    // ---- ItemStore ----------------------------------------------------------------------------

    @Override
    public synchronized Optional<TableInfo> describe(String table) {
        called(Operation.DESCRIBE, table);
        Table t = tables.get(table);
        if (t == null) {
            return Optional.empty();
        }
        long bytes = t.rows.values().stream().mapToLong(ItemSize::of).sum();
        long[] stale = staleDescriptions.get(table);
        return Optional.of(new TableInfo(t.name, t.hash, t.range, t.indexes, stale != null ? stale[0] : t.rows.size(),
                stale != null ? stale[1] : bytes, streams.get(table), capacities.get(table)));
    }

    @Override
    public synchronized List<String> listTables() {
        called(Operation.LIST_TABLES, null);
        return new ArrayList<>(tables.keySet());
    }

    @Override
    public synchronized ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey,
                                      int limit, boolean consistentRead) {
        called(Operation.SCAN, table);
        Table t = existing(table);
        if (totalSegments < 1 || segment < 0 || segment >= totalSegments) {
            throw validation("Segment " + segment + " is not valid for TotalSegments " + totalSegments);
        }
        if (limit < 1) {
            throw validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to 1");
        }
        NavigableMap<String, Map<String, AttributeValue>> rest = t.rows;
        if (exclusiveStartKey != null && !exclusiveStartKey.isEmpty()) {
            rest = t.rows.tailMap(t.canonicalKey(exclusiveStartKey, true), false);
        }
        List<Map<String, AttributeValue>> page = new ArrayList<>();
        Map<String, AttributeValue> last = null;
        for (Map<String, AttributeValue> item : rest.values()) {
            if (segment(t.hashPart(item.get(t.hash.name())), totalSegments) != segment) {
                continue;
            }
            page.add(copy(item));
            if (page.size() == limit) {
                last = t.keyOf(item);
                break;
            }
        }
        return new ScanPage(page, last);
    }

    /** Pages end, as DynamoDB's do, once they have read 1 MB; such a page has a last evaluated key. */
    @Override
    public synchronized CountPage count(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey) {
        called(Operation.COUNT, table);
        Table t = existing(table);
        if (totalSegments < 1 || segment < 0 || segment >= totalSegments) {
            throw validation("Segment " + segment + " is not valid for TotalSegments " + totalSegments);
        }
        NavigableMap<String, Map<String, AttributeValue>> rest = t.rows;
        if (exclusiveStartKey != null && !exclusiveStartKey.isEmpty()) {
            rest = t.rows.tailMap(t.canonicalKey(exclusiveStartKey, true), false);
        }
        long count = 0;
        long bytes = 0;
        for (Map<String, AttributeValue> item : rest.values()) {
            if (segment(t.hashPart(item.get(t.hash.name())), totalSegments) != segment) {
                continue;
            }
            count++;
            bytes += ItemSize.of(item);
            if (bytes >= CountPage.PAGE_BYTES) {
                return new CountPage(count, t.keyOf(item));
            }
        }
        return new CountPage(count, null);
    }

    @Override
    public synchronized Optional<String> timeToLiveAttribute(String table) {
        called(Operation.DESCRIBE_TIME_TO_LIVE, table);
        existing(table);
        if (timeToLiveUnsupported) {
            throw DynamoDbException.builder()
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnknownOperationException")
                            .errorMessage("An unknown operation was requested.").build())
                    .statusCode(400).build();
        }
        return Optional.ofNullable(timeToLive.get(table));
    }

    @Override
    public synchronized List<Map<String, AttributeValue>> getAll(String table, Collection<Map<String, AttributeValue>> keys,
                                                                 boolean consistentRead) {
        called(Operation.GET_ALL, table);
        Table t = existing(table);
        List<Map<String, AttributeValue>> all = new ArrayList<>(keys);
        Set<String> wanted = new java.util.TreeSet<>();
        for (int from = 0; from < all.size(); from += GET_CHUNK) {
            Set<String> chunk = new java.util.HashSet<>();
            for (Map<String, AttributeValue> key : all.subList(from, Math.min(all.size(), from + GET_CHUNK))) {
                String canonical = t.canonicalKey(key, true);
                if (!chunk.add(canonical)) {
                    throw validation("Provided list of item keys contains duplicates");
                }
                wanted.add(canonical);
            }
        }
        // In store order, not request order: DynamoDB promises no order either.
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (String key : wanted) {
            Map<String, AttributeValue> item = t.rows.get(key);
            if (item != null) {
                found.add(copy(item));
            }
        }
        return found;
    }

    @Override
    public synchronized List<Map<String, AttributeValue>> query(TableInfo table, AttributeValue hashKeyValue, int limit) {
        called(Operation.QUERY, table.name());
        Table t = existing(table.name());
        checkType(t, t.hash, hashKeyValue);
        String hashPart = t.hashPart(hashKeyValue);
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (Map<String, AttributeValue> item : t.rows.values()) {
            if (t.hashPart(item.get(t.hash.name())).equals(hashPart) && found.size() < limit) {
                found.add(copy(item));
            }
        }
        return found;
    }

    @Override
    public synchronized Set<String> existingHashKeys(TableInfo table, Collection<String> hashKeyValues) {
        called(Operation.EXISTING_HASH_KEYS, table.name());
        Table t = existing(table.name());
        if (t.hash.type() != ScalarAttributeType.S) {
            throw validation("One or more parameter values were invalid: Type mismatch for key " + t.hash.name()
                    + " expected: " + t.hash.type() + " actual: S");
        }
        Set<String> present = new java.util.HashSet<>();
        t.rows.values().forEach(item -> present.add(item.get(t.hash.name()).s()));
        Set<String> found = new java.util.HashSet<>();
        for (String value : hashKeyValues) {
            if (present.contains(value)) {
                found.add(value);
            }
        }
        return found;
    }

    private final Set<String> pointInTimeRecovery = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> backups = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Global secondary indexes by table: each one's key attributes, by name. */
    private final Map<String, Map<String, Set<String>>> indexes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every projected scan ({@link #scanAttributes}) by what it read: {@code table}, or {@code table/index}. */
    private final List<String> projectedScans = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Gives {@code table} an active global secondary index keyed by {@code attributes}: what {@link #indexOn} finds. */
    public InMemoryItemStore withIndex(String table, String index, String... attributes) {
        indexes.computeIfAbsent(table, t -> new java.util.concurrent.ConcurrentHashMap<>()).put(index, Set.of(attributes));
        return this;
    }

    /** The projected scans' pages so far, each as the table ({@code Users}) or index ({@code Users/byUsername}) it read. */
    public List<String> projectedScans() {
        return List.copyOf(projectedScans);
    }

    @Override
    public Optional<String> indexOn(String table, Collection<String> attributes) {
        return indexes.getOrDefault(table, Map.of()).entrySet().stream().filter(e -> e.getValue().equals(Set.copyOf(attributes)))
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    /** A page of {@link #scan}, of the items the index holds (those with all its key attributes), carrying {@code attributes}. */
    @Override
    public ScanPage scanAttributes(String table, String index, List<String> attributes, int segment, int totalSegments,
                                   Map<String, AttributeValue> exclusiveStartKey, int limit) {
        projectedScans.add(index == null ? table : table + "/" + index);
        Set<String> keys = index == null ? Set.of() : indexes.getOrDefault(table, Map.of()).get(index);
        if (keys == null) {
            throw validation("The table does not have the specified index: " + index);
        }
        ScanPage page = scan(table, segment, totalSegments, exclusiveStartKey, limit, false);
        List<Map<String, AttributeValue>> projected = new ArrayList<>();
        for (Map<String, AttributeValue> item : page.items()) {
            if (item.keySet().containsAll(keys)) {
                Map<String, AttributeValue> kept = new java.util.HashMap<>(item);
                kept.keySet().retainAll(attributes);
                projected.add(kept);
            }
        }
        return new ScanPage(projected, page.lastEvaluatedKey());
    }

    /** Marks tables as having point-in-time recovery on. */
    public InMemoryItemStore withPointInTimeRecovery(String... tables) {
        pointInTimeRecovery.addAll(List.of(tables));
        return this;
    }

    /** Every on-demand backup taken, as {@code table/backupName}. */
    public List<String> backups() {
        return List.copyOf(backups);
    }

    private volatile boolean backupsUnsupported;

    /** Answers the backup calls as DynamoDB Local does: an unknown operation. */
    public InMemoryItemStore withoutBackups() {
        backupsUnsupported = true;
        return this;
    }

    @Override
    public boolean pointInTimeRecovery(String table) {
        if (backupsUnsupported) {
            throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder()
                    .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                            .errorCode("UnknownOperationException").errorMessage("An unknown operation was requested.").build())
                    .statusCode(400).build();
        }
        return pointInTimeRecovery.contains(table);
    }

    @Override
    public String createBackup(String table, String backupName) {
        backups.add(table + "/" + backupName);
        return "arn:aws:dynamodb:local:000000000000:table/" + table + "/backup/" + backupName;
    }

    @Override
    public synchronized List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
        called(Operation.BATCH_WRITE, table);
        List<WriteRequest> sent = List.copyOf(requests);
        if (sent.isEmpty()) {
            return List.of();
        }
        try {
            Table t = existing(table);
            if (sent.size() > MAX_BATCH_WRITE) {
                throw validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
                        + "Map value must satisfy constraint: [Member must have length less than or equal to 25]");
            }
            Set<String> keys = new java.util.HashSet<>();
            for (WriteRequest request : sent) {
                Map<String, AttributeValue> key = keyOf(t, request);
                if (!keys.add(t.canonicalKey(key, true))) {
                    throw validation("Provided list of item keys contains duplicates");
                }
                if (request.putRequest() != null) {
                    t.check(request.putRequest().item());
                }
            }
            fault(Operation.BATCH_WRITE, table);
        } catch (RuntimeException e) {
            writeCalls.add(new WriteCall(table, sent, List.of(), true));
            throw e;
        }
        int leave = unprocessedCount(table, sent.size());
        List<WriteRequest> left = new ArrayList<>(sent.subList(0, leave));
        Table t = tables.get(table);
        for (WriteRequest request : sent.subList(leave, sent.size())) {
            if (request.putRequest() != null) {
                t.put(request.putRequest().item());
            } else {
                t.rows.remove(t.canonicalKey(request.deleteRequest().key(), true));
            }
        }
        writeCalls.add(new WriteCall(table, sent, List.copyOf(left), false));
        return left;
    }

    /**
     * Each write as DynamoDB carries out a conditional PutItem or DeleteItem: only if its key holds nothing (an
     * only-if-absent write) or an item with every expected attribute equal. Throttling faults and unprocessed counts apply
     * to the call as a whole, leaving it and everything after it unprocessed.
     */
    @Override
    public synchronized GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes) {
        called(Operation.CONDITIONAL_WRITE, table);
        Table t = existing(table);
        List<GuardedWrite> sent = List.copyOf(writes);
        int leave = unprocessedCount(table, sent.size());
        List<GuardedOutcome.Refused> refused = new ArrayList<>();
        List<WriteRequest> requests = new ArrayList<>();
        for (GuardedWrite write : sent.subList(leave, sent.size())) {
            if (!t.hash.name().equals(write.hashKey())) {
                throw validation("the condition names " + write.hashKey() + ", not the table's partition key " + t.hash.name());
            }
            Map<String, AttributeValue> key = keyOf(t, write.request());
            Map<String, AttributeValue> there = t.rows.get(t.canonicalKey(key, true));
            if (!holds(there, write.expected())) {
                refused.add(new GuardedOutcome.Refused(write, there == null ? Map.of() : copy(there)));
                continue;
            }
            requests.add(write.request());
            if (write.request().putRequest() != null) {
                t.check(write.request().putRequest().item());
                t.put(write.request().putRequest().item());
            } else {
                t.rows.remove(t.canonicalKey(key, true));
            }
        }
        writeCalls.add(new WriteCall(table, requests, List.of(), false));
        return new GuardedOutcome(sent.subList(0, leave), refused);
    }

    /** Whether a key holding {@code there} (null: nothing) meets a guarded write's expectation. */
    private static boolean holds(Map<String, AttributeValue> there, Map<String, AttributeValue> expected) {
        if (expected == null || there == null) {
            return expected == null && there == null;
        }
        for (Map.Entry<String, AttributeValue> attribute : expected.entrySet()) {
            AttributeValue held = there.get(attribute.getKey());
            if (held == null || !ContentDigest.same(Map.of("v", held), Map.of("v", attribute.getValue()))) {
                return false;
            }
        }
        return true;
    }

    // ---- internals ----------------------------------------------------------------------------

    private void called(Operation operation, String table) {
        calls.merge(operation, 1, Integer::sum);
        callsByTable.merge(operation + " " + table, 1, Integer::sum);
        if (operation != Operation.BATCH_WRITE) {
            fault(operation, table);
        }
    }

    private void fault(Operation operation, String table) {
        for (Fault fault : faults) {
            if (fault.operation != operation || (fault.table != null && !fault.table.equals(table)) || fault.times == 0) {
                continue;
            }
            if (fault.skip > 0) {
                fault.skip--;
                continue;
            }
            if (fault.times > 0) {
                fault.times--;
            }
            throw new StoreUnavailableException("table " + table + ": DynamoDB unavailable (injected fault on "
                    + operation + ")", null);
        }
    }

    private int unprocessedCount(String table, int size) {
        for (Unprocessed rule : unprocessed) {
            if (rule.calls != 0 && (rule.table == null || rule.table.equals(table))) {
                if (rule.calls > 0) {
                    rule.calls--;
                }
                return Math.min(rule.firstN, size);
            }
        }
        return 0;
    }

    private static Map<String, AttributeValue> keyOf(Table t, WriteRequest request) {
        PutRequest put = request.putRequest();
        DeleteRequest delete = request.deleteRequest();
        if ((put == null) == (delete == null)) {
            throw validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                    + "supported datatypes");
        }
        if (put != null) {
            Map<String, AttributeValue> key = t.keyOf(put.item());
            if (key == null) {
                throw validation("One of the required keys was not given a value");
            }
            return key;
        }
        return delete.key();
    }

    private Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no table " + name + " in the in-memory store");
        }
        return t;
    }

    private Table existing(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw ResourceNotFoundException.builder().message("Requested resource not found: Table: " + name + " not found")
                    .statusCode(400).build();
        }
        return t;
    }

    static DynamoDbException validation(String message) {
        return (DynamoDbException) DynamoDbException.builder()
                .message(message)
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").errorMessage(message)
                        .serviceName("DynamoDb").build())
                .build();
    }

    private static void checkType(Table t, TableInfo.KeyAttribute attribute, AttributeValue value) {
        if (value == null) {
            throw validation("One of the required keys was not given a value");
        }
        AttributeValue.Type expected = switch (attribute.type()) {
            case S -> AttributeValue.Type.S;
            case N -> AttributeValue.Type.N;
            case B -> AttributeValue.Type.B;
            default -> throw new IllegalStateException("unknown key type " + attribute.type());
        };
        if (value.type() != expected) {
            throw validation("One or more parameter values were invalid: Type mismatch for key " + attribute.name()
                    + " expected: " + attribute.type() + " actual: " + value.type());
        }
        if ((expected == AttributeValue.Type.S && value.s().isEmpty())
                || (expected == AttributeValue.Type.B && value.b().asByteArrayUnsafe().length == 0)) {
            throw validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                    + "contain an empty string value. IndexName: " + t.name + ", IndexKey: " + attribute.name());
        }
    }

    private static int segment(String hashPart, int totalSegments) {
        if (totalSegments == 1) {
            return 0;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hashPart.getBytes(StandardCharsets.UTF_8));
            return (int) Math.floorMod(ByteBuffer.wrap(digest).getLong(), (long) totalSegments);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deep copy: binary values are copied too, since {@link SdkBytes} can share its array. */
    static Map<String, AttributeValue> copy(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new LinkedHashMap<>();
        item.forEach((name, value) -> copy.put(name, copy(value)));
        return copy;
    }

    private static AttributeValue copy(AttributeValue value) {
        return switch (value.type()) {
            case B -> AttributeValue.fromB(SdkBytes.fromByteArray(value.b().asByteArray()));
            case BS -> AttributeValue.fromBs(value.bs().stream().map(b -> SdkBytes.fromByteArray(b.asByteArray())).toList());
            case L -> AttributeValue.fromL(value.l().stream().map(InMemoryItemStore::copy).toList());
            case M -> AttributeValue.fromM(copy(value.m()));
            case S, N, BOOL, NUL, SS, NS -> value;
            default -> throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        };
    }

    private static void checkValue(String name, AttributeValue value) {
        switch (value.type()) {
            case SS -> {
                if (value.ss().isEmpty() || new java.util.HashSet<>(value.ss()).size() != value.ss().size()) {
                    throw validation("One or more parameter values were invalid: An string set may not be empty or "
                            + "contain duplicates (attribute " + name + ")");
                }
            }
            case NS -> {
                if (value.ns().isEmpty()) {
                    throw validation("One or more parameter values were invalid: An number set may not be empty (attribute "
                            + name + ")");
                }
            }
            case BS -> {
                if (value.bs().isEmpty()) {
                    throw validation("One or more parameter values were invalid: An binary set may not be empty (attribute "
                            + name + ")");
                }
            }
            case L -> value.l().forEach(element -> checkValue(name, element));
            case M -> value.m().forEach((inner, element) -> checkValue(name + "." + inner, element));
            case S, N, B, BOOL, NUL -> { }
            default -> throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
    }

    /** One table: its key schema and items, keyed by a canonical key string (the scan order). */
    private static final class Table {
        final String name;
        final TableInfo.KeyAttribute hash;
        final TableInfo.KeyAttribute range;
        final List<String> indexes;
        final TreeMap<String, Map<String, AttributeValue>> rows = new TreeMap<>();

        Table(String name, TableInfo.KeyAttribute hash, TableInfo.KeyAttribute range, List<String> indexes) {
            this.name = name;
            this.hash = hash;
            this.range = range;
            this.indexes = List.copyOf(indexes);
        }

        void put(Map<String, AttributeValue> item) {
            check(item);
            rows.put(canonicalKey(keyOf(item), true), copy(item));
        }

        void check(Map<String, AttributeValue> item) {
            checkType(this, hash, item.get(hash.name()));
            if (range != null) {
                checkType(this, range, item.get(range.name()));
            }
            item.forEach(InMemoryItemStore::checkValue);
            long size = ItemSize.of(item);
            if (size > ItemSize.LIMIT_BYTES) {
                throw validation("Item size has exceeded the maximum allowed size");
            }
        }

        Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            AttributeValue h = item.get(hash.name());
            if (h == null) {
                return null;
            }
            key.put(hash.name(), h);
            if (range != null) {
                AttributeValue r = item.get(range.name());
                if (r == null) {
                    return null;
                }
                key.put(range.name(), r);
            }
            return key;
        }

        /** Checks that {@code key} is exactly this table's key and returns its canonical form. */
        String canonicalKey(Map<String, AttributeValue> key, boolean strict) {
            int expected = range == null ? 1 : 2;
            if (key == null || (strict && key.size() != expected)) {
                throw validation("The provided key element does not match the schema");
            }
            checkType(this, hash, key.get(hash.name()));
            String canonical = hashPart(key.get(hash.name()));
            if (range != null) {
                checkType(this, range, key.get(range.name()));
                canonical += "\u0001" + scalar(key.get(range.name()));
            }
            return canonical;
        }

        String hashPart(AttributeValue value) {
            return scalar(value);
        }

        private static String scalar(AttributeValue value) {
            return switch (value.type()) {
                case S -> "S" + value.s();
                // DynamoDB keys 1, 1.0 and 1.00 as the same number.
                case N -> "N" + (new BigDecimal(value.n()).signum() == 0 ? "0"
                        : new BigDecimal(value.n()).stripTrailingZeros().toPlainString());
                case B -> "B" + HexFormat.of().formatHex(value.b().asByteArrayUnsafe());
                default -> throw validation("Member must be a scalar for a key attribute");
            };
        }
    }

    private static final class Fault {
        final Operation operation;
        final String table;
        int skip;
        int times;

        Fault(Operation operation, String table, int skip, int times) {
            this.operation = operation;
            this.table = table;
            this.skip = skip;
            this.times = times;
        }
    }

    private static final class Unprocessed {
        final String table;
        final int firstN;
        int calls;

        Unprocessed(String table, int firstN, int calls) {
            this.table = table;
            this.firstN = firstN;
            this.calls = calls;
        }
    }
}
