package dev.dmig.store;

import dev.dmig.Tasks;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One table segment scanned page by page, the next page read while the caller works on the one it has: a
 * read-only pass then waits for a page only when reading is slower than its work. No page is read ahead once
 * {@code goingOn} says the caller will stop (its deadline has passed): it would be read and dropped. A page read
 * ahead that the caller never asks for all the same is dropped; its reader ends on its own.
 */
public final class ScanAhead {
    private final ItemStore items;
    private final String table;
    private final int segment;
    private final int totalSegments;
    private final int pageSize;
    private final boolean consistent;
    private final BooleanSupplier goingOn;
    /** Where each read's retries are counted ({@link SdkRetries#counting}); null: nowhere. */
    private final AtomicLong retries;
    /** Starts each read: {@link Reads#start}, or a test's that sees each read start. */
    private final Function<Supplier<ScanPage>, CompletableFuture<ScanPage>> reads;
    /** The page being read ahead; null when none is (then the next one is read when asked for). */
    private CompletableFuture<ScanPage> ahead;
    private Map<String, AttributeValue> after;
    private boolean ended;

    /** Starts reading the page after {@code from} (null: the segment's first page), reading ahead while {@code goingOn}. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the store and the arguments of its ItemStore#scan, and when to read ahead
    public ScanAhead(ItemStore items, String table, int segment, int totalSegments, Map<String, AttributeValue> from,
                     int pageSize, boolean consistent, BooleanSupplier goingOn) {
        this(items, table, segment, totalSegments, from, pageSize, consistent, goingOn, null);
    }

    /** As {@link #ScanAhead(ItemStore, String, int, int, Map, int, boolean, BooleanSupplier)}, counting each read's retries in {@code retries}. */
    @SuppressWarnings("checkstyle:ParameterNumber") // as above, and where the reads' retries are counted
    public ScanAhead(ItemStore items, String table, int segment, int totalSegments, Map<String, AttributeValue> from,
                     int pageSize, boolean consistent, BooleanSupplier goingOn, AtomicLong retries) {
        this(items, table, segment, totalSegments, from, pageSize, consistent, goingOn, retries, Reads::start);
    }

    /** As above, each read started by {@code reads}: a test sees whether a read starts before {@link #next} returns. */
    @SuppressWarnings("checkstyle:ParameterNumber") // as above, and what starts each read
    ScanAhead(ItemStore items, String table, int segment, int totalSegments, Map<String, AttributeValue> from, int pageSize,
              boolean consistent, BooleanSupplier goingOn, AtomicLong retries,
              Function<Supplier<ScanPage>, CompletableFuture<ScanPage>> reads) {
        this.items = items;
        this.table = table;
        this.segment = segment;
        this.totalSegments = totalSegments;
        this.pageSize = pageSize;
        this.consistent = consistent;
        this.goingOn = goingOn;
        this.retries = retries;
        this.reads = reads;
        this.after = from;
        this.ahead = read(from);
    }

    /** The next page, as {@link ItemStore#scan} returns it, or throws what it threw; after the last page, fails. */
    public ScanPage next() {
        if (ended) {
            throw new IllegalStateException("table " + table + ": segment " + segment + " has no page after its last");
        }
        CompletableFuture<ScanPage> reading = ahead != null ? ahead : read(after);
        ahead = null;
        ScanPage page = Tasks.join(reading);
        ended = page.last();
        if (!ended) {
            after = page.lastEvaluatedKey();
            if (goingOn.getAsBoolean()) {
                ahead = read(after);
            }
        }
        return page;
    }

    private CompletableFuture<ScanPage> read(Map<String, AttributeValue> from) {
        if (retries == null) {
            return reads.apply(() -> items.scan(table, segment, totalSegments, from, pageSize, consistent));
        }
        return reads.apply(() -> SdkRetries.counting(retries, () -> items.scan(table, segment, totalSegments, from, pageSize, consistent)));
    }
}
