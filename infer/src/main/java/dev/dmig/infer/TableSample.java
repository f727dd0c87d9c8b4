package dev.dmig.infer;

import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The first {@code limit} items of one table as a plain Scan returns them, reduced to values by
 * path and the partition-key values seen (a key of numbers as their text). {@code complete} means the scan reached the
 * end, so {@code ids} is the table's whole ID set.
 */
record TableSample(String model, TableInfo table, int items, boolean complete, int pages, Map<String, PathValues> paths,
                   Set<String> unspellable, Set<String> ids) {

    static TableSample take(TableReader reader, String model, TableInfo table, int limit, int maxValuesPerPath) {
        ValuePaths values = new ValuePaths(maxValuesPerPath);
        Set<String> ids = new LinkedHashSet<>();
        boolean stringKey = table.hashKey().type() == ScalarAttributeType.S;
        Map<String, AttributeValue> start = null;
        int read = 0;
        int pages = 0;
        boolean complete = false;
        while (read < limit) {
            ScanPage page = reader.scan(table.name(), start, limit - read);
            pages++;
            for (Map<String, AttributeValue> item : page.items()) {
                if (read == limit) {
                    break;
                }
                values.add(item);
                AttributeValue id = item.get(table.hashKey().name());
                if (stringKey && id != null && id.s() != null) {
                    ids.add(id.s());
                } else if (id != null && id.n() != null) {
                    ids.add(dev.dmig.migrate.ItemTransformer.numberText(id.n()));
                }
                read++;
            }
            if (page.last()) {
                complete = true;
                break;
            }
            start = page.lastEvaluatedKey();
        }
        return new TableSample(model, table, read, complete, pages, values.paths(), values.unspellable(), ids);
    }

    boolean stringKey() {
        return table.hashKey().type() == ScalarAttributeType.S;
    }

    /** Whether the table is keyed by numbers: its {@link #ids} are their text. */
    boolean numberKey() {
        return table.hashKey().type() == ScalarAttributeType.N;
    }

    boolean composite() {
        return table.rangeKey() != null;
    }

    /** True for the table's own key attributes, which cannot be references. */
    boolean isKey(String path) {
        return table.keyNames().contains(path);
    }
}
