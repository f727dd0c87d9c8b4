package dev.dmig.analysis;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePair;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Orphans found without a lookup per reference. When the referenced table is read by the same
 * analysis, each segment keeps the IDs of its own items and the IDs its items refer to, and the
 * summary joins the two: one read of each table, no requests of its own. A referenced table larger
 * than {@link #MAX_ITEMS}, whose IDs would not fit in one function's memory at once, or one outside
 * the run, is looked up in batches while it is read instead ({@code KnownKeys}).
 */
final class ReferenceJoin {
    /** Items of a referenced table up to which its IDs are held in memory for the join (~100 MB). */
    static final long MAX_ITEMS = 1_000_000;
    /**
     * Items of a referring table up to which its segments keep what they refer to (~150 bytes a reference,
     * in S3 until the summary): beyond, lookups cost less than carrying the references.
     */
    static final long MAX_REFERRING_ITEMS = 10_000_000;

    /**
     * How one segment's items refer to one ID: the first use seen (path and item), the uses per path when there
     * is more than that one, and the first item of each other path. Stored as a JSON array,
     * {@code [path, item, paths, items]}, the last two null for a single use: a segment keeps one of these per ID it
     * refers to, so its part's size is mostly these. Parts stored by earlier versions, as objects, are read too.
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"path", "item", "paths", "items"})
    @JsonDeserialize(using = Uses.Reader.class)
    static final class Uses {
        public String path;
        public String item;
        public Map<String, Long> paths;
        public Map<String, String> items;

        void add(String path, String item) {
            if (this.item == null) {
                this.path = path;
                this.item = item;
                return;
            }
            if (paths == null) {
                paths = new LinkedHashMap<>();
                paths.put(this.path, 1L);
            }
            paths.merge(path, 1L, Long::sum);
            if (!path.equals(this.path)) {
                if (items == null) {
                    items = new LinkedHashMap<>();
                }
                items.putIfAbsent(path, item);
            }
        }

        /** Uses per reference path. */
        Map<String, Long> byPath() {
            return paths != null ? paths : Map.of(path, 1L);
        }

        /** The first item that uses the ID through {@code path}; null when not known (a part stored as an object). */
        String item(String path) {
            return path.equals(this.path) ? item : items == null ? null : items.get(path);
        }

        /** Reads the array form, and the object form ({@code paths}, {@code path}, {@code item}) of earlier versions. */
        static final class Reader extends StdDeserializer<Uses> {
            private static final TypeReference<LinkedHashMap<String, Long>> PATHS = new TypeReference<>() {};
            private static final TypeReference<LinkedHashMap<String, String>> ITEMS = new TypeReference<>() {};

            Reader() {
                super(Uses.class);
            }

            @Override
            public Uses deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                Uses uses = new Uses();
                if (!parser.isExpectedStartArrayToken()) {
                    JsonNode node = context.readTree(parser);
                    uses.path = node.path("path").textValue();
                    uses.item = node.path("item").textValue();
                    Map<String, Long> paths = context.readTreeAsValue(node.path("paths"),
                            context.getTypeFactory().constructType(PATHS));
                    boolean single = paths == null || paths.isEmpty() || paths.equals(Map.of(uses.path, 1L));
                    uses.paths = single ? null : paths;
                    return uses;
                }
                int index = 0;
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), index++) {
                    boolean isNull = token == JsonToken.VALUE_NULL;
                    switch (index) {
                        case 0 -> uses.path = parser.getValueAsString();
                        case 1 -> uses.item = parser.getValueAsString();
                        case 2 -> uses.paths = isNull ? null : context.readValue(parser, context.getTypeFactory().constructType(PATHS));
                        case 3 -> uses.items = isNull ? null : context.readValue(parser, context.getTypeFactory().constructType(ITEMS));
                        default -> parser.skipChildren();
                    }
                }
                return uses;
            }
        }
    }

    private final Set<String> joined;
    private final Set<String> referring;

    private ReferenceJoin(Set<String> joined, Set<String> referring) {
        this.joined = joined;
        this.referring = referring;
    }

    /**
     * The join for the run's tables that can be checked by their source key and are small enough, but those whose source
     * IDs the run's artifacts keep none of ({@code withheld}: the parts would hold them), which are looked up.
     */
    static ReferenceJoin of(MigrationPlan plan, Map<String, TablePair> pairs, Map<String, SizeEstimate> sizes,
                            Predicate<String> withheld) {
        Set<String> joined = new HashSet<>();
        Set<String> referring = new HashSet<>();
        pairs.forEach((model, pair) -> {
            SizeEstimate size = sizes.get(model);
            if (SegmentAnalyzer.checkable(plan, pair, model) && size != null && size.items() <= MAX_ITEMS && !withheld.test(model)) {
                joined.add(model);
            }
            if (size != null && size.items() <= MAX_REFERRING_ITEMS) {
                referring.add(model);
            }
        });
        return new ReferenceJoin(joined, referring);
    }

    /** True when {@code model} keeps its IDs for the join: references to it are checked that way. */
    boolean joins(String model) {
        return joined.contains(model);
    }

    /** True when the references of {@code model}'s items to {@code target} are checked by the join. */
    boolean joins(String model, String target) {
        return referring.contains(model) && joined.contains(target);
    }

    /**
     * Counts, in the tallies of some of one table's {@code parts}, the uses of IDs the referenced table's segments
     * did not hold, then lets go of what the parts referred to. {@code idsOf} collects a table's IDs from its parts;
     * {@code known} keeps each referenced table's IDs from one call to the next. A table whose source IDs the run withholds
     * is never joined ({@link #of}), so an example shows the ID as it is.
     */
    static void countOrphans(List<SegmentScan> parts, Function<String, Set<String>> idsOf, Map<String, Set<String>> known) {
        parts.forEach(part -> part.referenced.forEach((target, uses) -> {
            Set<String> ids = known.computeIfAbsent(target, idsOf);
            uses.forEach((id, use) -> {
                if (ids.contains(id)) {
                    return;
                }
                use.byPath().forEach((path, count) -> {
                    SegmentScan.ReferenceTally tally = part.references.get(path);
                    tally.orphans += count;
                    String item = use.item(path);
                    if (item != null && tally.orphanExamples.size() < SegmentScan.EXAMPLES) {
                        tally.orphanExamples.add(new OrphanExample(item, id));
                    }
                });
            });
        }));
        parts.forEach(part -> part.referenced = new HashMap<>());
    }
}
