package dev.dmig.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.BillingModeSummary;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableWarmThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link ItemStore} over the AWS SDK v2 DynamoDB client (real DynamoDB or DynamoDB Local). */
public final class DynamoDbItemStore implements ItemStore {
    private static final int GET_BATCH = 100;
    private static final int MAX_UNPROCESSED_ROUNDS = 10;
    private final DynamoDbClient dynamoDb;
    /** The endpoint the user named, if any: a server there that refuses connections is not running. */
    private final URI endpoint;

    /** Reaches the plan's sides in other accounts, if this store may; null when it reaches only its own. */
    private final AccountClients accounts;
    /** A deployed stack's: the only sides this store reaches; null for a local process, which reaches any. */
    private final StackReach reach;

    /** A store of the process's own account only: a plan with a side elsewhere is refused by {@link #across}. */
    public DynamoDbItemStore(DynamoDbClient dynamoDb) {
        this(dynamoDb, null);
    }

    /** A store of the process's own account that reaches other accounts through {@code accounts}. */
    public DynamoDbItemStore(DynamoDbClient dynamoDb, AccountClients accounts) {
        this(dynamoDb, accounts, null);
    }

    /** A deployed function's store: as {@link #DynamoDbItemStore(DynamoDbClient, AccountClients)}, within {@code reach}. */
    public DynamoDbItemStore(DynamoDbClient dynamoDb, AccountClients accounts, StackReach reach) {
        this.dynamoDb = dynamoDb;
        this.endpoint = dynamoDb.serviceClientConfiguration().endpointOverride().orElse(null);
        this.accounts = accounts;
        this.reach = reach;
    }

    /** Refuses, before any request, sides past a deployed stack's reach ({@link StackReach}). */
    @Override
    public ItemStore across(Sides sides) {
        if (reach != null) {
            List<String> problems = reach.problems(sides);
            if (!problems.isEmpty()) {
                throw new StoreRefusedException("this deployed stack does not reach the plan's tables: "
                        + String.join("; ", problems), null);
            }
        }
        if (sides.oneAccount()) {
            return this;
        }
        if (accounts == null) {
            throw new IllegalStateException("this DynamoDB store reaches only its own account, not "
                    + (sides.source().own() ? sides.target() : sides.source()).describe());
        }
        return new SidedItemStore(sides, sides.source().own() ? this : accounts.store(sides.source()),
                sides.target().own() ? this : accounts.store(sides.target()));
    }

