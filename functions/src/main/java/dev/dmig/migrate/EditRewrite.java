package dev.dmig.migrate;

import dev.dmig.plan.TablePlan;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The plan's edits of a table's items, after every mapping: rename (never over an attribute the item has), remove, set. */
final class EditRewrite implements Rewrite {
    private final TablePlan table;

    private EditRewrite(TablePlan table) {
        this.table = table;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        if (parts.table().hasEdits()) {
            chain.add(new EditRewrite(parts.table()));
        }
    }

    @Override
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, String> rename : table.rename().entrySet()) {
            AttributeValue value = item.remove(rename.getKey());
            if (value != null) {
                renamed.put(rename.getValue(), value);
            }
        }
        for (Map.Entry<String, AttributeValue> entry : renamed.entrySet()) {
            if (item.containsKey(entry.getKey())) {
                throw ValueWalk.invalid(table, entry.getKey(), source,
                        "rename would overwrite the existing attribute " + entry.getKey());
            }
            item.put(entry.getKey(), entry.getValue());
        }
        table.remove().forEach(item::remove);
        item.putAll(table.set());
    }

    /** What is set or removed; a renamed attribute keeps its value, which validation finds under its new name. */
    @Override
    public Set<String> claims() {
        Set<String> claimed = new HashSet<>(table.set().keySet());
        claimed.addAll(table.remove());
        return claimed;
    }
}
