package dev.dmig.analysis;

import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.SourceHolders;
import dev.dmig.plan.TablePair;
import dev.dmig.store.ItemStore;
import dev.dmig.store.KnownKeys;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which source table holds each value of a reference to the table whose source holds it ({@code {"oneOf": ["Evaluation",
 * "Report"]}}): before a page's items are mapped, their values are looked up in each of those tables' source, in batches
 * ({@link KnownKeys}); what is found is what the analysis's mapping of the page uses ({@link SourceHolders}: an ID held by
 * two tables is a problem of the item, an ID none holds an orphan of the first), and goes into the segment's part
 * ({@link #TALLY}), whose sum the summary freezes for every later step ({@link dev.dmig.migrate.HeldIds}). What is
 * found only grows, as it is a fact of the source: the segments a call reads side by side share it.
 */
final class HeldIdLookup implements SourceHolders {
    /** Per model, the IDs its source held among the values a segment looked up. */
    static final ScanTally<Held, Held> TALLY = new ScanTally<>("heldIds", Held.class, Held::new, Held::add, Held.class,
            (held, table) -> null);

    /** A segment's held IDs, per model: stored in its part, summed into the run's. */
    static final class Held {
        public Map<String, Set<String>> byModel = new TreeMap<>();

        void add(Held other) {
            other.byModel.forEach((model, ids) -> byModel.computeIfAbsent(model, m -> new TreeSet<>()).addAll(ids));
        }
    }

    private final Map<String, TablePair> pairs;
    private final KnownKeys sourceKeys;
    private final Map<String, Set<String>> found = new ConcurrentHashMap<>();

    /** {@code source}: where the run's source tables ({@code pairs}) are, whole. */
    HeldIdLookup(ItemStore source, Map<String, TablePair> pairs) {
        this.pairs = pairs;
        this.sourceKeys = new KnownKeys(source, KnownKeys.DEFAULT_CAP);
    }

    @Override
    public boolean holds(String model, String id) {
        Set<String> ids = found.get(model);
        return ids != null && ids.contains(id);
    }

    /**
     * Looks up the values of {@code page}'s items that a source table may hold, found by {@code transformer}'s walk of the
     * items, adding what is found to {@code scan}'s part.
     */
    void lookUp(SegmentScan scan, List<Map<String, AttributeValue>> page, ItemTransformer transformer) {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : page) {
            transformer.forEachHeldValue(scan.model, item, (models, value) ->
                    models.forEach(model -> wanted.computeIfAbsent(model, m -> new LinkedHashSet<>()).add(value)));
        }
        wanted.forEach((model, values) -> {
            // Every table named is in the run, keyed by its ID as a string: HeldIdCheck refused the run before its scans if not.
            Set<String> held = new LinkedHashSet<>(values);
            held.removeAll(sourceKeys.missing(pairs.get(model).source(), values));
            if (!held.isEmpty()) {
                found.computeIfAbsent(model, m -> ConcurrentHashMap.newKeySet()).addAll(held);
                scan.tally(TALLY).byModel.computeIfAbsent(model, m -> new TreeSet<>()).addAll(held);
            }
        });
    }
}
