package dev.dmig.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.faults.FaultProxy.Fault;
import dev.dmig.faults.FaultProxy.Kind;
import dev.dmig.local.SharedStack;
import dev.dmig.store.AwsClients;
import dev.dmig.store.SdkRetries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The fault proxy itself, checked on the wire against DynamoDB Local with an SDK client that does
 * not retry: each fault reaches the SDK as the error DynamoDB would send (or as a broken
 * connection), a partial batch really lands in part, and rules fire only where and as often as set.
 */
class FaultProxyIT {
    private static final AtomicInteger TABLES = new AtomicInteger();

    private FaultProxy proxy;
    private DynamoDbClient direct;
    private DynamoDbClient noRetries;
    private String table;
    private String otherTable;

    @BeforeEach
    void setUp() {
        EmbeddedStack stack = SharedStack.stack();
        proxy = FaultProxy.start(stack.dynamoDbEndpoint(), 7);
        direct = SharedStack.dynamoDb();
        noRetries = DynamoDbClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(stack.region())
                .credentialsProvider(stack.credentials())
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        table = createTable();
        otherTable = createTable();
    }

    @AfterEach
    void tearDown() {
        noRetries.close();
        direct.close();
        proxy.close();
    }

    @Test
    void throttling_reachesTheSdk_asDynamoDbsThrottlingErrors() {
        proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("PutItem").times(1);
        proxy.inject(Fault.THROTTLING).on("PutItem").times(1);

        assertThatThrownBy(() -> put(noRetries, table, "a"))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThatThrownBy(() -> put(noRetries, table, "a"))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThat(ids(table)).isEmpty();
        put(noRetries, table, "a");
        assertThat(ids(table)).containsExactly("a");
        assertThat(proxy.injected(Kind.THROTTLE)).isEqualTo(2);
    }

