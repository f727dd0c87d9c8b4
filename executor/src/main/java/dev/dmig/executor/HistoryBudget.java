package dev.dmig.executor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The events one execution's history would hold on Step Functions, counted as they would be
 * emitted: execution started and ended, each state entered and exited, three per task attempt
 * (scheduled, started, succeeded or failed), two per Map state (started, ended) and two per inline
 * iteration or per Map Run. A Distributed Map's iterations are child executions with histories of
 * their own. Past {@link #MAX_EVENTS} the execution fails with {@code States.Runtime}, which no
 * Catch handles, as on Step Functions.
 */
final class HistoryBudget {
    /** Step Functions' quota of events in one Standard execution's history. */
    static final long MAX_EVENTS = 25_000;

    private final AtomicLong events = new AtomicLong();
    private final long limit;

    /** {@code limit}: the quota, or {@code Long.MAX_VALUE} to count without enforcing one. */
    HistoryBudget(long limit) {
        this.limit = limit;
    }

    /** Counts {@code count} more events; throws once the history is past its quota (and every time after). */
    void add(int count) {
        long total = events.addAndGet(count);
        if (total > limit) {
            throw new StateFailure(StateFailure.RUNTIME, "The execution reached the maximum number of history events ("
                    + limit + ")");
        }
    }

    long events() {
        return events.get();
    }
}
