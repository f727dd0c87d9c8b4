package dev.dmig.local;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Tables of an app of a test's own making, in two environments (unique suffixes) on the shared
 * embedded stack: string keys, a sort key and global secondary indexes as the test asks, the
 * same schema on both sides, as an Amplify app deployed to two environments has them.
 */
public final class AppTables implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final String devSuffix;
    public final String prodSuffix;
    public final DynamoDbClient dynamoDb = SharedStack.dynamoDb();
    private final Map<String, String[]> keys = new LinkedHashMap<>();

    /** A global secondary index: its name, partition key and sort key (null for none). */
    public record Index(String name, String hashKey, String rangeKey) {}

    public AppTables(String name) {
        String tag = tag(name);
        devSuffix = "-" + tag + "-dev";
        prodSuffix = "-" + tag + "-prod";
    }

    /** Tables named {@code <Model>-<devSuffix>} and {@code <Model>-<prodSuffix>}, as an Amplify app's {@code -<apiId>-<env>}. */
    public AppTables(String devSuffix, String prodSuffix) {
        this.devSuffix = "-" + devSuffix;
        this.prodSuffix = "-" + prodSuffix;
    }

    /** A name of this JVM's own for a test's app: its name, the process and a counter. */
    public static String tag(String name) {
        return name + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
    }

    /** The ID namespace a plan without {@code idNamespace} derives from the target suffix. */
    public String namespace() {
        return prodSuffix.substring(1);
    }

    /** The new ID of a record of {@code model}, by the spec's ID function under this app's namespace: not dmig's own. */
    public String newId(String model, String oldId) {
        return SpecIds.newId(namespace(), model, oldId);
    }

    /** One table's analysis. */
    public static TableAnalysis table(Analysis analysis, String model) {
        return analysis.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Creates {@code model}'s table in both environments; {@code rangeKey} null for none. */
    public AppTables table(String model, String hashKey, String rangeKey, Index... indexes) {
        keys.put(model, new String[] {hashKey, rangeKey});
        for (String suffix : List.of(devSuffix, prodSuffix)) {
            Set<String> attributes = new LinkedHashSet<>();
            List<KeySchemaElement> schema = schema(hashKey, rangeKey, attributes);
            CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(model + suffix).keySchema(schema)
                    .billingMode(BillingMode.PAY_PER_REQUEST);
            List<GlobalSecondaryIndex> gsis = new ArrayList<>();
            for (Index index : indexes) {
                gsis.add(GlobalSecondaryIndex.builder().indexName(index.name())
                        .keySchema(schema(index.hashKey(), index.rangeKey(), attributes))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build());
            }
            if (!gsis.isEmpty()) {
                request.globalSecondaryIndexes(gsis);
            }
            request.attributeDefinitions(attributes.stream().map(a -> AttributeDefinition.builder().attributeName(a)
                    .attributeType(ScalarAttributeType.S).build()).toList());
            dynamoDb.createTable(request.build());
        }
        return this;
    }

    /** Creates {@code model}'s table in both environments, keyed by numbers ({@code N}) alone, as a custom primary key of an Int. */
    public AppTables numberKeyed(String model, String hashKey) {
        keys.put(model, new String[] {hashKey, null});
        for (String suffix : List.of(devSuffix, prodSuffix)) {
            dynamoDb.createTable(b -> b.tableName(model + suffix).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(hashKey).attributeType(ScalarAttributeType.N).build()));
        }
        return this;
    }

    private static List<KeySchemaElement> schema(String hashKey, String rangeKey, Set<String> attributes) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
        attributes.add(hashKey);
        if (rangeKey != null) {
            schema.add(KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
            attributes.add(rangeKey);
        }
        return schema;
    }

    public String source(String model) {
        return model + devSuffix;
    }

    public String target(String model) {
        return model + prodSuffix;
    }

    /** Writes the items to {@code table}, 25 to a call. */
    public void load(String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> left = Map.of(table, batch);
            while (!left.isEmpty()) {
                Map<String, List<WriteRequest>> request = left;
                left = dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    /** The items of a table by their key, as text: for comparing a whole table with what it should hold. */
    public Map<String, Map<String, AttributeValue>> byKey(String model, List<Map<String, AttributeValue>> items) {
        String[] key = keys.get(model);
        Map<String, Map<String, AttributeValue>> byKey = new TreeMap<>();
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> keyOf = new TreeMap<>();
            keyOf.put(key[0], item.get(key[0]));
            if (key[1] != null) {
                keyOf.put(key[1], item.get(key[1]));
            }
            byKey.put(DynamoJson.item(keyOf).toString(), item);
        }
        return byKey;
    }

    /** Order-independent digest and count of every table of one environment. */
    public Map<String, String> digests(String suffix) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String model : keys.keySet()) {
            ContentDigest digest = new ContentDigest();
            scan(model + suffix).forEach(digest::add);
            digests.put(model, digest.count() + ":" + digest.hex());
        }
        return digests;
    }

    @Override
    public void close() {
        dynamoDb.close();
    }
}
