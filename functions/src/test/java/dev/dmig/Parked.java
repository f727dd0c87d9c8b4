package dev.dmig;

import java.util.concurrent.TimeUnit;

/**
 * The signal that a thread has reached a blocking wait (a future's get, a latch, a lock): what a test waits for
 * before it releases the work that thread waits on, so that the release cannot come before the wait.
 */
public final class Parked {
    private Parked() {}

    /** Returns once {@code thread} is waiting; fails if it has not within 30 s or has ended. */
    @SuppressWarnings("ThreadPriorityCheck") // no event announces that a thread waits: its state is polled, yielding between looks
    public static void await(Thread thread) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (state == Thread.State.TERMINATED || System.nanoTime() > until) {
                throw new AssertionError(thread.getName() + " never waited (" + state + ")");
            }
            Thread.yield();
        }
    }
}
