package dev.dmig.feature.slice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One unit of work in finding a slice: reads one (table, segment) of the source, page by page, until done or
 * out of time, and keeps the items that belong to the slice: those whose references hit the frontier (the
 * members found by the previous round), or those holding given ID values. Reads only; a {@link Part} is plain
 * JSON, so a task can hand it to its next call, and a round's parts are all a summary needs.
 */
final class SliceScan {

    /** What one (table, segment) has given so far, and where its scan stopped. */
    public static final class Part {
        public String model;
        public int segment;
        public int totalSegments;
        public boolean done;
        public JsonNode lastEvaluatedKey;
        /** Scan requests sent (pages) and items they returned. */
        public long requests;
        public long items;
        public List<Hit> hits = new ArrayList<>();

        Part() {}

        public Part(String model, int segment, int totalSegments) {
            this.model = model;
            this.segment = segment;
            this.totalSegments = totalSegments;
        }
    }

    /**
     * A source item kept: its ID value (null when it has none), its key ({@code id=x} or {@code a=x, b=y}), the
     * path of its own that hit the frontier (null when it was kept for its ID), and every ID it refers to, by path.
     */
    public record Hit(String id, String key, String path, Map<String, List<String>> references) {}

    /** Decides whether a source item is kept, and why: the path that hit, "" for a match by ID, null for no. */
    private interface Match {
        String test(String id, Map<String, List<String>> references);
    }

    private final ItemStore items;
    private final MigrationPlan plan;
    private final ItemTransformer transformer;
    private final Map<String, TableInfo> sources;
    private final int pageSize;

    /** {@code items}: the process's own store, from which the plan's source is reached; {@code sources}: the source table of each model that may be read. */
    public SliceScan(ItemStore items, MigrationPlan plan, Map<String, TableInfo> sources, int pageSize) {
        this.items = items.across(plan.sides());
        this.plan = plan;
        this.transformer = new ItemTransformer(plan);
        this.sources = Map.copyOf(sources);
        this.pageSize = pageSize;
    }

    /**
     * Keeps the items that refer, through any of their paths, to an ID of {@code frontier} (model → IDs); each hit
     * names the first such path in plan order. Continues {@code part} until its segment ends or the deadline passes.
     */
    public Part referring(Part part, Map<String, ? extends Collection<String>> frontier, Deadline deadline) {
        Map<String, Collection<String>> hitting = new LinkedHashMap<>();
        plan.table(part.model).references().forEach((path, target) -> {
            if (frontier.containsKey(target)) {
                hitting.put(path.text(), frontier.get(target));
            }
        });
        return run(part, deadline, (id, references) -> {
            for (Map.Entry<String, List<String>> path : references.entrySet()) {
                Collection<String> ids = hitting.get(path.getKey());
                if (ids != null && path.getValue().stream().anyMatch(ids::contains)) {
                    return path.getKey();
                }
            }
            return null;
        });
    }

    /** Keeps the items whose ID value is one of {@code ids}: how a table not keyed by its ID alone is looked up. */
    public Part withIds(Part part, Collection<String> ids, Deadline deadline) {
        return run(part, deadline, (id, references) -> id != null && ids.contains(id) ? "" : null);
    }

    /** A source item as the slice keeps it; {@code path} null when it was not reached through a reference of its own. */
    Hit hit(String model, Map<String, AttributeValue> item, String path) {
        return new Hit(idOf(model, item), ItemKeys.describe(sources.get(model).keyOf(item)), path, references(model, item));
    }

    /** The item's ID value as text (strings and numbers); null when it has none. */
    String idOf(String model, Map<String, AttributeValue> item) {
        AttributeValue id = item.get(plan.table(model).idAttribute());
        return id != null && (id.type() == AttributeValue.Type.S || id.type() == AttributeValue.Type.N) ? ItemKeys.scalar(id) : null;
    }

    /** The model a path of {@code model} refers to. */
    String targetOf(String model, String path) {
        for (var reference : plan.table(model).references().entrySet()) {
            if (reference.getKey().text().equals(path)) {
                return reference.getValue();
            }
        }
        throw new IllegalArgumentException("table " + model + " has no reference path " + path);
    }

    private Map<String, List<String>> references(String model, Map<String, AttributeValue> item) {
        Map<String, List<String>> references = new LinkedHashMap<>();
        // A slice follows whole-value references; IDs inside composite values (patterns) are not followed.
        var wholeValues = plan.table(model).references();
        transformer.forEachReference(model, item, (path, target, id) -> {
            if (wholeValues.containsKey(path)) {
                references.computeIfAbsent(path.text(), p -> new ArrayList<>()).add(id);
            }
        });
        return references;
    }

    private Part run(Part part, Deadline deadline, Match match) {
        TableInfo source = sources.get(part.model);
        // At least one page per call, so that even a deadline already passed makes progress.
        boolean first = true;
        while (!part.done && (first || !deadline.passed())) {
            first = false;
            ScanPage page = items.scan(source.name(), part.segment, part.totalSegments,
                    DynamoJson.item(part.lastEvaluatedKey), pageSize, false);
            part.requests++;
            part.items += page.items().size();
            for (Map<String, AttributeValue> item : page.items()) {
                String id = idOf(part.model, item);
                Map<String, List<String>> references = references(part.model, item);
                String why = match.test(id, references);
                if (why != null) {
                    part.hits.add(new Hit(id, ItemKeys.describe(source.keyOf(item)), why.isEmpty() ? null : why, references));
                }
            }
            part.lastEvaluatedKey = page.last() ? null : DynamoJson.item(page.lastEvaluatedKey());
            part.done = page.last();
        }
        return part;
    }
}
