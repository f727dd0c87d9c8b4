package dev.dmig.analysis;

import dev.dmig.store.CountPage;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size a source table's scan segments were chosen for, and where it came from. DynamoDB
 * refreshes DescribeTable's ItemCount and TableSizeBytes only about every six hours, so a table
 * loaded since looks empty and would get a single segment; when they say the table fits in one
 * segment, a COUNT scan of a thin slice of the table as it is now is extrapolated instead.
 *
 * <p>{@code basis} is {@code plan} (the plan fixes the segments; nothing is estimated),
 * {@code describeTable} or {@code sample}; {@code items} and {@code bytes} are what the segments
 * were sized for.
 */
public record SizeEstimate(String basis, long items, long bytes, long describedItems, long describedBytes, Sample sample) {

    /** The sampling scan's TotalSegments: each of its segments holds about a thousandth of the table. */
    static final int SLICES = 1_000;
    /** At most 16 requests of at most 1 MB each: about 2,000 read units (eventually consistent), $0.0003 on demand. */
    static final int MAX_PAGES = 16;
    /** Items counted over whole segments after which the estimate is within about 10%: no need to read on. */
    static final long ENOUGH_ITEMS = 100;
    /** How much wider the second slice is, when the first holds too few items to extrapolate from. */
    static final int WIDER = 16;

    /**
     * What the COUNT scan read: {@code segmentsCounted} of {@code totalSegments} segments (the last one
     * only in part when {@code partial}, which makes the estimate a lower bound), {@code itemsCounted}
     * items in {@code pages} requests; and what that extrapolates to.
     */
    public record Sample(int totalSegments, int segmentsCounted, boolean partial, long itemsCounted, int pages,
                         long items, long bytes) {}

    /** What segments are sized by: the item count, or the size in KB when items are large. */
    long sized() {
        return sized(items, bytes);
    }

    /** The plan sets the table's segments: DescribeTable's figures are kept for the record only. */
    static SizeEstimate fixedByPlan(TableInfo source) {
        return new SizeEstimate("plan", source.approximateItemCount(), source.approximateSizeBytes(),
                source.approximateItemCount(), source.approximateSizeBytes(), null);
    }

    /**
     * DescribeTable's figures, unless they put the table in a single segment; then also a sample,
     * whichever says the table is larger. {@code maxSized}: the size at which more reading cannot
     * add segments.
     */
    static SizeEstimate of(ItemStore items, TableInfo source, long itemsPerSegment, long maxSized) {
        return of(items, source, itemsPerSegment, maxSized, SLICES);
    }

    /** The same with {@code slices} segments in the sampling scan (tests use few, to reach the page limit). */
    static SizeEstimate of(ItemStore items, TableInfo source, long itemsPerSegment, long maxSized, int slices) {
        long describedItems = source.approximateItemCount();
        long describedBytes = source.approximateSizeBytes();
        if (SegmentSizing.segmentsFor(sized(describedItems, describedBytes), itemsPerSegment, true) > 1) {
            return new SizeEstimate("describeTable", describedItems, describedBytes, describedItems, describedBytes, null);
        }
        Sample sample = sample(items, source.name(), slices, maxSized);
        if (sized(sample.items(), sample.bytes()) <= sized(describedItems, describedBytes)) {
            return new SizeEstimate("describeTable", describedItems, describedBytes, describedItems, describedBytes, sample);
        }
        return new SizeEstimate("sample", sample.items(), sample.bytes(), describedItems, describedBytes, sample);
    }

    /**
     * Counts segment 0 of a {@code slices}-segment scan; when it holds fewer than {@link #ENOUGH_ITEMS}, counts instead
     * segment 0 of a scan in {@code slices / WIDER} segments, a slice {@value #WIDER} times as wide, in one request
     * rather than {@value #WIDER} thin slices one after another (each a round trip, the estimate no better): a small
     * table is sized in two requests. Either count stops once the extrapolation reaches
     * {@code maxSized} or {@link #MAX_PAGES} requests are spent in all. Every page but a segment's last read about
     * 1 MB, which gives a lower bound on the bytes.
     */
    static Sample sample(ItemStore items, String table, int slices, long maxSized) {
        Sample thin = count(items, table, slices, maxSized, 0);
        if (thin.partial() || thin.itemsCounted() >= ENOUGH_ITEMS || sized(thin.items(), thin.bytes()) >= maxSized
                || thin.pages() == MAX_PAGES || slices < 2 * WIDER) {
            return thin;
        }
        return count(items, table, slices / WIDER, maxSized, thin.pages());
    }

    /** Segment 0 of a {@code slices}-segment COUNT scan, page by page, after {@code spent} requests, extrapolated. */
    private static Sample count(ItemStore items, String table, int slices, long maxSized, int spent) {
        long counted = 0;
        long fullPages = 0;
        int pages = spent;
        Map<String, AttributeValue> start = null;
        while (true) {
            CountPage page = items.count(table, 0, slices, start);
            pages++;
            counted += page.count();
            start = page.last() ? null : page.lastEvaluatedKey();
            if (start != null) {
                fullPages++;
            }
            long itemsEstimate = counted * slices;
            long bytesEstimate = fullPages * CountPage.PAGE_BYTES * slices;
            if (start == null || sized(itemsEstimate, bytesEstimate) >= maxSized || pages == MAX_PAGES) {
                return new Sample(slices, 1, start != null, counted, pages, itemsEstimate, bytesEstimate);
            }
        }
    }

    private static long sized(long items, long bytes) {
        return Math.max(items, bytes / 1024);
    }
}
