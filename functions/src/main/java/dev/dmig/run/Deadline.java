package dev.dmig.run;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The time a task may still work before it must save a checkpoint and return, so that a Lambda
 * invocation never hits its timeout in the middle of a batch; and, for a Lambda invocation, the
 * moment the invocation itself ends (its timeout), after which it must not start another write.
 */
public final class Deadline {
    /** A task with no invocation behind it (tests, tools) is treated as one that ends this long after its budget. */
    static final Duration UNBOUNDED_INVOCATION_TAIL = Duration.ofMinutes(15);

    private final LongSupplier nanoClock;
    private final long endNanos;
    private final long invocationEndNanos;
    private final Instant invocationEnd;

    private Deadline(LongSupplier nanoClock, long endNanos, long invocationEndNanos, Instant invocationEnd) {
        this.nanoClock = nanoClock;
        this.endNanos = endNanos;
        this.invocationEndNanos = invocationEndNanos;
        this.invocationEnd = invocationEnd;
    }

    /** Never passes: for work that is not bound to an invocation. */
    public static Deadline none() {
        return new Deadline(System::nanoTime, Long.MAX_VALUE, Long.MAX_VALUE, Instant.MAX);
    }

    /** Ends {@code millis} from now; there is no invocation timeout behind it. */
    public static Deadline in(long millis) {
        return in(millis, System::nanoTime);
    }

    public static Deadline in(long millis, LongSupplier nanoClock) {
        long now = nanoClock.getAsLong();
        long budget = Math.max(0, millis);
        return new Deadline(nanoClock, now + budget * 1_000_000L, Long.MAX_VALUE,
                Instant.now().plusMillis(budget).plus(UNBOUNDED_INVOCATION_TAIL));
    }

    /**
     * For a Lambda context: what remains of the invocation minus a safety margin for the final
     * checkpoint; the invocation itself ends when all of {@code remainingMillis} has passed.
     */
    public static Deadline fromRemaining(long remainingMillis, long marginMillis) {
        return fromRemaining(remainingMillis, marginMillis, System::nanoTime);
    }

    public static Deadline fromRemaining(long remainingMillis, long marginMillis, LongSupplier nanoClock) {
        long now = nanoClock.getAsLong();
        long remaining = Math.max(0, remainingMillis);
        return new Deadline(nanoClock, now + Math.max(0, remaining - marginMillis) * 1_000_000L,
                now + remaining * 1_000_000L, Instant.now().plusMillis(remaining));
    }

    public boolean passed() {
        return endNanos != Long.MAX_VALUE && nanoClock.getAsLong() >= endNanos;
    }

    public long remainingMillis() {
        if (endNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (endNanos - nanoClock.getAsLong()) / 1_000_000L);
    }

    /**
     * Whether a request that may take up to {@code millis} more, started now, still ends before the
     * last moment for writes: half-way through the safety margin, so that what is in flight ends and
     * the invocation can hand back before Lambda stops it. Always true without an invocation behind it.
     */
    public boolean fits(long millis) {
        if (invocationEndNanos == Long.MAX_VALUE) {
            return true;
        }
        long lastMoment = endNanos + (invocationEndNanos - endNanos) / 2;
        return nanoClock.getAsLong() + Math.max(0, millis) * 1_000_000L < lastMoment;
    }

    /** The safety margin between the deadline and the invocation's end; {@code Long.MAX_VALUE} if there is none. */
    public long marginMillis() {
        if (invocationEndNanos == Long.MAX_VALUE || endNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return (invocationEndNanos - endNanos) / 1_000_000L;
    }

    /**
     * Whether the invocation's own time is up. On Lambda the sandbox is gone by then; in the local
     * executor a timed-out task's thread cannot be killed, so its writers check this instead.
     */
    public boolean invocationOver() {
        return invocationEndNanos != Long.MAX_VALUE && nanoClock.getAsLong() >= invocationEndNanos;
    }

    /** When the invocation ends, by the wall clock (what a writer's lease promises others). */
    public Instant invocationEnd() {
        return invocationEnd;
    }
}
