package dev.dmig.jmh;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The items the benchmarks transform: ~1 KB records with five references (as in {@code dmig bench}'s wide table), and plain ones. */
final class Items {
    static final String PLAN = """
            {
              "source": { "tableSuffix": "-jmh-dev" },
              "target": { "tableSuffix": "-jmh-prod" },
              "idNamespace": "jmh-prod",
              "tables": {
                "Records": { "references": { "parentId": "Records", "relatedIds[]": "Records", "meta.ownerRecordId": "Records" } },
                "Plain": {}
              }
            }
            """;

    private Items() {
    }

    static MigrationPlan plan() {
        return PlanParser.parse(PLAN);
    }

    static String id(int index) {
        return UUID.nameUUIDFromBytes(("record-" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Map<String, AttributeValue> record(int index, int size, boolean references) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS(id(index)));
        item.put("__typename", AttributeValue.fromS("Record"));
        if (references) {
            item.put("parentId", AttributeValue.fromS(id(index / 10)));
            List<AttributeValue> related = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                related.add(AttributeValue.fromS(id((index * (7 + k) + k) % size)));
            }
            item.put("relatedIds", AttributeValue.fromL(related));
            item.put("meta", AttributeValue.fromM(Map.of("ownerRecordId", AttributeValue.fromS(id((index + size / 2) % size)),
                    "createdBy", AttributeValue.fromS("user-" + index % 97), "revision", AttributeValue.fromN("3"))));
        }
        item.put("status", AttributeValue.fromS("OPEN"));
        item.put("amount", AttributeValue.fromN(index + ".25"));
        item.put("active", AttributeValue.fromBool(true));
        item.put("createdAt", AttributeValue.fromS("2025-06-01T10:00:00.000Z"));
        item.put("description", AttributeValue.fromS("x".repeat(640)));
        return item;
    }
}
