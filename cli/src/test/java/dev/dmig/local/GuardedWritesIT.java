package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.GuardedOutcome;
import dev.dmig.store.GuardedWrite;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Conditional writes as DynamoDB Local carries them out: a record is written over or deleted only while every one of its
 * attributes, nested maps, lists, sets, binary and numbers among them, still equals what the writer read; otherwise the
 * write is refused with what the key holds.
 */
class GuardedWritesIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final DynamoDbClient DYNAMO = SharedStack.dynamoDb();
    private static final String TABLE = "Guarded-" + ProcessHandle.current().pid() + "-prod";
    private final DynamoDbItemStore store = new DynamoDbItemStore(DYNAMO);

    @BeforeAll
    static void createTable() {
        DYNAMO.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    @AfterAll
    static void dropTable() {
        DYNAMO.deleteTable(b -> b.tableName(TABLE));
    }

    /** A record with every kind of value, under a key of its own. */
    private static Map<String, AttributeValue> record(String id, String name) {
        return Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS(name),
                "price", AttributeValue.fromN("1.50"),
                "address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("Lyon"),
                        "lines", AttributeValue.fromL(List.of(AttributeValue.fromS("1 rue"), AttributeValue.fromN("2"))))),
                "tags", AttributeValue.fromSs(List.of("b", "a")),
                "photo", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2})),
                "active", AttributeValue.fromBool(true), "none", AttributeValue.fromNul(true));
    }

    private static String key() {
        return "r" + COUNTER.incrementAndGet();
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static WriteRequest delete(String id) {
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of("id", AttributeValue.fromS(id))).build()).build();
    }

    private Map<String, AttributeValue> held(String id) {
        return DYNAMO.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }

    @Test
    void numbersComeBackInDynamoDbsOwnText_andAnItemsHashTakesThemByValue_soWhatWasWrittenIsKnownReadBack() {
        String id = key();
        Map<String, AttributeValue> written = Map.of("id", AttributeValue.fromS(id), "price", AttributeValue.fromN("1.50"),
                "big", AttributeValue.fromN("1E+2"), "zero", AttributeValue.fromN("-0.0"),
                "counts", AttributeValue.fromNs(List.of("2.0", "10")),
                "in", AttributeValue.fromM(Map.of("at", AttributeValue.fromL(List.of(AttributeValue.fromN("0.10"))))));
        DYNAMO.putItem(b -> b.tableName(TABLE).item(written));

        Map<String, AttributeValue> readBack = held(id);

        assertThat(readBack.get("price").n()).as("DynamoDB's text of the number").isEqualTo("1.5");
        assertThat(ContentDigest.same(written, readBack)).as("the texts differ").isFalse();
        assertThat(ContentDigest.itemHash(readBack)).isEqualTo(ContentDigest.itemHash(written));
    }

    @Test
    void aRecordUnchanged_isWrittenOver_whateverItsValuesAre() {
        String id = key();
        Map<String, AttributeValue> stored = record(id, "Ann");
        DYNAMO.putItem(b -> b.tableName(TABLE).item(stored));
        Map<String, AttributeValue> replacement = Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS("Ann before"));

        // Expected as the writer would hold it from its journal: numbers as written (1.50), sets in another order.
        GuardedOutcome outcome = store.writeIfOnce(TABLE, List.of(GuardedWrite.ifHolding(put(replacement), "id", record(id, "Ann"))));

        assertThat(outcome.refused()).isEmpty();
        assertThat(outcome.unprocessed()).isEmpty();
        assertThat(held(id)).isEqualTo(replacement);
    }

    @Test
    void aRecordEditedSince_isNeitherWrittenOverNorDeleted_andWhatItHoldsIsHandedBack() {
        String put = key();
        String deleted = key();
        for (String id : List.of(put, deleted)) {
            Map<String, AttributeValue> edited = new java.util.HashMap<>(record(id, "Ann"));
            edited.put("address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("Paris"))));
            DYNAMO.putItem(b -> b.tableName(TABLE).item(edited));
        }

        GuardedOutcome outcome = store.writeIfOnce(TABLE, List.of(
                GuardedWrite.ifHolding(put(Map.of("id", AttributeValue.fromS(put))), "id", record(put, "Ann")),
                GuardedWrite.ifHolding(delete(deleted), "id", record(deleted, "Ann"))));

        assertThat(outcome.refused()).hasSize(2);
        assertThat(outcome.refused()).allSatisfy(refused ->
                assertThat(refused.existing().get("address").m().get("city").s()).isEqualTo("Paris"));
        assertThat(held(put).get("address").m().get("city").s()).isEqualTo("Paris");
        assertThat(held(deleted)).isNotEmpty();
    }

    @Test
    void anExpectedRecordGoneSince_andAKeyTaken_areRefused() {
        String gone = key();
        String taken = key();
        DYNAMO.putItem(b -> b.tableName(TABLE).item(record(taken, "production's own")));

        GuardedOutcome outcome = store.writeIfOnce(TABLE, List.of(
                GuardedWrite.ifHolding(delete(gone), "id", record(gone, "Ann")),
                GuardedWrite.ifAbsent(put(record(taken, "from dev")), "id")));

        assertThat(outcome.refused()).extracting(r -> r.existing().isEmpty()).containsExactly(true, false);
        assertThat(outcome.refused().get(1).existing().get("name").s()).isEqualTo("production's own");
    }

    @Test
    void aRecordUnchanged_isDeleted() {
        String id = key();
        DYNAMO.putItem(b -> b.tableName(TABLE).item(record(id, "Ann")));

        GuardedOutcome outcome = store.writeIfOnce(TABLE, List.of(GuardedWrite.ifHolding(delete(id), "id", record(id, "Ann"))));

        assertThat(outcome.refused()).isEmpty();
        assertThat(held(id)).isEmpty();
    }
}
