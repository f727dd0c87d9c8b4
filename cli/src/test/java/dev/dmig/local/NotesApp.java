package dev.dmig.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One model, {@code Notes} (keyed by a string {@code id}), between two environments of its own on
 * the shared embedded stack: for tests that need a table set up in a way the sample app's are not
 * (a stream, time to live, a stale item count).
 */
final class NotesApp implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String devSuffix;
    final String prodSuffix;
    final String planJson;
    final DynamoDbClient dynamoDb = SharedStack.dynamoDb();
    final S3Client s3 = SharedStack.s3();
    /** The services built for this app's runs, closed with it. */
    private final List<Services> services = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code target}: anything the target table is created with besides its key (a stream, say). */
    NotesApp(String name, UnaryOperator<CreateTableRequest.Builder> target) {
        String tag = name + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        devSuffix = "-" + tag + "-dev";
        prodSuffix = "-" + tag + "-prod";
        planJson = """
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "tables": {"Notes": {}}}
                """.formatted(devSuffix, prodSuffix);
        createTable(source(), b -> b);
        createTable(target(), target);
    }

    String source() {
        return "Notes" + devSuffix;
    }

    String target() {
        return "Notes" + prodSuffix;
    }

    private void createTable(String name, UnaryOperator<CreateTableRequest.Builder> more) {
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST);
        dynamoDb.createTable(more.apply(request).build());
    }

    /** Writes the items to the source table, 25 to a call. */
    void load(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> left = Map.of(source(), batch);
            while (!left.isEmpty()) {
                Map<String, List<WriteRequest>> request = left;
                left = dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    /** The real state machine and handlers over these tables; {@code front}: what the handlers see of DynamoDB. */
    SampleApp.Runner runner(Settings settings, UnaryOperator<ItemStore> front) {
        Services services = new Services(front.apply(new DynamoDbItemStore(dynamoDb)), new S3ArtifactStore(s3, SharedStack.BUCKET),
                settings, FaultInjector.NONE);
        this.services.add(services);
        return new SampleApp.Runner(services, new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 8, List.of()));
    }

    ObjectNode input(String mode, String runId) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", mode);
        input.put("runId", runId);
        input.set("config", Json.tree(planJson.getBytes(StandardCharsets.UTF_8)));
        if (mode.equals("full")) {
            input.put("confirm", true);
            // DynamoDB Local has no backups.
            input.put("backup", false);
        }
        return input;
    }

    @Override
    public void close() {
        services.forEach(Services::close);
        dynamoDb.close();
        s3.close();
    }
}
