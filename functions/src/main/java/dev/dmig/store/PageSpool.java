package dev.dmig.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Source pages a run's analysis read, kept in this process's memory for the run's copy, which then takes each page it
 * would read again from here instead of from the source: one read of the source where the analysis and the copy run in
 * one process (the local runner). Never written anywhere: not to the artifacts bucket, not to disk (a masked run's
 * source values stay in memory, as they already are while a page is analyzed). A page is kept under the exact scan that
 * read it ({@link Read}: table, segment, the key it starts after, the page size), so the copy is given a page only where
 * its own scan would have asked for that very page, and it is given once; any other scan, and any page not kept (over
 * the budget, a process that did not analyze the run, a resumed run), reads the source as before. What the copy writes
 * from a kept page is what the analysis read and checked; the migration's digest of the pages it copied is taken of
 * them as of any page it reads, so validation's comparison with the analysis's digest holds either way.
 */
public interface PageSpool {
    /** Keeps nothing: every scan reads the source (a Lambda function, whose analysis and copy run in other processes). */
    PageSpool NONE = new PageSpool() {
        @Override
        public void offer(String runId, Read read, ScanPage page, long bytes) {}

        @Override
        public Optional<ScanPage> take(String runId, Read read) {
            return Optional.empty();
        }

        @Override
        public void forget(String runId) {}
    };

    /**
     * The item bytes a local process keeps at most, by default: a quarter of its heap, the first of them (at most 64 MB, a
     * sixty-fourth of the heap) as the SDK's objects, the rest packed ({@link #inMemory(long, long)}); {@code DMIG_SPOOL_MB}
     * sets the whole in MB, 0 keeps nothing.
     */
    static PageSpool local() {
        long heap = Runtime.getRuntime().maxMemory();
        long objects = Math.min(64L * 1024 * 1024, heap / 64);
        String asked = System.getenv("DMIG_SPOOL_MB");
        if (asked != null && !asked.isBlank()) {
            long budget = Long.parseLong(asked.trim()) * 1024 * 1024;
            return inMemory(Math.min(objects, budget), budget);
        }
        return inMemory(objects, heap / 4);
    }

    /** One scan of a page: what the copy's own scan must ask for to be given the kept page. */
    record Read(String table, int segment, int totalSegments, Map<String, AttributeValue> from, int limit) {
        public Read {
            // The segment's first page: asked with no key, or with an empty one.
            from = from == null ? Map.of() : Map.copyOf(from);
        }
    }

    /**
     * Keeps {@code page} of run {@code runId}, read by {@code read}, {@code bytes} being its items' size; in place of a page
     * kept under the same read. A page that does not fit is not kept, and one kept before under that read is let go: the
     * spool never gives a read of a page other than the last one offered.
     */
    void offer(String runId, Read read, ScanPage page, long bytes);

    /** The page kept under {@code read} for run {@code runId}, let go as it is given; empty when none is. */
    Optional<ScanPage> take(String runId, Read read);

    /** Lets go every page kept for {@code runId}: its copy will not take them (a dry run, a refusal, a resumed run). */
    void forget(String runId);

    /** Where an analysis keeps the pages it has analyzed, for one run. */
    @FunctionalInterface
    interface Recorder {
        /** Keeps nothing. */
        Recorder NONE = (read, page, bytes) -> { };

        void keep(Read read, ScanPage page, long bytes);
    }

    /** What run {@code runId}'s analysis keeps its pages with. */
    default Recorder recording(String runId) {
        return this == NONE ? Recorder.NONE : (read, page, bytes) -> offer(runId, read, page, bytes);
    }

    /** {@code source} as run {@code runId}'s copy reads it: a scan of a page this spool keeps is answered from it, once. */
    default ItemStore serving(String runId, ItemStore source) {
        return this == NONE ? source : new Serving(source, this, runId);
    }

    /** A spool of at most {@code budgetBytes} item bytes (about five times as much heap), kept as objects, of one run at a time. */
    static PageSpool inMemory(long budgetBytes) {
        return inMemory(budgetBytes, budgetBytes);
    }