    @Test
    void serverErrors_reachTheSdk_as5xx() {
        proxy.inject(Fault.INTERNAL_SERVER_ERROR).on("PutItem").times(1);
        proxy.inject(Fault.SERVICE_UNAVAILABLE).on("PutItem").times(1);

        assertThatThrownBy(() -> put(noRetries, table, "a")).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
        });
        assertThatThrownBy(() -> put(noRetries, table, "a")).isInstanceOfSatisfying(DynamoDbException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(ids(table)).isEmpty();
        assertThat(proxy.injected(Kind.SERVER_ERROR)).isEqualTo(2);
    }

    @Test
    void droppedConnections_beforeOrAfterDynamoDbActed() {
        proxy.inject(Fault.DROP_BEFORE_FORWARD).on("PutItem").times(1);
        assertThatThrownBy(() -> put(noRetries, table, "before")).isInstanceOf(SdkClientException.class);
        assertThat(ids(table)).as("never reached DynamoDB Local").isEmpty();

        proxy.inject(Fault.DROP_AFTER_FORWARD).on("PutItem").times(1);
        assertThatThrownBy(() -> put(noRetries, table, "after")).isInstanceOf(SdkClientException.class);
        assertThat(ids(table)).as("written, though the client saw no answer").containsExactly("after");
        assertThat(proxy.injected(Kind.DROPPED)).isEqualTo(2);
    }

    @Test
    void partialBatchWrite_landsInPart_andReturnsTheRestUnprocessed() {
        proxy.inject(Fault.PARTIAL).on("BatchWriteItem").times(1);
        List<WriteRequest> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("k" + i)).build()).build());
        }

        BatchWriteItemResponse response = noRetries.batchWriteItem(b -> b.requestItems(Map.of(table, requests)));

        List<WriteRequest> unprocessed = response.unprocessedItems().get(table);
        assertThat(unprocessed).isNotEmpty().hasSizeLessThan(10);
        Set<String> withheld = new HashSet<>();
        unprocessed.forEach(r -> withheld.add(r.putRequest().item().get("id").s()));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            if (!withheld.contains("k" + i)) {
                expected.add("k" + i);
            }
        }
        // DynamoDB Local took the rewritten (re-sized, no longer signed as sent) body: it does not check signatures.
        assertThat(ids(table)).isEqualTo(expected);
        assertThat(proxy.injected(Kind.PARTIAL)).isEqualTo(1);
        assertThat(proxy.forwarded("BatchWriteItem")).isEqualTo(1);
    }

    @Test
    void partialBatchGet_returnsTheRestAsUnprocessedKeys() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            put(direct, table, "g" + i);
            keys.add(Map.of("id", AttributeValue.fromS("g" + i)));
        }
        proxy.inject(Fault.PARTIAL).on("BatchGetItem").times(1);

        BatchGetItemResponse response = noRetries.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));

        KeysAndAttributes rest = response.unprocessedKeys().get(table);
        assertThat(rest.keys()).isNotEmpty().hasSizeLessThan(6);
        assertThat(rest.consistentRead()).as("the unprocessed request keeps its options").isTrue();
        Set<String> seen = new HashSet<>();
        response.responses().get(table).forEach(item -> seen.add(item.get("id").s()));
        rest.keys().forEach(key -> seen.add(key.get("id").s()));
        assertThat(seen).hasSize(6);
    }

    @Test
    void rules_fireOnlyOnTheirTable_asOftenAsSet_inTheirWindow_andStopWhenLifted() {
        FaultProxy.Rule outage = proxy.inject(Fault.INTERNAL_SERVER_ERROR).on("PutItem").table(table);
        put(noRetries, otherTable, "x");
        assertThatThrownBy(() -> put(noRetries, table, "x")).isInstanceOf(DynamoDbException.class);
        assertThatThrownBy(() -> put(noRetries, table, "x")).isInstanceOf(DynamoDbException.class);
        outage.lift();
        put(noRetries, table, "x");
        assertThat(outage.fired()).isEqualTo(2);

        FaultProxy.Rule sometimes = proxy.inject(Fault.THROTTLING).on("GetItem").probability(0.5);
        int failures = 0;
        for (int i = 0; i < 40; i++) {
            try {
                noRetries.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("x"))));
            } catch (DynamoDbException e) {
                failures++;
            }
        }
        assertThat((long) failures).isEqualTo(sometimes.fired()).isBetween(5L, 35L);

        Instant now = Instant.now();
        FaultProxy.Rule over = proxy.inject(Fault.THROTTLING).on("Query").during(now.minusSeconds(20), now.minusSeconds(10));
        FaultProxy.Rule current = proxy.inject(Fault.THROTTLING).on("Query").during(now.minusSeconds(10), now.plusSeconds(3_600));
        assertThatThrownBy(() -> noRetries.query(b -> b.tableName(table).keyConditionExpression("id = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("x"))))).isInstanceOf(DynamoDbException.class);
        assertThat(over.fired()).isZero();
        assertThat(current.fired()).isEqualTo(1);

        FaultProxy.Rule disarmed = proxy.inject(Fault.THROTTLING).on("DescribeTable").disarmed();
        noRetries.describeTable(b -> b.tableName(table));
        disarmed.arm();
        assertThatThrownBy(() -> noRetries.describeTable(b -> b.tableName(table))).isInstanceOf(DynamoDbException.class);
        assertThat(proxy.injected()).isEqualTo(2 + failures + 1 + 1);
    }

    @Test
    void theSdkRetries_everyFaultKind_andDmigCountsEachRetry() {
        proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("BatchWriteItem").times(1);
        proxy.inject(Fault.INTERNAL_SERVER_ERROR).on("BatchWriteItem").times(1);
        proxy.inject(Fault.DROP_BEFORE_FORWARD).on("BatchWriteItem").times(1);
        proxy.inject(Fault.DROP_AFTER_FORWARD).on("BatchWriteItem").times(1);
        EmbeddedStack stack = SharedStack.stack();
        try (DynamoDbClient production = AwsClients.dynamoDb(
                new AwsClients.Connection(proxy.endpoint(), stack.region(), stack.credentials(), 4))) {
            AtomicLong retries = new AtomicLong();
            List<WriteRequest> one = List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(item("r")).build()).build());
            BatchWriteItemResponse response = SdkRetries.counting(retries,
                    () -> production.batchWriteItem(b -> b.requestItems(Map.of(table, one))));
            assertThat(response.unprocessedItems()).isEmpty();
            assertThat(retries.get()).isEqualTo(4);
        }
        assertThat(ids(table)).containsExactly("r");
        assertThat(proxy.forwarded("BatchWriteItem")).as("the dropped-after call and the last one").isEqualTo(2);
    }

    private String createTable() {
        String name = "FaultProxy-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
        direct.createTable(b -> b.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }

    private static Map<String, AttributeValue> item(String id) {
        return Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromN("1"));
    }

    private static void put(DynamoDbClient client, String table, String id) {
        client.putItem(b -> b.tableName(table).item(item(id)));
    }

    private Set<String> ids(String table) {
        Set<String> ids = new HashSet<>();
        direct.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> ids.add(i.get("id").s()));
        return ids;
    }
}
