package dev.dmig.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Just enough DynamoDB for {@link SampleEnvironment}: tables that take a few describes to become
 * ACTIVE, BatchWriteItem that can hand items back unprocessed, and the write-time checks DynamoDB
 * makes on table and index keys. Every call records the table it named.
 */
final class FakeDynamoDb implements DynamoDbClient {

    static final class Table {
        final CreateTableRequest definition;
        final Map<String, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();
        final AtomicInteger describesUntilActive;

        Table(CreateTableRequest definition, int describesUntilActive) {
            this.definition = definition;
            this.describesUntilActive = new AtomicInteger(describesUntilActive);
        }
    }

    final Map<String, Table> tables = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    int describesUntilActive;
    /** Items the next BatchWriteItem calls hand back unprocessed, one per call, before accepting them. */
    final AtomicInteger unprocessedToReturn = new AtomicInteger();
    boolean neverProcess;

    void existing(String name, Map<String, AttributeValue> item) {
        Table table = new Table(SampleSchema.table("Contacts").createTableRequest("").toBuilder().tableName(name).build(), 0);
        table.items.put(item.get("id").s(), item);
        tables.put(name, table);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        calls.add("DescribeTable " + request.tableName());
        Table table = table(request.tableName());
        boolean active = table.describesUntilActive.getAndDecrement() <= 0;
        CreateTableRequest d = table.definition;
        List<GlobalSecondaryIndexDescription> indexes = d.globalSecondaryIndexes().stream()
                .map(gsi -> GlobalSecondaryIndexDescription.builder().indexName(gsi.indexName())
                        .keySchema(gsi.keySchema()).projection(gsi.projection())
                        .indexStatus(active ? IndexStatus.ACTIVE : IndexStatus.CREATING).build())
                .toList();
        return DescribeTableResponse.builder().table(TableDescription.builder()
                .tableName(d.tableName()).keySchema(d.keySchema()).attributeDefinitions(d.attributeDefinitions())
                .globalSecondaryIndexes(indexes)
                .tableStatus(active ? TableStatus.ACTIVE : TableStatus.CREATING)
                .itemCount((long) table.items.size()).build()).build();
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        calls.add("CreateTable " + request.tableName());
        if (tables.putIfAbsent(request.tableName(), new Table(request, describesUntilActive)) != null) {
            throw ResourceInUseException.builder().message("Table already exists: " + request.tableName()).build();
        }
        return CreateTableResponse.builder().build();
    }

    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest request) {
        calls.add("DeleteTable " + request.tableName());
        if (tables.remove(request.tableName()) == null) {
            throw notFound(request.tableName());
        }
        return DeleteTableResponse.builder().build();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        int size = request.requestItems().values().stream().mapToInt(List::size).sum();
        batchSizes.add(size);
        if (size > SampleEnvironment.BATCH_SIZE) {
            throw DynamoDbException.builder().message("Too many items requested for the BatchWriteItem call").build();
        }
        Map<String, List<WriteRequest>> unprocessed = new LinkedHashMap<>();
        request.requestItems().forEach((name, writes) -> {
            calls.add("BatchWriteItem " + name);
            Table table = table(name);
            List<WriteRequest> accepted = new ArrayList<>(writes);
            if (neverProcess) {
                unprocessed.put(name, writes);
                accepted.clear();
            } else if (unprocessedToReturn.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                unprocessed.put(name, List.of(accepted.remove(accepted.size() - 1)));
            }
            accepted.forEach(write -> put(table, write.putRequest().item()));
        });
        return BatchWriteItemResponse.builder().unprocessedItems(unprocessed).build();
    }

    /** The checks DynamoDB makes on a put: the table key present and typed, index keys typed and not empty. */
    private static void put(Table table, Map<String, AttributeValue> item) {
        CreateTableRequest d = table.definition;
        StringBuilder key = new StringBuilder();
        for (KeySchemaElement element : d.keySchema()) {
            AttributeValue value = item.get(element.attributeName());
            if (value == null || !matches(value, type(d, element.attributeName()))) {
                throw DynamoDbException.builder().message("One or more parameter values were invalid: Missing the key "
                        + element.attributeName() + " in the item").build();
            }
            key.append(value).append('|');
        }
        d.globalSecondaryIndexes().forEach(gsi -> gsi.keySchema().forEach(element -> {
            AttributeValue value = item.get(element.attributeName());
            if (value != null && !matches(value, type(d, element.attributeName()))) {
                throw DynamoDbException.builder().message("One or more parameter values were invalid: Type mismatch for Index Key "
                        + element.attributeName() + " Expected: " + type(d, element.attributeName()) + " IndexName: "
                        + gsi.indexName()).build();
            }
        }));
        table.items.put(key.toString(), item);
    }

    private static boolean matches(AttributeValue value, ScalarAttributeType type) {
        return switch (type) {
            case S -> value.s() != null && !value.s().isEmpty();
            case N -> value.n() != null;
            case B -> value.b() != null && value.b().asByteArrayUnsafe().length > 0;
            default -> false;
        };
    }

    private static ScalarAttributeType type(CreateTableRequest d, String attribute) {
        return d.attributeDefinitions().stream().filter(a -> a.attributeName().equals(attribute))
                .map(AttributeDefinition::attributeType).findFirst().orElseThrow();
    }

    private Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw notFound(name);
        }
        return table;
    }

    private static ResourceNotFoundException notFound(String name) {
        return ResourceNotFoundException.builder().message("Requested resource not found: Table: " + name + " not found").build();
    }

    List<String> callsNaming(String table) {
        return calls.stream().filter(call -> call.endsWith(" " + table)).toList();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