    /**
     * A spool of at most {@code budgetBytes} item bytes, of one run at a time: the first {@code objectBytes} of them kept as
     * the SDK's objects (about five times as much heap; nothing to do when they are taken), the rest packed into one byte
     * array an item ({@link PackedPages}: about their item bytes in heap, for a walk of each item as it is kept and taken).
     */
    static PageSpool inMemory(long objectBytes, long budgetBytes) {
        return budgetBytes <= 0 ? NONE : new InMemory(Math.min(objectBytes, budgetBytes), budgetBytes);
    }

    /** The pages of the run that offered last, within the budget: a process runs one run at a time. */
    final class InMemory implements PageSpool {
        private final long objectBudget;
        private final long budget;
        private final Map<Read, Kept> pages = new HashMap<>();
        private String runId;
        private long held;
        private long heldAsObjects;

        /** A page as it was offered, or packed ({@code page} null). */
        private record Kept(ScanPage page, PackedPages.Packed packed, long bytes) {
            ScanPage unpacked() {
                return page != null ? page : PackedPages.unpack(packed);
            }
        }

        InMemory(long objectBudget, long budget) {
            this.objectBudget = objectBudget;
            this.budget = budget;
        }

        @Override
        public void offer(String run, Read read, ScanPage page, long bytes) {
            // Packed outside the lock: the analysis's segments offer their pages side by side.
            keep(run, read, page, bytes <= budget && !fitsAsObjects(run, bytes) ? PackedPages.pack(page) : null, bytes);
        }

        private synchronized boolean fitsAsObjects(String run, long bytes) {
            return !run.equals(runId) ? bytes <= objectBudget : heldAsObjects + bytes <= objectBudget;
        }

        private synchronized void keep(String run, Read read, ScanPage page, PackedPages.Packed packed, long bytes) {
            if (!run.equals(runId)) {
                pages.clear();
                held = 0;
                heldAsObjects = 0;
                runId = run;
            }
            Kept before = pages.remove(read);
            if (before != null) {
                held -= before.bytes();
                heldAsObjects -= before.page() != null ? before.bytes() : 0;
            }
            if (packed == null && heldAsObjects + bytes <= objectBudget) {
                pages.put(read, new Kept(page, null, bytes));
                held += bytes;
                heldAsObjects += bytes;
            } else if (held + bytes <= budget) {
                // Packed here only where another segment's page took the room it was offered for as objects.
                pages.put(read, new Kept(null, packed != null ? packed : PackedPages.pack(page), bytes));
                held += bytes;
            }
        }

        @Override
        public Optional<ScanPage> take(String run, Read read) {
            return taken(run, read).map(Kept::unpacked);
        }

        private synchronized Optional<Kept> taken(String run, Read read) {
            if (!run.equals(runId)) {
                return Optional.empty();
            }
            Kept kept = pages.remove(read);
            if (kept == null) {
                return Optional.empty();
            }
            held -= kept.bytes();
            heldAsObjects -= kept.page() != null ? kept.bytes() : 0;
            return Optional.of(kept);
        }

        @Override
        public synchronized void forget(String run) {
            if (run.equals(runId)) {
                pages.clear();
                held = 0;
                heldAsObjects = 0;
            }
        }

        /** The pages kept now (tests). */
        public synchronized int pages() {
            return pages.size();
        }

        /** The pages kept packed now (tests). */
        public synchronized long packed() {
            return pages.values().stream().filter(kept -> kept.page() == null).count();
        }
    }

    /** A source whose scans of kept pages are answered by the spool. */
    final class Serving extends ForwardingItemStore {
        private final PageSpool spool;
        private final String runId;

        Serving(ItemStore source, PageSpool spool, String runId) {
            super(source);
            this.spool = spool;
            this.runId = runId;
        }

        @Override
        public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey, int limit,
                             boolean consistentRead) {
            if (!consistentRead) {
                Optional<ScanPage> kept = spool.take(runId, new Read(table, segment, totalSegments, exclusiveStartKey, limit));
                if (kept.isPresent()) {
                    return kept.get();
                }
            }
            return super.scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead);
        }
    }
}
