package dev.dmig.feature.follow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.local.SharedStack;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A source table's stream read through DynamoDB Streams on DynamoDB Local: a mark taken after some writes divides the
 * stream exactly (what came before it is not given again; every insert, update and removal after it is, in order, with
 * the item before and after), and a table without a stream, or with one that carries keys only, says so.
 */
class SourceStreamIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final DynamoDbClient dynamoDb = SharedStack.dynamoDb();
    private final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .endpointOverride(SharedStack.stack().dynamoDbEndpoint()).region(SharedStack.stack().region())
            .credentialsProvider(SharedStack.stack().credentials()).build();
    private final SourceStream stream = new DynamoDbSourceStream(dynamoDb, streams);

    private String table(StreamViewType view) {
        String name = "Stream" + COUNTER.incrementAndGet() + "-streamit-dev";
        dynamoDb.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH));
            if (view != null) {
                b.streamSpecification(s -> s.streamEnabled(true).streamViewType(view));
            }
        });
        return name;
    }

    private void put(String table, String id, String title) {
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id), "title", AttributeValue.fromS(title))));
    }

    @Test
    void aMark_dividesTheStream_andEveryChangeAfterItIsGivenInOrder_withItsImages() {
        String table = table(StreamViewType.NEW_AND_OLD_IMAGES);
        put(table, "a", "first");
        put(table, "b", "first");
        SourceStream.StreamDescription described = stream.describe(table).orElseThrow();
        StreamMark mark = StreamMark.take(stream, described);

        put(table, "c", "new");
        put(table, "a", "second");
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("b"))));
        put(table, "b", "again");

        List<Change> changes = mark.changesSince(stream);

        assertThat(described.carriesImages()).isTrue();
        assertThat(changes).extracting(c -> c.kind() + " " + c.keys().get("id").s())
                .containsExactly("INSERT c", "MODIFY a", "REMOVE b", "INSERT b");
        Change update = changes.get(1);
        assertThat(update.oldImage().get("title").s()).isEqualTo("first");
        assertThat(update.newImage().get("title").s()).isEqualTo("second");
        assertThat(changes.get(2).newImage()).isNull();
        assertThat(changes.get(2).oldImage().get("title").s()).isEqualTo("first");
        assertThat(changes.get(0).oldImage()).isNull();
        // Read again from the same mark: the same changes, nothing lost or added.
        assertThat(mark.changesSince(stream)).isEqualTo(changes);
    }

    /**
     * A stream with no record yet at the mark: its shard is marked at its start (its first sequence number, which the
     * stream can say is trimmed), not left to be read from the oldest record kept; every change after is given.
     */
    @Test
    void aMarkOfAStreamWithNoRecordYet_isItsShardsStart_andEveryChangeAfterItIsGiven() {
        String table = table(StreamViewType.NEW_AND_OLD_IMAGES);
        StreamMark mark = StreamMark.take(stream, stream.describe(table).orElseThrow());

        put(table, "a", "first");
        put(table, "b", "first");

        assertThat(mark.shards().values()).isNotEmpty().allSatisfy(position -> assertThat(position).startsWith("at:"));
        assertThat(mark.changesSince(stream)).extracting(c -> c.kind() + " " + c.keys().get("id").s())
                .containsExactly("INSERT a", "INSERT b");
    }

    /** A shard closed by turning the stream off is read to its end: the change before it closed is given. */
    @Test
    void aShardClosedByTurningItsStreamOff_isReadToItsEnd() {
        String table = table(StreamViewType.NEW_AND_OLD_IMAGES);
        put(table, "a", "first");
        StreamMark mark = StreamMark.take(stream, stream.describe(table).orElseThrow());
        put(table, "b", "first");
        dynamoDb.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));

        assertThat(mark.changesSince(stream)).extracting(c -> c.kind() + " " + c.keys().get("id").s()).containsExactly("INSERT b");
    }

    @Test
    void aTableWithoutAStream_orWithKeysOnly_saysSo() {
        assertThat(stream.describe(table(null))).isEmpty();
        assertThat(stream.describe(table(StreamViewType.KEYS_ONLY)).orElseThrow().carriesImages()).isFalse();
        assertThat(stream.describe("NoSuchTable-streamit-dev")).isEmpty();
    }
}
