package dev.dmig.follow;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The last check of a followed run, once every change up to the cut-over is applied: each migrated table's source as it
 * is now, mapped as the copy maps it, item by item against the target (read consistently); and every key the run wrote
 * that no source item maps to any more is empty in the target. Reads only.
 */
final class FollowCheck {
    /** Examples kept per table. */
    static final int EXAMPLES = 5;
    private static final int PAGE = 500;

    private FollowCheck() {}

    /** One table's verdict: items compared, and the keys that differ (up to {@link #EXAMPLES}) of {@code differences}. */
    public record TableCheck(String table, long sourceItems, long differences, List<String> examples) {
        boolean passed() {
            return differences == 0;
        }
    }

    static TableCheck table(ItemStore items, MigrationPlan plan, ItemTransformer transformer, String model, JournaledKeys written) {
        TableInfo target = items.describe(plan.targetTable(model)).orElseThrow(() ->
                new IllegalStateException("table " + model + ": target table " + plan.targetTable(model) + " disappeared"));
        Map<String, Map<String, AttributeValue>> expected = new LinkedHashMap<>();
        long sourceItems = 0;
        for (Map<String, AttributeValue> item : scan(items, plan.sourceTable(model))) {
            sourceItems++;
            if (transformer.copies(model, item)) {
                Map<String, AttributeValue> mapped = transformer.transform(model, item);
                String key = DynamoJson.item(target.keyOf(mapped)).toString();
                if (!written.leftAlone(key)) {
                    expected.put(key, mapped);
                }
            }
        }
        Map<String, Map<String, AttributeValue>> there = new HashMap<>();
        for (Map<String, AttributeValue> item : scan(items, target.name())) {
            String key = DynamoJson.item(target.keyOf(item)).toString();
            if (expected.containsKey(key) || (written.known(key) && !written.leftAlone(key))) {
                there.put(key, item);
            }
        }
        List<String> examples = new ArrayList<>();
        long differences = 0;
        for (Map.Entry<String, Map<String, AttributeValue>> item : expected.entrySet()) {
            Map<String, AttributeValue> found = there.remove(item.getKey());
            if (found == null || !transformer.sameRecord(model, found, item.getValue())) {
                differences++;
                note(examples, (found == null ? "missing " : "differs ") + ItemKeys.describe(target.keyOf(item.getValue())));
            }
        }
        // What is left: keys the run wrote that no source item maps to now (deleted at the source since), still there.
        for (Map<String, AttributeValue> item : there.values()) {
            differences++;
            note(examples, "not deleted " + ItemKeys.describe(target.keyOf(item)));
        }
        return new TableCheck(model, sourceItems, differences, examples);
    }

    private static void note(List<String> examples, String example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }

    private static List<Map<String, AttributeValue>> scan(ItemStore items, String table) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanPage page = items.scan(table, 0, 1, start, PAGE, true);
            all.addAll(page.items());
            start = page.last() ? null : page.lastEvaluatedKey();
        } while (start != null);
        return all;
    }
}
