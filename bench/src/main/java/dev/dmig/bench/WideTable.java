package dev.dmig.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One big table of about 1 KB items that reference each other: a parent, three related records
 * and an owner inside a map. Every reference resolves; items are a pure function of (size, index).
 * It is the fair throughput case: one level, so dmig's segments all run at once, like the raw copy's.
 */
final class WideTable {
    static final String MODEL = "Records";
    private static final char[] TEXT = "abcdefghijklmnopqrstuvwxyz0123456789 ".toCharArray();

    private WideTable() {
    }

    static String id(int index) {
        return UUID.nameUUIDFromBytes(("record-" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Map<String, AttributeValue> item(int index, int size) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS(id(index)));
        item.put("__typename", AttributeValue.fromS("Record"));
        if (index >= 10) {
            item.put("parentId", AttributeValue.fromS(id(index / 10)));
        }
        List<AttributeValue> related = new ArrayList<>(3);
        related.add(AttributeValue.fromS(id((int) ((index * 7L + 1) % size))));
        related.add(AttributeValue.fromS(id((int) ((index * 13L + 2) % size))));
        related.add(AttributeValue.fromS(id((int) ((index * 31L + 3) % size))));
        item.put("relatedIds", AttributeValue.fromL(related));
        Map<String, AttributeValue> meta = new LinkedHashMap<>();
        meta.put("ownerRecordId", AttributeValue.fromS(id((index + size / 2) % size)));
        meta.put("createdBy", AttributeValue.fromS("user-" + (index % 97)));
        meta.put("revision", AttributeValue.fromN(Integer.toString(index % 13)));
        item.put("meta", AttributeValue.fromM(meta));
        item.put("status", AttributeValue.fromS(index % 3 == 0 ? "OPEN" : index % 3 == 1 ? "CLOSED" : "PENDING"));
        item.put("amount", AttributeValue.fromN((index % 100_000) + "." + (index % 100)));
        item.put("active", AttributeValue.fromBool(index % 2 == 0));
        item.put("createdAt", AttributeValue.fromS("2025-" + two(1 + index % 12) + "-" + two(1 + index % 28) + "T10:00:00.000Z"));
        item.put("updatedAt", AttributeValue.fromS("2026-" + two(1 + index % 12) + "-" + two(1 + index % 28) + "T11:30:00.000Z"));
        item.put("description", AttributeValue.fromS(text(index, 640)));
        return item;
    }

    static CreateTableRequest createTableRequest(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .build();
    }

    static String plan(String sourceSuffix, String targetSuffix) {
        return "{\n  \"source\": { \"tableSuffix\": \"" + sourceSuffix + "\" },\n"
                + "  \"target\": { \"tableSuffix\": \"" + targetSuffix + "\" },\n"
                + "  \"idNamespace\": \"" + targetSuffix.substring(1) + "\",\n"
                + "  \"onConflict\": \"abort\",\n"
                + "  \"tables\": {\n"
                + "    \"" + MODEL + "\": { \"references\": { \"parentId\": \"" + MODEL + "\", \"relatedIds[]\": \"" + MODEL
                + "\", \"meta.ownerRecordId\": \"" + MODEL + "\" } }\n"
                + "  }\n}\n";
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /** Varied, deterministic text: a cheap generator so loading 100k items costs little. */
    private static String text(int index, int length) {
        char[] out = new char[length];
        long x = index * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            out[i] = TEXT[(int) ((x >>> 33) % TEXT.length)];
        }
        return new String(out);
    }
}
