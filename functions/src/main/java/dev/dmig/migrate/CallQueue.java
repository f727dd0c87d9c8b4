package dev.dmig.migrate;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Room for a fixed number of calls on their way at once, shared by every table a process writes ({@link WriteWindows#call}),
 * granted in the order of the tables' pace: a call of the table whose writes take longest at its capacity
 * ({@link WriteWindows#pace}) gets the next room before every call of a table whose writes take less, and calls of tables
 * of one pace get it in the order they asked. The table that sets the run's pace so never waits behind the others'
 * calls; they fill the room it leaves, which its own window bounds (it has no more calls on their way than its table
 * accepts). Only the first waiting call is woken when room is made, not every waiting thread.
 */
final class CallQueue {
    /** The longest pace first, then the first to ask. */
    private static final Comparator<Waiter> ORDER = Comparator.comparingDouble((Waiter waiter) -> -waiter.pace)
            .thenComparingLong(waiter -> waiter.arrival);

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(ORDER);
    private int free;
    private long arrivals;

    CallQueue(int room) {
        this.free = room;
    }

    /** A call waiting for room: its table's pace, and when it asked. */
    private static final class Waiter {
        final double pace;
        final long arrival;
        final Condition turn;

        Waiter(double pace, long arrival, Condition turn) {
            this.pace = pace;
            this.arrival = arrival;
            this.turn = turn;
        }
    }

    /**
     * Waits until room is free and no waiting call comes before this one, and takes it; true then. Every
     * {@code sliceMillis} of waiting it asks {@code keepWaiting}, and gives its place up, false, when that says no.
     */
    boolean enter(double pace, long sliceMillis, BooleanSupplier keepWaiting) throws InterruptedException {
        lock.lock();
        try {
            Waiter self = new Waiter(pace, arrivals++, lock.newCondition());
            waiting.add(self);
            try {
                while (free == 0 || waiting.peek() != self) {
                    if (self.turn.awaitNanos(TimeUnit.MILLISECONDS.toNanos(sliceMillis)) <= 0 && !keepWaiting.getAsBoolean()) {
                        return false;
                    }
                }
                free--;
                return true;
            } finally {
                waiting.remove(self);
                wakeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A call that had room has ended: the room goes to the first waiting call. */
    void leave() {
        lock.lock();
        try {
            free++;
            wakeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Calls waiting for room now. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void wakeFirst() {
        Waiter first = waiting.peek();
        if (first != null && free > 0) {
            first.turn.signal();
        }
    }
}
