package dev.dmig.feature.follow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.migrate.ItemInvalidException;
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
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The target keys of a followed table that the run wrote (its journal's, the copy's segments and following's, not left
 * alone) and that hold an item no source item maps to any more: a removal (or a move) in the source whose change
 * following never applied (lost from the stream) leaves the item there, and the item-by-item pass, which looks from the
 * source's side, cannot see it. Each key the target still holds is looked up in the source by the source ID its record
 * names, where the source table is keyed by that ID alone; for another source table, the source is scanned once, its
 * items mapped, when any of its keys is held. Reads each journaled key once more, consistently, in batches.
 */
final class UnmappedKeys {
    private static final int BATCH = 100;

    private final ItemStore items;
    private final MigrationPlan plan;
    private final ItemTransformer transformer;
    private final Journal journal;
    private final int pageSize;

    UnmappedKeys(ItemStore items, MigrationPlan plan, ItemTransformer transformer, Journal journal, int pageSize) {
        this.items = items;
        this.plan = plan;
        this.transformer = transformer;
        this.journal = journal;
        this.pageSize = pageSize;
    }

    /**
     * The keys of {@code model} the run wrote, but for {@code checkedApart} (checked by another rule), that hold an item
     * no source item maps to, described with why: {@code id=… (source item id=r2 no longer exists)}.
     */
    List<String> of(String runId, String model, Set<String> checkedApart) {
        TableInfo target = table(plan.targetTable(model));
        TableInfo source = table(plan.sourceTable(model));
        Map<String, JournalRecord> written = written(runId, model, checkedApart);
        Map<String, JournalRecord> held = new LinkedHashMap<>();
        List<JournalRecord> all = new ArrayList<>(written.values());
        for (int from = 0; from < all.size(); from += BATCH) {
            List<JournalRecord> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            for (Map<String, AttributeValue> item : items.getAll(target.name(), batch.stream()
                    .map(r -> DynamoJson.item((ObjectNode) r.key())).toList(), true)) {
                String id = DynamoJson.item(target.keyOf(item)).toString();
                held.put(id, written.get(id));
            }
        }
        Map<String, JournalRecord> byId = new LinkedHashMap<>();
        Map<String, JournalRecord> others = new LinkedHashMap<>();
        held.forEach((id, record) -> (byId(model, source) && record.sourceId() != null ? byId : others).put(id, record));
        List<String> left = new ArrayList<>(lookedUp(model, target, source, byId));
        if (!others.isEmpty()) {
            left.addAll(scanned(model, target, source, others));
        }
        return left;
    }

    /** Every key the run's journal of {@code model} names whose first record wrote it (not left alone), by key. */
    private Map<String, JournalRecord> written(String runId, String model, Set<String> checkedApart) {
        Map<String, JournalRecord> first = new LinkedHashMap<>();
        try (EntryReader reader = journal.reader(journal.entries(runId, model))) {
            while (reader.hasNext()) {
                reader.next().entry().records().forEach(r -> first.putIfAbsent(Journal.keyId(r), r));
            }
        }
        first.values().removeIf(r -> r.action().leftAlone() || checkedApart.contains(Journal.keyId(r)));
        return first;
    }

    /** Whether a source item can be read by the source ID its record names: its table is keyed by that string ID alone. */
    private boolean byId(String model, TableInfo source) {
        return source.rangeKey() == null && source.hashKey().type() == ScalarAttributeType.S
                && source.hashKey().name().equals(plan.table(model).idAttribute());
    }

    /** The held keys (each naming its source ID) whose source item, read by its ID, is gone, not copied or mapped elsewhere; described. */
    private List<String> lookedUp(String model, TableInfo target, TableInfo source, Map<String, JournalRecord> held) {
        if (held.isEmpty()) {
            return List.of();
        }
        String idAttribute = source.hashKey().name();
        List<JournalRecord> all = new ArrayList<>(held.values());
        List<String> left = new ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            List<JournalRecord> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            Map<String, Map<String, AttributeValue>> sources = new HashMap<>();
            List<Map<String, AttributeValue>> ids = batch.stream().map(JournalRecord::sourceId).distinct()
                    .map(id -> Map.of(idAttribute, AttributeValue.fromS(id))).toList();
            items.getAll(source.name(), ids, true).forEach(item -> sources.put(item.get(idAttribute).s(), item));
            for (JournalRecord record : batch) {
                String why = why(model, target, record, sources.get(record.sourceId()));
                if (why != null) {
                    left.add(ItemKeys.describe(DynamoJson.item((ObjectNode) record.key())) + " (" + why + ")");
                }
            }
        }
        return left;
    }

    /** Why nothing of the source belongs at {@code record}'s key, given its source item now ({@code now}); null when it does. */
    private String why(String model, TableInfo target, JournalRecord record, Map<String, AttributeValue> now) {
        String item = "source item " + record.sourceId();
        if (now == null) {
            return item + " no longer exists";
        }
        ObjectNode mapped = mappedKey(model, target, now);
        if (mapped == null) {
            return item + " is not copied";
        }
        return mapped.equals(record.key()) ? null : item + " maps to " + ItemKeys.describe(DynamoJson.item(mapped)) + " now";
    }

    /** The held keys no source item maps to, found by mapping every source item once; described. */
    private List<String> scanned(String model, TableInfo target, TableInfo source, Map<String, JournalRecord> held) {
        Map<String, JournalRecord> unmapped = new LinkedHashMap<>(held);
        Map<String, AttributeValue> start = null;
        while (!unmapped.isEmpty()) {
            ScanPage page = items.scan(source.name(), 0, 1, start, pageSize, true);
            for (Map<String, AttributeValue> item : page.items()) {
                ObjectNode mapped = mappedKey(model, target, item);
                if (mapped != null) {
                    unmapped.remove(mapped.toString());
                }
            }
            if (page.last()) {
                break;
            }
            start = page.lastEvaluatedKey();
        }
        return unmapped.values().stream().map(r -> ItemKeys.describe(DynamoJson.item((ObjectNode) r.key()))
                + " (no source item maps to it)").toList();
    }

    /** The target key a source item is copied to; null for one the run does not copy (or cannot map). */
    private ObjectNode mappedKey(String model, TableInfo target, Map<String, AttributeValue> item) {
        try {
            return transformer.copies(model, item) ? DynamoJson.item(target.keyOf(transformer.transform(model, item))) : null;
        } catch (ItemInvalidException e) {
            // An item the run cannot map was not copied: nothing of the run's belongs at its key.
            return null;
        }
    }

    private TableInfo table(String name) {
        return items.describe(name).orElseThrow(() -> new IllegalStateException("table " + name + " disappeared"));
    }
}
