package dev.dmig.analysis;

import dev.dmig.Settings;
import dev.dmig.Tasks;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePair;
import dev.dmig.plan.TablePlan;
import dev.dmig.store.ItemStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * How many segments each source table is read and written in: as many as the plan says, or one per
 * {@code itemsPerSegment} items of its size estimate, with a floor for small tables.
 */
final class SegmentSizing {
    private static final int MAX_SEGMENTS = 1_000;
    /** Segments a table smaller than four times {@code itemsPerSegment} still gets, when it is big enough... */
    private static final int SMALL_TABLE_SEGMENTS = 4;
    /** ...for each to have this many items: a smaller segment is not worth its own invocation. */
    private static final long MIN_ITEMS_PER_SEGMENT = 2_500;

    private final MigrationPlan plan;
    private final Settings settings;

    SegmentSizing(MigrationPlan plan, Settings settings) {
        this.plan = plan;
        this.settings = settings;
    }

    /** What each source table's segments are sized for; tables that DescribeTable puts in one segment are sampled, several at once. */
    Map<String, SizeEstimate> sizes(ItemStore items, Map<String, TablePair> pairs, ExecutorService pool) {
        long maxSized = MAX_SEGMENTS * settings.itemsPerSegment();
        List<String> models = new ArrayList<>();
        List<Future<SizeEstimate>> pending = new ArrayList<>();
        for (TablePair pair : pairs.values()) {
            models.add(pair.model());
            pending.add(pool.submit(() -> chosenSegments(pair.model()) != null
                    ? SizeEstimate.fixedByPlan(pair.source())
                    : SizeEstimate.of(items, pair.source(), settings.itemsPerSegment(), maxSized)));
        }
        List<SizeEstimate> estimates = Tasks.joinAll(pending);
        Map<String, SizeEstimate> sizes = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            sizes.put(models.get(i), estimates.get(i));
        }
        return sizes;
    }

    /** Each table's segments: the plan's choice, else from its size. */
    Map<String, Integer> segments(Map<String, SizeEstimate> sizes) {
        Map<String, Long> sized = new LinkedHashMap<>();
        Map<String, Integer> segments = new LinkedHashMap<>();
        sizes.forEach((model, size) -> {
            Integer chosen = chosenSegments(model);
            if (chosen == null) {
                sized.put(model, size.sized());
            }
            segments.put(model, chosen);
        });
        segments.putAll(automaticSegments(sized, settings.itemsPerSegment(), settings.distributedMapSegments()));
        return segments;
    }

    private Integer chosenSegments(String model) {
        TablePlan table = plan.table(model);
        return table.segments() != null ? table.segments() : plan.segments();
    }

    /**
     * Segments of the tables sized automatically, from their item counts. The small-table floor adds inline
     * segments, each ~18 of the execution's 25,000 history events: with many tables it is dropped, and each
     * table gets its segments from its size alone.
     */
    static Map<String, Integer> automaticSegments(Map<String, Long> items, long itemsPerSegment, int distributedMapSegments) {
        long inline = 0;
        for (long count : items.values()) {
            int n = segmentsFor(count, itemsPerSegment, true);
            inline += n < distributedMapSegments ? n : 0;
        }
        // Only while the floored run still fits the parent execution inline, so that the floor never sends tables out.
        boolean floor = inline <= WorkList.INLINE_SEGMENT_BUDGET;
        Map<String, Integer> segments = new LinkedHashMap<>();
        items.forEach((model, count) -> segments.put(model, segmentsFor(count, itemsPerSegment, floor)));
        return segments;
    }

    /**
     * One segment per {@code itemsPerSegment} items, at most 1,000; with {@code floor}, a table of 10,000 to
     * 100,000 items gets four, so that a small table is read and written in parallel too, and one process holds
     * as many pages in flight for a table of 10,000 items as for one of 100,000.
     */
    static int segmentsFor(long items, long itemsPerSegment, boolean floor) {
        long bySize = (items + itemsPerSegment - 1) / itemsPerSegment;
        long parallel = floor ? Math.min(SMALL_TABLE_SEGMENTS, items / MIN_ITEMS_PER_SEGMENT) : 1;
        return (int) Math.max(1, Math.min(MAX_SEGMENTS, Math.max(bySize, parallel)));
    }
}
