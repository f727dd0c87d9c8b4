package dev.dmig.run;

import java.util.function.LongSupplier;

/**
 * The time a task may still work before it must save a checkpoint and return, so that a
 * Lambda invocation never hits its timeout in the middle of a batch.
 */
public final class Deadline {
    private final LongSupplier nanoClock;
    private final long endNanos;

    private Deadline(LongSupplier nanoClock, long endNanos) {
        this.nanoClock = nanoClock;
        this.endNanos = endNanos;
    }

    /** Ends {@code millis} from now. */
    public static Deadline in(long millis) {
        return in(millis, System::nanoTime);
    }

    public static Deadline in(long millis, LongSupplier nanoClock) {
        long now = nanoClock.getAsLong();
        return new Deadline(nanoClock, now + Math.max(0, millis) * 1_000_000L);
    }

    /** For a Lambda context: what remains of the invocation minus a safety margin for the final checkpoint. */
    public static Deadline fromRemaining(long remainingMillis, long marginMillis) {
        return in(Math.max(0, remainingMillis - marginMillis));
    }

    public boolean passed() {
        return nanoClock.getAsLong() >= endNanos;
    }

    public long remainingMillis() {
        return Math.max(0, (endNanos - nanoClock.getAsLong()) / 1_000_000L);
    }
}
