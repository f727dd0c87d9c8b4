package dev.dmig.store;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Requests a test wants in flight at once: each waits until another of them is under way too (or 10 s), and the most
 * under way at once is kept. Sent one after another, none ever sees another ({@link #most} stays 1); the wait only makes
 * such a test slower, never its answer.
 */
public final class Together {
    private final CountDownLatch two = new CountDownLatch(2);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    /** {@code request}'s answer, once another request of this set is under way too (or after 10 s). */
    public <T> T send(Supplier<T> request) {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        two.countDown();
        try {
            two.await(10, TimeUnit.SECONDS);
            return request.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The most of these requests that were under way at once. */
    public int most() {
        return most.get();
    }
}
