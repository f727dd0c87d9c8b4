package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.run.Deadline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The process's room for calls on their way, granted to the table whose writes take longest at its capacity first, and
 * in the order they asked among tables of one pace. Each test holds the room itself, lets calls queue one after
 * another (each waiting before the next asks), then lets them through one at a time and looks at the order.
 */
class CallQueueTest {
    /** Waits in slices no test reaches: nothing but room made wakes a waiting call. */
    private static final long SLICE = 600_000;
    private final List<String> granted = Collections.synchronizedList(new ArrayList<>());

    /** A thread that asks {@code queue} for room at {@code pace}, notes {@code name} once it has it, and leaves at once. */
    private Thread asking(CallQueue queue, String name, double pace) {
        Thread thread = new Thread(() -> {
            try {
                if (queue.enter(pace, SLICE, () -> true)) {
                    granted.add(name);
                    queue.leave();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "asking-" + name);
        thread.start();
        return thread;
    }

    /** Starts each asking thread only once the one before it waits, so that they ask in this order. */
    private List<Thread> queued(CallQueue queue, Object... namesAndPaces) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < namesAndPaces.length; i += 2) {
            threads.add(asking(queue, (String) namesAndPaces[i], (Double) namesAndPaces[i + 1]));
            int asked = threads.size();
            until(() -> queue.waiting() == asked);
        }
        return threads;
    }

    /** Returns once {@code holds} (a call in the queue, under its lock); fails if it has not within 30 s. */
    @SuppressWarnings("ThreadPriorityCheck") // no event announces that a call waits: the queue is polled, yielding between looks
    private static void until(java.util.function.BooleanSupplier holds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!holds.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the call never waited");
            }
            Thread.yield();
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
        }
    }

    @Test
    void theLongestPaceGetsTheRoomFirst_thenTheOthersInTheOrderTheyAsked() throws InterruptedException {
        CallQueue queue = new CallQueue(1);
        assertThat(queue.enter(0, SLICE, () -> true)).isTrue();
        List<Thread> threads = queued(queue, "Notes-1", 2.0, "Quotes-1", 160.0, "Tags", 0.0, "Notes-2", 2.0,
                "Quotes-2", 160.0, "Projects", 40.0);

        queue.leave();
        joinAll(threads);

        assertThat(granted).containsExactly("Quotes-1", "Quotes-2", "Projects", "Notes-1", "Notes-2", "Tags");
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void withRoomFree_aCallIsSentAtOnce_whateverItsPace() throws InterruptedException {
        CallQueue queue = new CallQueue(2);
        assertThat(queue.enter(160, SLICE, () -> true)).isTrue();

        assertThat(queue.enter(0, SLICE, () -> true)).as("the second room, free").isTrue();
        assertThat(queue.waiting()).isZero();
        queue.leave();
        queue.leave();
        List<Thread> threads = queued(queue);
        assertThat(threads).isEmpty();
    }

    @Test
    void aCallThatStopsWaiting_givesItsPlaceUp_andTheNextGetsTheRoom() throws InterruptedException {
        CallQueue queue = new CallQueue(1);
        assertThat(queue.enter(0, SLICE, () -> true)).isTrue();
        AtomicBoolean keepWaiting = new AtomicBoolean(true);
        AtomicReference<Boolean> entered = new AtomicReference<>();
        CountDownLatch gaveUp = new CountDownLatch(1);
        Thread impatient = new Thread(() -> {
            try {
                entered.set(queue.enter(160, 1, keepWaiting::get));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gaveUp.countDown();
        }, "impatient");
        impatient.start();
        until(() -> queue.waiting() == 1);
        List<Thread> patient = new ArrayList<>(List.of(asking(queue, "Notes", 2.0)));
        until(() -> queue.waiting() == 2);

        keepWaiting.set(false);
        assertThat(gaveUp.await(30, TimeUnit.SECONDS)).as("the impatient call stopped waiting").isTrue();
        assertThat(entered.get()).as("it never had room").isFalse();
        assertThat(queue.waiting()).as("the other call still waits").isEqualTo(1);
        queue.leave();
        joinAll(patient);

        assertThat(granted).containsExactly("Notes");
    }

    @Test
    void throughTheWindows_aPacedTablesCallGoesBeforeTheCallsThatAskedBeforeIt() throws InterruptedException {
        // One window of one call: the process has room for two calls on their way, both held in their send. Then an
        // unpaced table's call, a paced one's and the pace-setter's ask, in that order; the room freed goes to the
        // pace-setter first, then by pace.
        WriteWindows windows = new WriteWindows(1, 10_000, () -> 0L);
        windows.pace("QuoteItems-prod", 160);
        windows.pace("Notes-prod", 2);
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        Thread first = calling(windows, "Notes-prod", "held-1", holding, releaseFirst);
        Thread second = calling(windows, "Notes-prod", "held-2", holding, releaseSecond);
        assertThat(holding.await(30, TimeUnit.SECONDS)).as("both rooms taken").isTrue();
        CountDownLatch none = new CountDownLatch(0);
        List<Thread> waiting = new ArrayList<>();
        for (String table : List.of("Tags", "Notes", "QuoteItems")) {
            waiting.add(calling(windows, table + "-prod", table, none, none));
            until(() -> windows.waitingCalls() == waiting.size());
        }

        releaseFirst.countDown();
        joinAll(waiting);
        releaseSecond.countDown();
        joinAll(List.of(first, second));

        assertThat(granted.subList(2, 5)).containsExactly("QuoteItems", "Notes", "Tags");
        windows.shutdown();
    }

    /** A thread whose call to {@code table} notes {@code name} when sent, counts {@code sent} down, and waits for {@code release}. */
    private Thread calling(WriteWindows windows, String table, String name, CountDownLatch sent, CountDownLatch release) {
        Thread thread = new Thread(() -> windows.call(table, Deadline.none(), () -> {
            granted.add(name);
            sent.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }), "calling-" + name);
        thread.start();
        return thread;
    }
}
