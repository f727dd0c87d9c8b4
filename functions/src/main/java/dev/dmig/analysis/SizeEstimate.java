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
     * Counts segments 0, 1, 2... of a {@code slices}-segment scan until whole segments hold
     * {@link #ENOUGH_ITEMS}, the extrapolation reaches {@code maxSized}, every segment is read, or
     * {@link #MAX_PAGES} requests are spent. Every page but a segment's last read about 1 MB, which
     * gives a lower bound on the bytes.
     */
    static Sample sample(ItemStore items, String table, int slices, long maxSized) {
        long counted = 0;
        long fullPages = 0;
        int pages = 0;
        int segment = 0;
        Map<String, AttributeValue> start = null;
        while (true) {
            CountPage page = items.count(table, segment, slices, start);
            pages++;
            counted += page.count();
            if (page.last()) {
                segment++;
                start = null;
            } else {
                fullPages++;
                start = page.lastEvaluatedKey();
            }
            boolean partial = start != null;
            int read = segment + (partial ? 1 : 0);
            long itemsEstimate = counted * slices / read;
            long bytesEstimate = fullPages * CountPage.PAGE_BYTES * slices / read;
            boolean enough = !partial && (counted >= ENOUGH_ITEMS || segment == slices);
            if (enough || sized(itemsEstimate, bytesEstimate) >= maxSized || pages == MAX_PAGES) {
                return new Sample(slices, read, partial, counted, pages, itemsEstimate, bytesEstimate);
            }
        }
    }

    private static long sized(long items, long bytes) {
        return Math.max(items, bytes / 1024);
    }
}
