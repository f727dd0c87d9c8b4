package dev.dmig.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A connected part of the source that a run may cover alone: the roots, every record that refers to
 * something in it (descendants, transitively), and every record it refers to (ancestors, transitively),
 * so that no reference in the target points at a record the run left behind. Per model: its members and
 * how each was reached; the references that leave it for models the run does not migrate, the ones whose
 * record is not in the source, and what finding it read.
 */
public record Slice(List<Root> roots, Map<String, Members> tables, List<Reference> leaving, List<Reference> missing,
                    Totals totals, List<Phase> phases) {

    /** A record the slice starts from: {@code --root MODEL:ID}. */
    public record Root(String model, String id) {
        /** Parses {@code MODEL:ID} (the ID may itself hold colons); refuses anything else in one line. */
        public static Root parse(String text) {
            int colon = text == null ? -1 : text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new RootInvalidException("root '" + text + "' is not of the form MODEL:ID (e.g. --root Projects:4f1c...)");
            }
            return new Root(text.substring(0, colon), text.substring(colon + 1));
        }

        @Override
        public String toString() {
            return model + ":" + id;
        }
    }

    /**
     * The members of one model. A member is named by its ID value when the ID attribute is the table's partition key
     * ({@code key} empty), every item holding the value belonging to it; otherwise an ID value can be shared by
     * unrelated items, and a member is one item, named by its key ({@code key}: the key attributes) as {@code a=x, b=y}.
     * {@code ids} is sorted. Each member is counted once, by the first way it was reached: {@code roots};
     * {@code descendants} by its own reference path into the slice ({@code Model.path}); {@code ancestors} by the
     * path that referred to it ({@code Referrer.path}). Where a masked run withholds the model's source IDs
     * ({@code WithheldIds}), {@code slice.json} keeps them {@code sealed} (the list as one, {@code ids} empty), which the
     * processes that read the slice open; the counts stay readable ({@link #count}).
     */
    public record Members(String model, String idAttribute, List<String> key, List<String> ids, long roots,
                          Map<String, Long> descendants, Map<String, Long> ancestors, JsonNode sealed) {
        public Members {
            key = List.copyOf(key);
            ids = ids.stream().sorted().distinct().toList();
            descendants = Collections.unmodifiableMap(new LinkedHashMap<>(descendants));
            ancestors = Collections.unmodifiableMap(new LinkedHashMap<>(ancestors));
        }

        public Members(String model, String idAttribute, List<String> key, List<String> ids, long roots,
                       Map<String, Long> descendants, Map<String, Long> ancestors) {
            this(model, idAttribute, key, ids, roots, descendants, ancestors, null);
        }

        /** How many members: each counted once, by the way it was first reached. */
        public long count() {
            return roots + descendants.values().stream().mapToLong(Long::longValue).sum()
                    + ancestors.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What names the members of a table: nothing but the ID (empty) when it is the partition key, else the key. */
        public static List<String> key(TableInfo source, String idAttribute) {
            return source.hashKey().name().equals(idAttribute) ? List.of() : source.keyNames();
        }

        public boolean contains(String id) {
            return Collections.binarySearch(ids, id) >= 0;
        }

        /** The member name of a source item of this model (see {@link Members}); null when it lacks the attributes. */
        public String nameOf(Map<String, AttributeValue> item) {
            if (key.isEmpty()) {
                AttributeValue id = item.get(idAttribute);
                return id == null ? null : ItemKeys.scalar(id);
            }
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            for (String name : key) {
                AttributeValue value = item.get(name);
                if (value == null) {
                    return null;
                }
                values.put(name, value);
            }
            return ItemKeys.describe(values);
        }
    }

    /**
     * References of the members, through one path, to records of {@code target} that are not in the slice:
     * how many values, and up to {@link #EXAMPLES} of them.
     */
    public record Reference(String model, String path, String target, long count, List<String> examples) {
        public Reference {
            examples = List.copyOf(examples);
        }
    }

    /** Members in all, by the way they were reached; {@code sourceItems}: the source tables' items, as DescribeTable counts them. */
    public record Totals(long members, long roots, long descendants, long ancestors, long sourceItems) {}

    /**
     * What one phase of finding the slice read ({@code roots}, {@code descendants}, {@code ancestors}): its rounds,
     * the (table, segment) scans it ran, its read requests (Scan pages, BatchGetItem calls of up to 100 keys) and
     * the items they returned.
     */
    public record Phase(String name, int rounds, long scans, long requests, long items) {}

    public static final int EXAMPLES = 3;

    public Slice {
        roots = List.copyOf(roots);
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        leaving = List.copyOf(leaving);
        missing = List.copyOf(missing);
        phases = List.copyOf(phases);
    }

    /** Whether the member named {@code id} (see {@link Members}) of {@code model} is in the slice. */
    public boolean contains(String model, String id) {
        Members members = tables.get(model);
        return members != null && members.contains(id);
    }

    /** Whether this source item of {@code model} is in the slice. */
    public boolean contains(String model, Map<String, AttributeValue> item) {
        Members members = tables.get(model);
        if (members == null) {
            return false;
        }
        String name = members.nameOf(item);
        return name != null && members.contains(name);
    }

    /** Items read per item of the source, over every phase. */
    public double readsPerSourceItem() {
        long read = phases.stream().mapToLong(Phase::items).sum();
        return totals.sourceItems() == 0 ? 0 : (double) read / totals.sourceItems();
    }
}
