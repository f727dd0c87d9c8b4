package dev.dmig.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemSize;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Provisioned write capacity as DynamoDB meters it, per table: a token bucket of {@code unitsPerSecond}
 * that holds at most {@code burstSeconds} of unused capacity; a put costs one unit per started KB of
 * the item, a delete one unit, whether batched (BatchWriteItem) or one by one (PutItem, DeleteItem). What it cannot
 * admit now the front answers as DynamoDB does: {@code UnprocessedItems}, or HTTP 400
 * {@code ProvisionedThroughputExceededException} when nothing of a call is admitted. It also counts what it admitted and refused, for the share of capacity used.
 */
public final class WriteCapacity {
    private final double unitsPerSecond;
    private final double burstUnits;
    /** Whether a table's bucket starts empty and fills from {@link #createdAt}, as a new table's unused capacity does. */
    private final boolean accrued;
    private final long createdAt = System.nanoTime();
    private final Map<String, Bucket> tables = new ConcurrentHashMap<>();
    private final AtomicLong admittedUnits = new AtomicLong();
    private final AtomicLong admittedDeletes = new AtomicLong();
    private final AtomicLong refusedItems = new AtomicLong();
    private volatile boolean putsBlocked;
    private final Map<String, Written> written = new ConcurrentHashMap<>();

    /** What one table was admitted: units, and from when to when; and how many items it was refused. */
    public static final class Written {
        private long units;
        private long refused;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;

        synchronized void add(long more) {
            long now = System.nanoTime();
            units += more;
            first = Math.min(first, now);
            last = Math.max(last, now);
        }

        synchronized void refuse() {
            refused++;
        }

        public synchronized long units() {
            return units;
        }

        /** Items refused: the table was throttled when this is not 0. */
        public synchronized long refused() {
            return refused;
        }

        /** Seconds from the first admitted write to the last. */
        public synchronized double seconds() {
            return units == 0 ? 0 : (last - first) / 1e9;
        }
    }

    /** Per table, what it was admitted. */
    public Map<String, Written> written() {
        return Map.copyOf(written);
    }

    public WriteCapacity(double unitsPerSecond, double burstSeconds) {
        this(unitsPerSecond, burstSeconds, false);
    }

    private WriteCapacity(double unitsPerSecond, double burstSeconds, boolean accrued) {
        this.unitsPerSecond = unitsPerSecond;
        this.burstUnits = unitsPerSecond * burstSeconds;
        this.accrued = accrued;
    }

    /**
     * Capacity as DynamoDB keeps it for tables created now: each table's bucket holds the capacity it has left unused
     * since this moment, at most {@code burstSeconds} of it (DynamoDB keeps 300 s), rather than a full burst at once;
     * a run that reads for a while before its first write has that much more to spend, as on DynamoDB.
     */
    public static WriteCapacity accruedSince(double unitsPerSecond, double burstSeconds) {
        return new WriteCapacity(unitsPerSecond, burstSeconds, true);
    }

    /** No limit: every write is admitted and its units counted, for the units a run consumes. */
    public static WriteCapacity unmetered() {
        return new WriteCapacity(Double.POSITIVE_INFINITY, 1, false);
    }

    /** From now on no put is admitted at all (deletes still are), as for a table throttled to nothing. */
    public WriteCapacity blockPuts() {
        putsBlocked = true;
        return this;
    }

    /** Takes the units of one write request of {@code table} ({"PutRequest": …} or {"DeleteRequest": …}), if there are enough. */
    boolean admit(String table, JsonNode writeRequest) {
        boolean put = writeRequest.has("PutRequest");
        if (put && putsBlocked) {
            refusedItems.incrementAndGet();
            return false;
        }
        long units = put ? units(writeRequest.get("PutRequest").get("Item")) : 1;
        boolean admitted = tables.computeIfAbsent(table, t -> new Bucket()).take(units);
        if (admitted) {
            written.computeIfAbsent(table, t -> new Written()).add(units);
            admittedUnits.addAndGet(units);
            if (!put) {
                admittedDeletes.incrementAndGet();
            }
        } else {
            refusedItems.incrementAndGet();
            written.computeIfAbsent(table, t -> new Written()).refuse();
        }
        return admitted;
    }

    /** Units of one started KB each, as DynamoDB charges a write of {@code item}. */
    static long units(JsonNode item) {
        long bytes = ItemSize.of(DynamoJson.item(item));
        return Math.max(1, (bytes + 1023) / 1024);
    }

    public long admittedUnits() {
        return admittedUnits.get();
    }

    /** Deletes admitted (one unit each), apart from the puts admitted beside them. */
    public long admittedDeletes() {
        return admittedDeletes.get();
    }

    public long refusedItems() {
        return refusedItems.get();
    }

    public double unitsPerSecond() {
        return unitsPerSecond;
    }

    public double burstUnits() {
        return burstUnits;
    }

    /**
     * What the front offered a table between its first and last admitted write: the burst it starts with plus the
     * rate over that time. A table's admitted units against this is the share of its capacity a run used.
     */
    public double offeredUnits(Written table) {
        return burstUnits + unitsPerSecond * table.seconds();
    }

    /** The table that was admitted the most units, with what it was admitted; empty when nothing was written. */
    public java.util.Optional<Map.Entry<String, Written>> busiest() {
        return written().entrySet().stream().max(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(Written::units)));
    }

    /** One table's bucket: full at first (or holding what it accrued, {@link #accruedSince}), refilled continuously. */
    private final class Bucket {
        private long refilledAt = System.nanoTime();
        private double tokens = accrued ? Math.min(burstUnits, (refilledAt - createdAt) / 1e9 * unitsPerSecond) : burstUnits;

        synchronized boolean take(long units) {
            if (Double.isInfinite(unitsPerSecond)) {
                return true;
            }
            long now = System.nanoTime();
            tokens = Math.min(burstUnits, tokens + (now - refilledAt) / 1e9 * unitsPerSecond);
            refilledAt = now;
            if (tokens < units) {
                return false;
            }
            tokens -= units;
            return true;
        }
    }
}