    @Override
    public Optional<DynamoDbClient> client(String table) {
        return Optional.of(dynamoDb);
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        try {
            TableDescription description = call(table, () -> dynamoDb.describeTable(b -> b.tableName(table)).table());
            Map<String, ScalarAttributeType> types = new HashMap<>();
            description.attributeDefinitions().forEach(d -> types.put(d.attributeName(), d.attributeType()));
            TableInfo.KeyAttribute hash = null;
            TableInfo.KeyAttribute range = null;
            for (KeySchemaElement element : description.keySchema()) {
                TableInfo.KeyAttribute key = new TableInfo.KeyAttribute(element.attributeName(), types.get(element.attributeName()));
                if (element.keyType() == KeyType.HASH) {
                    hash = key;
                } else {
                    range = key;
                }
            }
            List<String> indexes = new ArrayList<>();
            description.globalSecondaryIndexes().forEach(i -> indexes.add(i.indexName()));
            description.localSecondaryIndexes().forEach(i -> indexes.add(i.indexName()));
            StreamSpecification stream = description.streamSpecification();
            String streamViewType = stream != null && Boolean.TRUE.equals(stream.streamEnabled())
                    ? stream.streamViewTypeAsString() : null;
            return Optional.of(new TableInfo(table, hash, range, indexes,
                    orZero(description.itemCount()), orZero(description.tableSizeBytes()), streamViewType,
                    writeCapacity(description)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Provisioned WCU of the table and its GSIs, or their on-demand maximums (0: none set), and the table's warm throughput. */
    static TableInfo.WriteCapacity writeCapacity(TableDescription description) {
        BillingModeSummary billing = description.billingModeSummary();
        // A table that was never switched to on-demand has no billing summary: it is provisioned.
        boolean onDemand = billing != null && billing.billingMode() == BillingMode.PAY_PER_REQUEST;
        List<Long> indexUnits = new ArrayList<>();
        for (GlobalSecondaryIndexDescription index : description.globalSecondaryIndexes()) {
            indexUnits.add(onDemand ? onDemandUnits(index.onDemandThroughput())
                    : index.provisionedThroughput() == null ? 0 : orZero(index.provisionedThroughput().writeCapacityUnits()));
        }
        long tableUnits = onDemand ? onDemandUnits(description.onDemandThroughput())
                : description.provisionedThroughput() == null ? 0 : orZero(description.provisionedThroughput().writeCapacityUnits());
        TableWarmThroughputDescription warm = description.warmThroughput();
        long warmUnits = warm == null || warm.writeUnitsPerSecond() == null ? 0 : warm.writeUnitsPerSecond();
        return new TableInfo.WriteCapacity(onDemand, tableUnits, indexUnits, warmUnits);
    }

    private static long onDemandUnits(OnDemandThroughput throughput) {
        // -1 (or nothing) removes the maximum.
        return throughput == null || throughput.maxWriteRequestUnits() == null ? 0 : Math.max(0, throughput.maxWriteRequestUnits());
    }

    @Override
    public List<String> listTables() {
        List<String> names = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            ListTablesResponse page = call("(list tables)", () -> dynamoDb.listTables(b -> b.exclusiveStartTableName(from)));
            names.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
        } while (start != null);
        return names;
    }

    @Override
    public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey,
                         int limit, boolean consistentRead) {
        ScanResponse response = call(table, () -> dynamoDb.scan(b -> {
            b.tableName(table).limit(limit).consistentRead(consistentRead);
            if (totalSegments > 1) {
                b.segment(segment).totalSegments(totalSegments);
            }
            if (exclusiveStartKey != null && !exclusiveStartKey.isEmpty()) {
                b.exclusiveStartKey(exclusiveStartKey);
            }
        }));
        Map<String, AttributeValue> last = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
        return new ScanPage(response.items(), last == null || last.isEmpty() ? null : last);
    }

    @Override
    public Optional<String> indexOn(String table, Collection<String> attributes) {
        TableDescription description;
        try {
            description = call(table, () -> dynamoDb.describeTable(b -> b.tableName(table)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        Set<String> wanted = Set.copyOf(attributes);
        return description.globalSecondaryIndexes().stream()
                // An index still being built (backfilling) does not hold every item yet.
                .filter(index -> index.indexStatus() == IndexStatus.ACTIVE && !Boolean.TRUE.equals(index.backfilling()))
                .filter(index -> index.keySchema().size() == wanted.size() && index.keySchema().stream()
                        .map(KeySchemaElement::attributeName).collect(Collectors.toSet()).equals(wanted))
                .map(GlobalSecondaryIndexDescription::indexName).findFirst();
    }

    @Override
    public ScanPage scanAttributes(String table, String index, List<String> attributes, int segment, int totalSegments,
                                   Map<String, AttributeValue> exclusiveStartKey, int limit) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            // Placeholders: an attribute may be named by a reserved word (name, status, ...).
            names.put("#a" + i, attributes.get(i));
        }
        ScanResponse response = call(table, () -> dynamoDb.scan(b -> {
            b.tableName(table).limit(limit).projectionExpression(String.join(", ", names.keySet())).expressionAttributeNames(names);
            if (index != null) {
                b.indexName(index);
            }
            if (totalSegments > 1) {
                b.segment(segment).totalSegments(totalSegments);
            }
            if (exclusiveStartKey != null && !exclusiveStartKey.isEmpty()) {
                b.exclusiveStartKey(exclusiveStartKey);
            }
        }));
        Map<String, AttributeValue> last = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
        return new ScanPage(response.items(), last == null || last.isEmpty() ? null : last);
    }

    @Override
    public CountPage count(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey) {
        ScanResponse response = call(table, () -> dynamoDb.scan(b -> {
            b.tableName(table).select(Select.COUNT);
            if (totalSegments > 1) {
                b.segment(segment).totalSegments(totalSegments);
            }
            if (exclusiveStartKey != null && !exclusiveStartKey.isEmpty()) {
                b.exclusiveStartKey(exclusiveStartKey);
            }
        }));
        Map<String, AttributeValue> last = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
        return new CountPage(response.count() == null ? 0 : response.count(),
                last == null || last.isEmpty() ? null : last);
    }

    @Override
    public Optional<String> timeToLiveAttribute(String table) {
        TimeToLiveDescription ttl = call(table, () -> dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription());
        boolean on = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        return on ? Optional.ofNullable(ttl.attributeName()) : Optional.empty();
    }

    @Override
    public List<Map<String, AttributeValue>> getAll(String table, Collection<Map<String, AttributeValue>> keys,
                                                    boolean consistentRead) {
        return fetch(table, keys, consistentRead, null);
    }

    @Override
    public List<Map<String, AttributeValue>> query(TableInfo table, AttributeValue hashKeyValue, int limit) {
        return call(table.name(), () -> dynamoDb.query(b -> b.tableName(table.name())
                .keyConditionExpression("#k = :v")
                .expressionAttributeNames(Map.of("#k", table.hashKey().name()))
                .expressionAttributeValues(Map.of(":v", hashKeyValue))
                .consistentRead(true)
                .limit(limit))).items();
    }

    @Override
    public Set<String> existingHashKeys(TableInfo table, Collection<String> hashKeyValues) {
        Set<String> found = new HashSet<>();
        String hash = table.hashKey().name();
        if (table.rangeKey() == null) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>(hashKeyValues.size());
            new HashSet<>(hashKeyValues).forEach(v -> keys.add(Map.of(hash, AttributeValue.fromS(v))));
            for (Map<String, AttributeValue> item : fetch(table.name(), keys, false, "#k")) {
                found.add(item.get(hash).s());
            }
            return found;
        }
        // A composite key cannot be fetched by its partition value alone: ask for one item of each, several at once.
        List<String> values = List.copyOf(new HashSet<>(hashKeyValues));
        List<Integer> counts = Reads.all(values, value -> call(table.name(), () -> dynamoDb.query(b -> b.tableName(table.name())
                .keyConditionExpression("#k = :v")
                .expressionAttributeNames(Map.of("#k", hash))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value)))
                .limit(1))).count());
        for (int i = 0; i < values.size(); i++) {
            if (counts.get(i) > 0) {
                found.add(values.get(i));
            }
        }
        return found;
    }

    @Override
    public boolean pointInTimeRecovery(String table) {
        var description = call(table, () -> dynamoDb.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription());
        return description.pointInTimeRecoveryDescription() != null
                && description.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
    }

    @Override
    public String createBackup(String table, String backupName) {
        return call(table, () -> dynamoDb.createBackup(b -> b.tableName(table).backupName(backupName)).backupDetails().backupArn());
    }

    @Override
    public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        try {
            var response = call(table, () -> SdkRetryStrategy.paced(
                    () -> dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, requests)))));
            return response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
        } catch (StoreUnavailableException e) {
            // A throttled call wrote nothing: to the caller, who paces the table, it is a batch left wholly unprocessed.
            if (SdkRetryStrategy.isThrottling(e.getCause())) {
                return requests;
            }
            throw e;
        }
    }

    @Override
    public GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes) {
        List<GuardedWrite> unprocessed = new ArrayList<>();
        List<GuardedOutcome.Refused> refused = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            GuardedWrite write = writes.get(i);
            try {
                call(table, () -> SdkRetryStrategy.paced(() -> guarded(table, write)));
            } catch (ConditionalCheckFailedException e) {
                refused.add(new GuardedOutcome.Refused(write, e.hasItem() && !e.item().isEmpty() ? e.item() : held(table, write)));
            } catch (StoreUnavailableException e) {
                // A throttled call wrote nothing: it and the writes after it go back to the caller, who paces the table.
                if (!SdkRetryStrategy.isThrottling(e.getCause())) {
                    throw e;
                }
                unprocessed.addAll(writes.subList(i, writes.size()));
                break;
            }
        }
        return new GuardedOutcome(unprocessed, refused);
    }

    /** One conditional PutItem or DeleteItem, returning the item it found when its condition fails. */
    private Object guarded(String table, GuardedWrite write) {
        Conditions condition = Conditions.of(write);
        Map<String, AttributeValue> values = condition.values().isEmpty() ? null : condition.values();
        if (write.request().putRequest() != null) {
            return dynamoDb.putItem(b -> b.tableName(table).item(write.request().putRequest().item())
                    .conditionExpression(condition.expression()).expressionAttributeNames(condition.names())
                    .expressionAttributeValues(values).returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        }
        return dynamoDb.deleteItem(b -> b.tableName(table).key(write.request().deleteRequest().key())
                .conditionExpression(condition.expression()).expressionAttributeNames(condition.names())
                .expressionAttributeValues(values).returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    }

    /** What a refused write's key holds, read again where the refusal did not return it (empty: nothing). */
    private Map<String, AttributeValue> held(String table, GuardedWrite write) {
        TableInfo info = describe(table).orElseThrow(() -> new IllegalStateException("table " + table + " disappeared"));
        Map<String, AttributeValue> key = write.request().putRequest() != null
                ? info.keyOf(write.request().putRequest().item()) : write.request().deleteRequest().key();
        List<Map<String, AttributeValue>> found = getAll(table, List.of(key), true);
        return found.isEmpty() ? Map.of() : found.get(0);
    }

    private List<Map<String, AttributeValue>> fetch(String table, Collection<Map<String, AttributeValue>> keys,
                                                    boolean consistentRead, String keysOnlyAlias) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        List<Map<String, AttributeValue>> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += GET_BATCH) {
            List<Map<String, AttributeValue>> pending = all.subList(from, Math.min(all.size(), from + GET_BATCH));
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round == MAX_UNPROCESSED_ROUNDS) {
                    throw new StoreUnavailableException("table " + table + ": " + pending.size()
                            + " keys stayed unprocessed by BatchGetItem after " + round + " rounds", null);
                }
                KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(pending).consistentRead(consistentRead);
                if (keysOnlyAlias != null) {
                    String hash = pending.get(0).keySet().iterator().next();
                    request.projectionExpression(keysOnlyAlias).expressionAttributeNames(Map.of(keysOnlyAlias, hash));
                }
                KeysAndAttributes keysAndAttributes = request.build();
                BatchGetItemResponse response = call(table, () -> dynamoDb.batchGetItem(b -> b.requestItems(Map.of(table, keysAndAttributes))));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                KeysAndAttributes unprocessed = response.hasUnprocessedKeys() ? response.unprocessedKeys().get(table) : null;
                pending = unprocessed == null ? List.of() : unprocessed.keys();
                if (!pending.isEmpty()) {
                    Backoff.sleep(round);
                }
            }
        }
        return found;
    }

    private <T> T call(String table, Supplier<T> request) {
        try {
            return request.get();
        } catch (ResourceNotFoundException e) {
            throw e;
        } catch (SdkException e) {
            Optional<String> refusal = Refusals.of(e, table, endpoint);
            if (refusal.isPresent()) {
                throw new StoreRefusedException(refusal.get(), e);
            }
            if (isTransient(e)) {
                throw new StoreUnavailableException("table " + table + ": DynamoDB unavailable after retries: "
                        + firstLine(e.getMessage()), e);
            }
            throw e;
        }
    }

    static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
