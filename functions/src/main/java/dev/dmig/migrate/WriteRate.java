package dev.dmig.migrate;

import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import dev.dmig.store.Sleeper;
import java.util.function.LongSupplier;

/**
 * Paces writes to at most a given number of items per second, so a migration into a live table
 * never takes all of its capacity. Each segment task gets its share of the table's limit.
 */
public final class WriteRate {
    /** No limit. */
    public static final WriteRate UNLIMITED = new WriteRate(0, System::nanoTime, Sleeper.REAL);

    private final double itemsPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long nextFreeNanos = Long.MIN_VALUE;
    /** Allowance left unused (while the task scanned or journaled) may be caught up, but no more than this. */
    private static final long CARRY_OVER_NANOS = 250_000_000L;

    WriteRate(double itemsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        this.itemsPerSecond = itemsPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** {@code limit} items/s for the whole table, shared by {@code segments} tasks; 0 or less means unlimited. */
    public static WriteRate share(Integer limit, int segments) {
        if (limit == null || limit <= 0) {
            return UNLIMITED;
        }
        return new WriteRate((double) limit / Math.max(1, segments), System::nanoTime, Sleeper.REAL);
    }

    public boolean limited() {
        return itemsPerSecond > 0;
    }

    /** This task's share of the limit; 0 when unlimited. */
    public double itemsPerSecond() {
        return itemsPerSecond;
    }

    /** Waits until {@code items} more may be written. */
    public void acquire(int items) {
        acquire(items, Deadline.none());
    }

    /**
     * Waits until {@code items} more may be written, unless that wait would end past the last moment
     * for writes of {@code deadline}: then it throws at once, taking nothing of the allowance.
     */
    public void acquire(int items, Deadline deadline) {
        if (!limited()) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            long start = nextFreeNanos == Long.MIN_VALUE ? now : Math.max(now - CARRY_OVER_NANOS, nextFreeNanos);
            wait = start - now;
            if (!deadline.fits(Math.max(0, wait) / 1_000_000)) {
                throw new OutOfTimeException("the write rate allows the next " + items + " items only in " + wait / 1_000_000
                        + " ms, past what is left of the invocation");
            }
            nextFreeNanos = start + (long) (items / itemsPerSecond * 1e9);
        }
        if (wait > 0) {
            sleeper.sleep(wait / 1_000_000);
        }
    }
}
