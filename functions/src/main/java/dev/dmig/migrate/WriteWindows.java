package dev.dmig.migrate;

import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One {@link WriteWindow} per target table, and the threads that send the table's calls, shared by every task of one
 * process that writes the table (on Lambda a process is one invocation at a time; locally, every segment of the run).
 *
 * <p>Each table has threads of its own, as many as its window ever lets calls through. A call waits in its thread: for
 * the table's pace, for room in its window, for the backoff after a refusal. So a throttled table's waiting calls hold
 * only that table's threads, never those another table's calls need (on Lambda one invocation writes one table, and
 * this is how one process writing every table behaves the same). Threads end after {@link #IDLE_SECONDS} unused.
 * The process still has at most {@link #WINDOWS_OF_CALLS} windows' worth of calls on their way at once ({@link #call}),
 * as many as the connections its client is given: the tables share what the process and the store can carry, but only
 * calls really sent take part of it, and no call waits for a connection past its own timeout. A call waiting for room
 * goes before the calls of every table whose writes take less time at its capacity ({@link #pace}, {@link CallQueue}):
 * the table that sets the run's pace is written at its capacity, and the others fill the room it leaves.
 */
public final class WriteWindows {
    /** A table's write threads end after this long without a call to send. */
    static final long IDLE_SECONDS = 10;
    /** How many of one table's windows, at their widest, the process's calls on their way may fill together. */
    public static final int WINDOWS_OF_CALLS = 2;

    private final int maxInFlight;
    private final long patienceMillis;
    private final LongSupplier nanoClock;
    private final Function<String, ExecutorService> newThreads;
    private final Map<String, WriteWindow> byTable = new ConcurrentHashMap<>();
    private final Map<String, ExecutorService> threadsByTable = new ConcurrentHashMap<>();
    private final Map<String, Double> paceByTable = new ConcurrentHashMap<>();
    private final CallQueue calls;

    public WriteWindows(int maxInFlight, long patienceMillis) {
        this(maxInFlight, patienceMillis, System::nanoTime);
    }

    public WriteWindows(int maxInFlight, long patienceMillis, LongSupplier nanoClock) {
        this(maxInFlight, patienceMillis, nanoClock, table -> threadsOf(table, maxInFlight));
    }

    /** Every table's calls sent on {@code threads}, one pool the caller owns. */
    public WriteWindows(int maxInFlight, long patienceMillis, LongSupplier nanoClock, ExecutorService threads) {
        this(maxInFlight, patienceMillis, nanoClock, table -> threads);
    }

    private WriteWindows(int maxInFlight, long patienceMillis, LongSupplier nanoClock,
                         Function<String, ExecutorService> newThreads) {
        this.maxInFlight = maxInFlight;
        this.patienceMillis = patienceMillis;
        this.nanoClock = nanoClock;
        this.newThreads = newThreads;
        this.calls = new CallQueue(maxInFlight * WINDOWS_OF_CALLS);
    }

    /**
     * Says how long {@code table}'s writes take at the rate its target accepts ({@code seconds}, the analysis's
     * {@code writeSeconds}): its calls get room before those of tables whose writes take less. A table never paced
     * counts as 0, its calls after every paced table's, in the order they ask.
     */
    public void pace(String table, double seconds) {
        paceByTable.put(table, seconds);
    }

    public WriteWindow forTable(String table) {
        return byTable.computeIfAbsent(table, name -> new WriteWindow(name, maxInFlight, patienceMillis, nanoClock));
    }

    /** The threads that send {@code table}'s calls. */
    public ExecutorService threads(String table) {
        return threadsByTable.computeIfAbsent(table, newThreads);
    }

    /**
     * Waits until fewer than the process's most calls are on their way, to any table, and no waiting call comes before
     * this one ({@link #pace}), and counts one more until {@code send} has returned. A wait that would run past the last
     * moment for writes of {@code deadline} throws.
     */
    public <T> T call(String table, Deadline deadline, Supplier<T> send) {
        try {
            if (!calls.enter(paceOf(table), WriteWindow.WAIT_SLICE_MILLIS,
                    () -> deadline.fits(WriteWindow.WAIT_SLICE_MILLIS))) {
                throw new OutOfTimeException("table " + table + ": no room to send a batch (the process has "
                        + maxInFlight * WINDOWS_OF_CALLS + " calls on their way) before the invocation's time is up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to write to " + table, e);
        }
        try {
            return send.get();
        } finally {
            calls.leave();
        }
    }

    /** {@code table}'s pace: how long its writes take at its capacity, as last said ({@link #pace}); 0 when never said. */
    double paceOf(String table) {
        return paceByTable.getOrDefault(table, 0.0);
    }

    /** Calls waiting for room to be sent now, to any table. */
    int waitingCalls() {
        return calls.waiting();
    }

    /**
     * Lets every table's threads end once the calls given them are sent (none is interrupted), rather than after they
     * idle; no call may be given after this.
     */
    public void shutdown() {
        threadsByTable.values().forEach(ExecutorService::shutdown);
    }

    private static ExecutorService threadsOf(String table, int count) {
        ThreadPoolExecutor threads = new ThreadPoolExecutor(count, count, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "dmig-write-" + table);
                    thread.setDaemon(true);
                    return thread;
                });
        threads.allowCoreThreadTimeOut(true);
        return threads;
    }
}
