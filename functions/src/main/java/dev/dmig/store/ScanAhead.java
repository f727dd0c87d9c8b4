package dev.dmig.store;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One table segment scanned page by page, the next page read while the caller works on the one it has: a
 * read-only pass then waits for a page only when reading is slower than its work. A page read ahead that the
 * caller never asks for (it stopped at its deadline) is dropped; its reader ends on its own.
 */
public final class ScanAhead {
    private final ItemStore items;
    private final String table;
    private final int segment;
    private final int totalSegments;
    private final int pageSize;
    private final boolean consistent;
    private CompletableFuture<ScanPage> next;

    /** Starts reading the page after {@code from} (null: the segment's first page). */
    public ScanAhead(ItemStore items, String table, int segment, int totalSegments, Map<String, AttributeValue> from,
                     int pageSize, boolean consistent) {
        this.items = items;
        this.table = table;
        this.segment = segment;
        this.totalSegments = totalSegments;
        this.pageSize = pageSize;
        this.consistent = consistent;
        this.next = read(from);
    }

    /** The next page, as {@link ItemStore#scan} returns it, or throws what it threw; after the last page, fails. */
    public ScanPage next() {
        if (next == null) {
            throw new IllegalStateException("table " + table + ": segment " + segment + " has no page after its last");
        }
        ScanPage page = Reads.join(next);
        next = page.last() ? null : read(page.lastEvaluatedKey());
        return page;
    }

    private CompletableFuture<ScanPage> read(Map<String, AttributeValue> from) {
        return Reads.start(() -> items.scan(table, segment, totalSegments, from, pageSize, consistent));
    }
}
