package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.Parked;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadsTest {
    /** Lets go of the reads a test holds; a test that failed half-way has them let go here. */
    private final CountDownLatch letGo = new CountDownLatch(1);
    /** The failing read fails once the test says so. */
    private final CountDownLatch fail = new CountDownLatch(1);

    @AfterEach
    void letGoOfAll() {
        letGo.countDown();
        fail.countDown();
    }

    /** {@link Reads#all} on a thread of its own, so that the test can see where it waits. */
    private static final class Caller<K, T> {
        final CompletableFuture<List<T>> result = new CompletableFuture<>();
        final Thread thread;

        Caller(List<K> keys, Function<K, T> read) {
            thread = new Thread(() -> {
                try {
                    result.complete(Reads.all(keys, read));
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            }, "reads-test-caller");
            thread.setDaemon(true);
            thread.start();
        }

        /** What {@link Reads#all} threw, once it has (within 10 s). */
        Throwable thrown() throws Exception {
            try {
                result.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            }
            throw new AssertionError("Reads.all returned instead of throwing");
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as(what + " (waited 10 s)").isTrue();
    }

    /** What {@code thread} waits on, once it waits on something (within 10 s). */
    @SuppressWarnings("ThreadPriorityCheck") // as Parked: no event announces that a thread waits
    private static Object waitedOnBy(Thread thread) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Parked.await(thread);
            Object blocker = LockSupport.getBlocker(thread);
            if (blocker != null) {
                return blocker;
            }
            assertThat(System.nanoTime()).as(thread.getName() + " waits on something within 10 s").isLessThan(until);
            Thread.yield();
        }
    }

    /**
     * Returns once {@code thread} waits on something other than {@code before}: it has gone on from that wait to its next
     * one. Returns at once when {@code instead} holds; fails if neither has within 10 s.
     */
    @SuppressWarnings("ThreadPriorityCheck") // no event announces where a thread waits: it is polled, yielding between looks
    private static void awaitNextWait(Thread thread, Object before, BooleanSupplier instead, String what) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!instead.getAsBoolean()) {
            Thread.State state = thread.getState();
            Object blocker = LockSupport.getBlocker(thread);
            if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) && blocker != null && blocker != before) {
                return;
            }
            if (state == Thread.State.TERMINATED || System.nanoTime() > until) {
                throw new AssertionError(what + " (" + state + ")");
            }
            Thread.yield();
        }
    }

    @Test
    void everyKeyIsRead_andTheResultsComeInTheKeysOrder() {
        List<Integer> keys = IntStream.range(0, 100).boxed().toList();
        assertThat(Reads.all(keys, key -> "value-" + key))
                .containsExactlyElementsOf(keys.stream().map(key -> "value-" + key).toList());
    }

    @Test
    void afterAFailure_noOtherReadStarts_andTheFailureIsThrownAsItWas() throws Exception {
        AtomicInteger started = new AtomicInteger();
        CountDownLatch windowFull = new CountDownLatch(Reads.AT_ONCE);
        Caller<Integer, Integer> caller = new Caller<>(IntStream.range(0, 1_000).boxed().toList(), key -> {
            started.incrementAndGet();
            windowFull.countDown();
            try {
                if (key == 0) {
                    fail.await(30, TimeUnit.SECONDS);
                    throw new IllegalStateException("access denied (test)");
                }
                letGo.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return key;
        });
        // The first AT_ONCE reads are on their way, held; the caller waits for room to start the next.
        await(windowFull, "the first " + Reads.AT_ONCE + " reads started");
        Object waitingForRoom = waitedOnBy(caller.thread);

        // The first read fails: its room is free, and the caller goes on to wait for the reads in flight instead.
        fail.countDown();
        awaitNextWait(caller.thread, waitingForRoom, () -> started.get() > Reads.AT_ONCE,
                "the caller went on to wait for the reads in flight once the first failed");
        assertThat(started).as("reads started: none after the first failed").hasValue(Reads.AT_ONCE);

        letGo.countDown();
        assertThat(caller.thrown()).isInstanceOf(IllegalStateException.class).hasMessage("access denied (test)");
        assertThat(started).as("reads started once the reads in flight ended").hasValue(Reads.AT_ONCE);
    }

    @Test
    void anError_isThrownToo_onlyAfterTheReadsInFlightHaveEnded() throws Exception {
        AtomicInteger ended = new AtomicInteger();
        CountDownLatch allStarted = new CountDownLatch(4);
        Caller<Integer, Integer> caller = new Caller<>(IntStream.range(0, 4).boxed().toList(), key -> {
            allStarted.countDown();
            try {
                if (key == 0) {
                    fail.await(30, TimeUnit.SECONDS);
                    throw new AssertionError("an Error (test)");
                }
                letGo.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.incrementAndGet();
            return key;
        });
        CompletableFuture<Integer> endedWhenThrown = caller.result.handle((result, thrown) -> ended.get());
        // All four are on their way; the caller waits for the first.
        await(allStarted, "the four reads started");
        Object waitingForTheFirst = waitedOnBy(caller.thread);

        // The first fails with an Error: the caller goes on to wait for the three still on their way, not throw it yet.
        fail.countDown();
        awaitNextWait(caller.thread, waitingForTheFirst, caller.result::isDone,
                "the caller went on to wait for the reads in flight once the first failed");
        assertThat(caller.result).as("Reads.all, while three reads are on their way").isNotDone();

        letGo.countDown();
        assertThat(caller.thrown()).isInstanceOf(AssertionError.class).hasMessage("an Error (test)");
        assertThat(endedWhenThrown.get(10, TimeUnit.SECONDS)).as("reads in flight that had ended when Reads.all threw").isEqualTo(3);
    }
}
