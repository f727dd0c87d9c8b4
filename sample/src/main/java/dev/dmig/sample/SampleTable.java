package dev.dmig.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The key schema and global secondary indexes of one sample model's table. The same
 * definition creates the table in every environment; only the name suffix differs.
 */
public record SampleTable(String model, KeyAttribute hashKey, KeyAttribute rangeKey, List<Index> indexes) {

    public SampleTable {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(hashKey, "hashKey");
        indexes = List.copyOf(indexes);
    }

    /** One attribute of a table or index key; sample keys are strings or numbers. */
    public record KeyAttribute(String name, ScalarAttributeType type) {
        public KeyAttribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A global secondary index as Amplify's {@code @index} creates it: all attributes projected. */
    public record Index(String name, KeyAttribute hashKey, KeyAttribute rangeKey) {
        public Index {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(hashKey, "hashKey");
        }
    }

    public String physicalName(String suffix) {
        return model + suffix;
    }

    /** Attribute names of the table's primary key: hash key first, then the range key if any. */
    public List<String> keyAttributes() {
        return rangeKey == null ? List.of(hashKey.name()) : List.of(hashKey.name(), rangeKey.name());
    }

    public CreateTableRequest createTableRequest(String suffix) {
        // DynamoDB rejects attribute definitions that no key uses, so they are derived from the keys alone.
        Map<String, ScalarAttributeType> definitions = new LinkedHashMap<>();
        define(definitions, hashKey);
        define(definitions, rangeKey);
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Index index : indexes) {
            define(definitions, index.hashKey());
            define(definitions, index.rangeKey());
            gsis.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.hashKey(), index.rangeKey()))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(physicalName(suffix))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(hashKey, rangeKey))
                .attributeDefinitions(definitions.entrySet().stream()
                        .map(e -> AttributeDefinition.builder()
                                .attributeName(e.getKey()).attributeType(e.getValue()).build())
                        .toList());
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis);
        }
        return request.build();
    }

    private static void define(Map<String, ScalarAttributeType> definitions, KeyAttribute attribute) {
        if (attribute == null) {
            return;
        }
        ScalarAttributeType previous = definitions.putIfAbsent(attribute.name(), attribute.type());
        if (previous != null && previous != attribute.type()) {
            throw new IllegalStateException("attribute " + attribute.name() + " is keyed both as "
                    + previous + " and as " + attribute.type());
        }
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute hash, KeyAttribute range) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(hash.name()).keyType(KeyType.HASH).build());
        if (range != null) {
            keys.add(KeySchemaElement.builder().attributeName(range.name()).keyType(KeyType.RANGE).build());
        }
        return keys;
    }
}
