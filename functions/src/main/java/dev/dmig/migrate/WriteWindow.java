package dev.dmig.migrate;

import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many BatchWriteItem calls to one target table may be in flight at once, adapted to what the
 * table accepts (additive increase, multiplicative decrease, as TCP does): every call that is
 * answered in full widens the window by one call per window's worth of calls; a call with items
 * left unprocessed (or throttled outright) halves it, at most once per round trip, because the
 * calls that were already in flight when it was cut answer for the same moment of overload.
 * Shared by every segment task writing the table in one process. Also tells how long the table
 * has accepted nothing at all while being throttled, the one case in which writing gives up.
 *
 * <p>Narrowing the window alone leaves one call in flight sending refused items again as fast as the
 * table answers: behind a table of 50 units/s, about five items refused for every one written. So while
 * refusals are recent ({@link #PACE_HOLD_MILLIS}), calls are also paced ({@link #pace}) to a little more
 * ({@link #PROBE}) than the table accepted over the last measured second: enough to find more capacity
 * when the table gets it, not so much that most of each call comes back.
 */
final class WriteWindow {
    /** A waiting writer re-checks the invocation's time this often. */
    static final long WAIT_SLICE_MILLIS = 50;
    /**
     * Refusals further apart than this (a task handed back, a Lambda container sat idle) start the
     * patience again: it measures a table refusing calls, not time nobody called it.
     */
    static final long IDLE_RESET_MILLIS = 60_000;

    /** How long pacing lasts after the last refusal. */
    static final long PACE_HOLD_MILLIS = 2_000;
    /** The accept rate is measured over periods of this length. */
    static final long MEASURE_MILLIS = 1_000;
    /** Paced calls send this much more than the table accepted in the last period, to find more capacity. */
    static final double PROBE = 1.25;

    private final String table;
    private final int max;
    private final long patienceNanos;
    private final LongSupplier nanoClock;
    private double limit;
    private int inFlight;
    private long lastDecrease = Long.MIN_VALUE;
    /** Since when every answer has been a refusal (no item accepted); {@code Long.MIN_VALUE} while items are accepted. */
    private long refusingSince = Long.MIN_VALUE;
    private long lastAnswer = Long.MIN_VALUE;
    private long lastRefusal = Long.MIN_VALUE;
    private long measuringSince = Long.MIN_VALUE;
    private long acceptedWhileMeasuring;
    /** Items per second the table accepted over the last whole period measured; 0 before one is. */
    private double acceptRate;
    private long nextSend = Long.MIN_VALUE;

    public WriteWindow(String table, int max, long patienceMillis, LongSupplier nanoClock) {
        if (max < 1) {
            throw new IllegalArgumentException("a write window needs room for one call, not " + max);
        }
        this.table = table;
        this.max = max;
        this.patienceNanos = TimeUnit.MILLISECONDS.toNanos(patienceMillis);
        this.nanoClock = nanoClock;
        this.limit = max;
    }

    /**
     * Waits for room for one more call and takes it; returns the moment it was taken, to hand back
     * to {@link #answered} or {@link #abandoned}. A wait that would run past the last moment for
     * writes of {@code deadline} throws instead.
     */
    public synchronized long enter(Deadline deadline) {
        while (inFlight >= (int) limit) {
            if (!deadline.fits(WAIT_SLICE_MILLIS)) {
                throw new OutOfTimeException("table " + table + ": no room to send a batch (" + inFlight
                        + " in flight, the table accepts about " + (int) limit + ") before the invocation's time is up");
            }
            try {
                wait(WAIT_SLICE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to write to " + table, e);
            }
        }
        inFlight++;
        return nanoClock.getAsLong();
    }

    /** A call entered at {@code sentAt} came back: {@code accepted} items written, {@code refused} left unprocessed. */
    public synchronized void answered(long sentAt, int accepted, int refused) {
        leave();
        long now = nanoClock.getAsLong();
        if (accepted > 0) {
            refusingSince = Long.MIN_VALUE;
        } else if (refused > 0 && (refusingSince == Long.MIN_VALUE
                || now - lastAnswer > TimeUnit.MILLISECONDS.toNanos(IDLE_RESET_MILLIS))) {
            refusingSince = now;
        }
        measure(now, accepted);
        lastAnswer = now;
        if (refused > 0) {
            lastRefusal = now;
        }
        if (refused == 0) {
            limit = Math.min(max, limit + 1.0 / limit);
        } else if (sentAt >= lastDecrease) {
            // Calls sent before the last cut saw the overload that cut answered; only a later one may cut again.
            limit = Math.max(1, limit / 2);
            lastDecrease = now;
        }
    }

    private void measure(long now, int accepted) {
        if (measuringSince == Long.MIN_VALUE || now - lastAnswer > TimeUnit.MILLISECONDS.toNanos(MEASURE_MILLIS)) {
            // What this first answer accepted was sent before the period began. After a silence (the page being
            // scanned, a rollback after the migration) the period starts again: a rate measured across time nobody
            // wrote would be a fraction of what the table accepts, and pacing to it would stall the writes.
            measuringSince = now;
            acceptedWhileMeasuring = 0;
            return;
        }
        acceptedWhileMeasuring += accepted;
        long elapsed = now - measuringSince;
        if (elapsed >= TimeUnit.MILLISECONDS.toNanos(MEASURE_MILLIS)) {
            acceptRate = acceptedWhileMeasuring * 1e9 / elapsed;
            measuringSince = now;
            acceptedWhileMeasuring = 0;
        }
    }

    /**
     * How long a call of {@code items} should wait before it is sent, its turn taken: 0 unless the table refused
     * items in the last {@link #PACE_HOLD_MILLIS} and a rate it accepts is known, else the time that keeps the
     * table's calls at {@link #PROBE} times that rate, at most {@link #PACE_HOLD_MILLIS}: a call that has waited that
     * long goes, since by then the pacing may have ended or the rate moved.
     */
    public synchronized long pace(int items) {
        long now = nanoClock.getAsLong();
        boolean throttled = lastRefusal != Long.MIN_VALUE && now - lastRefusal < TimeUnit.MILLISECONDS.toNanos(PACE_HOLD_MILLIS);
        if (!throttled || acceptRate <= 0) {
            nextSend = Long.MIN_VALUE;
            return 0;
        }
        long start = nextSend == Long.MIN_VALUE ? now : Math.max(now, nextSend);
        nextSend = start + (long) (items / (acceptRate * PROBE) * 1e9);
        return Math.min(PACE_HOLD_MILLIS, TimeUnit.NANOSECONDS.toMillis(start - now));
    }

    /** A call entered at {@code sentAt} failed for a reason other than throttling: it says nothing about capacity. */
    public synchronized void abandoned(long sentAt) {
        leave();
    }

    /** Calls that may be in flight at once now (at least one). */
    public synchronized int limit() {
        return (int) limit;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** How long every answer has refused everything; 0 while the table accepts items. */
    public synchronized long refusingMillis() {
        return refusingSince == Long.MIN_VALUE ? 0 : TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - refusingSince);
    }

    /** Whether the table has accepted nothing, every call refused, for longer than the patience. */
    public synchronized boolean outOfPatience() {
        return refusingSince != Long.MIN_VALUE && nanoClock.getAsLong() - refusingSince >= patienceNanos;
    }

    /** The one-line failure once {@link #outOfPatience}. */
    public synchronized TableThrottledException refusal() {
        return new TableThrottledException("throttled: no write accepted for " + refusingMillis() / 1000 + " s on table "
                + table + "; raise its write capacity (or switch it to on-demand), or set writeRateLimit in the plan");
    }

    private void leave() {
        inFlight--;
        notifyAll();
    }
}
