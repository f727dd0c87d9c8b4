package dev.dmig.store;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Counts the calls a test front passes through it and the most of them in flight at once. Each call waits, before it
 * goes on, until {@code meet} calls have started (or a few seconds passed, so that calls made one after another still
 * end): calls made side by side are then seen in flight together however fast the store behind answers.
 */
public final class InFlight {
    private static final long PATIENCE_SECONDS = 3;

    private final CountDownLatch met;
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    public InFlight(int meet) {
        this.met = new CountDownLatch(meet);
    }

    /** {@code call}, counted in flight from before it waits until it returned. */
    public <T> T during(Supplier<T> call) {
        calls.incrementAndGet();
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        met.countDown();
        try {
            // Not met in time: the calls come one after another, and this one goes on alone.
            var unused = met.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            now.decrementAndGet();
        }
    }

    /** The most calls that were in flight at once. */
    public int most() {
        return most.get();
    }

    /** The calls passed through. */
    public int calls() {
        return calls.get();
    }
}
