package dev.dmig.migrate;

import dev.dmig.Tasks;
import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import dev.dmig.store.AwsClients;
import dev.dmig.store.Backoff;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.GuardedOutcome;
import dev.dmig.store.GuardedWrite;
import dev.dmig.store.ItemStore;
import dev.dmig.store.SdkRetries;
import dev.dmig.store.Sleeper;
import dev.dmig.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes any number of requests to one target table in 25-item BatchWriteItem calls, several at
 * once (as many as the table's {@link WriteWindow} lets through, on the table's own threads), and re-sends what DynamoDB leaves
 * unprocessed or throttles, with exponential backoff and full jitter, until it is all written. It
 * gives up on a batch only when the table has accepted nothing at all for the throttling patience,
 * or the invocation's time is up (then the page is redone by the next call): nothing is dropped.
 *
 * <p>Puts and deletes may instead be guarded by what their key holds ({@link #writeGuardedAsync}, one
 * conditional PutItem or DeleteItem each): a put only where no item is at its key yet, a write over or a
 * delete of a record only while it holds what was read. A write refused because its key already holds what
 * it leaves (an earlier attempt of the same page wrote it) counts as written; one refused because something
 * else is there is not written, and is handed back to the caller as {@link Found}.
 */
public final class BatchWriter {
    public static final int BATCH = 25;

    private final ItemStore store;
    private final WriteGuard guard;
    private final Sleeper sleeper;
    private final WriteWindows windows;
    private final AtomicLong unprocessedRetries = new AtomicLong();
    private final AtomicLong sdkRetries = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final WriteRate rate;
    private final Deadline deadline;

    /** {@code windows}: each table's window and the threads its batches are sent on. */
    public BatchWriter(ItemStore store, WriteGuard guard, Sleeper sleeper, WriteWindows windows) {
        this(store, guard, sleeper, windows, WriteRate.UNLIMITED, Deadline.none());
    }

    /** {@code deadline}: the invocation this writer works for; no write is sent that could end after it. */
    public BatchWriter(ItemStore store, WriteGuard guard, Sleeper sleeper, WriteWindows windows, WriteRate rate,
                       Deadline deadline) {
        this.store = store;
        this.guard = guard;
        this.sleeper = sleeper;
        this.windows = windows;
        this.rate = rate;
        this.deadline = deadline;
    }

    /** Whether writes are paced to a write-rate limit. */
    public boolean paced() {
        return rate.limited();
    }

    /** How many times, in all, unprocessed items were sent again. */
    public long unprocessedRetries() {
        return unprocessedRetries.get();
    }

    /** How many items, in all, DynamoDB has accepted from this writer. */
    public long accepted() {
        return accepted.get();
    }

    /** How many times the SDK re-sent a BatchWriteItem call (throttling, 5xx, broken connections). */
    public long sdkRetries() {
        return sdkRetries.get();
    }

    public void write(String table, List<WriteRequest> requests) {
        writeAsync(table, requests).await();
    }

    /**
     * Starts writing {@code requests} and returns at once (after pacing them to the write rate, in
     * the caller's thread, so a paced task never holds a write thread that other tasks' batches need).
     */
    public Pending writeAsync(String table, List<WriteRequest> requests) {
        return submit(table, this::plain, requests);
    }

    /**
     * Like {@link #writeAsync}, each write carried out only if its key holds what it expects ({@link GuardedWrite}); the
     * returned {@link Pending} hands back those whose key held something else, with it (a write whose key already holds
     * what it leaves, an earlier attempt's, counts as written).
     */
    public Pending writeGuardedAsync(String table, List<GuardedWrite> writes) {
        return submit(table, guarded(writes), writes.stream().map(GuardedWrite::request).toList());
    }

    /**
     * Starts the batches one by one, each paced to the write rate. When pacing fails part-way (the invocation's time is
     * up), the batches already started are still in the returned {@link Pending}, which fails with that cause once they
     * have ended: no batch goes unawaited, and what they found is not lost.
     */
    private Pending submit(String table, Sending sending, List<WriteRequest> requests) {
        return start(table, requests, batch -> () -> writeBatch(table, sending, batch));
    }

    /**
     * Splits {@code requests} into batches and starts each as {@code task} makes it, paced to the write rate, one by one;
     * pacing failing part-way (the invocation's time is up) stops there, the batches already started kept with that cause.
     */
    private Pending start(String table, List<WriteRequest> requests,
                          java.util.function.Function<List<WriteRequest>, java.util.concurrent.Callable<Attempt>> task) {
        guard.check(table);
        List<Future<Attempt>> batches = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += BATCH) {
            List<WriteRequest> batch = requests.subList(from, Math.min(requests.size(), from + BATCH));
            try {
                rate.acquire(batch.size(), deadline);
            } catch (RuntimeException e) {
                return new Pending(batches, e);
            }
            batches.add(windows.threads(table).submit(task.apply(batch)));
        }
        return new Pending(batches, null);
    }

    /** A write not carried out because {@code existing}, a different item (empty: nothing), was at its key. */
    public record Found(WriteRequest put, Map<String, AttributeValue> existing) {}

    /**
     * Batches on their way: {@link #await} returns when all are written, or throws the first failure once all have
     * ended. It returns the puts an only-if-absent write found a different item in the way of (none otherwise).
     */
    public static final class Pending {
        private final List<Future<Attempt>> batches;
        private final RuntimeException notStarted;

        private Pending(List<Future<Attempt>> batches, RuntimeException notStarted) {
            this.batches = batches;
            this.notStarted = notStarted;
        }

        /**
         * These batches and those {@code then} starts, as one: {@code then} is called, and its batches started, only when
         * all of these were (the invocation's time did not run out while pacing them).
         */
        public Pending and(java.util.function.Supplier<Pending> then) {
            if (notStarted != null) {
                return this;
            }
            Pending more = then.get();
            List<Future<Attempt>> all = new ArrayList<>(batches);
            all.addAll(more.batches);
            return new Pending(all, more.notStarted);
        }

        public List<Found> await() {
            Settled settled = settle();
            if (settled.failure() != null) {
                throw settled.failure();
            }
            return settled.found();
        }

        /**
         * Waits for every batch to end, and returns, without throwing, what the puts found in their way (those of
         * failed batches too, up to their failure) and the first failure: what a caller that is failing for another
         * reason still needs, so that a rollback leaves those items alone.
         */
        public Settled settle() {
            List<Found> found = new ArrayList<>();
            RuntimeException failure = null;
            for (Attempt attempt : Tasks.joinAll(batches)) {
                found.addAll(attempt.found());
                failure = failure == null ? attempt.failure() : failure;
            }
            return new Settled(found, failure == null ? notStarted : failure);
        }
    }

    /** How a {@link Pending} ended: what was found in the way, and the first failure (null when all was written). */
    public record Settled(List<Found> found, RuntimeException failure) {}

    /**
     * Like {@link #write}, but a batch that cannot be written does not stop the others: returns
     * the requests that were not written (empty when all were). Requests of a batch that DynamoDB
     * did process before the batch gave up are not among them.
     */
    public List<WriteRequest> writeEach(String table, List<WriteRequest> requests) {
        return each(table, this::plain, requests).unwritten();
    }

    /**
     * Like {@link #writeEach}, each write carried out only if its key holds what it expects ({@link GuardedWrite}):
     * returns those not written, and those whose key held something else, with it (a write whose key already holds what
     * it leaves counts as written).
     */
    public Each writeGuardedEach(String table, List<GuardedWrite> writes) {
        return each(table, guarded(writes), writes.stream().map(GuardedWrite::request).toList());
    }

    /**
     * How {@link #writeGuardedEach} ended: the writes not written, and those whose key held something else; {@code failure},
     * why the first batch that gave up did (null when none did).
     */
    public record Each(List<WriteRequest> unwritten, List<Found> found, RuntimeException failure) {}

    /** Every batch of {@code requests} sent as {@code sending} sends them, one that cannot be written not stopping the others. */
    private Each each(String table, Sending sending, List<WriteRequest> requests) {
        Pending started = start(table, requests, batch -> () -> {
            // What the batch's calls found in their way, those before a call that gave up too.
            List<Found> found = new ArrayList<>();
            Attempt attempt = attempt(table, sending, batch, found);
            return new Attempt(attempt.unwritten(), attempt.failure(), found);
        });
        if (started.notStarted != null) {
            // The batches already sent end before this call does.
            try {
                Tasks.joinAll(started.batches);
            } catch (RuntimeException sent) {
                started.notStarted.addSuppressed(sent);
            }
            throw started.notStarted;
        }
        List<WriteRequest> failed = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        RuntimeException failure = null;
        for (Attempt attempt : Tasks.joinAll(started.batches)) {
            failed.addAll(attempt.unwritten());
            found.addAll(attempt.found());
            failure = failure == null ? attempt.failure() : failure;
        }
        return new Each(failed, found, failure);
    }

    /** One batch until written or failed; what its puts found in their way is kept either way. */
    private Attempt writeBatch(String table, Sending sending, List<WriteRequest> batch) {
        List<Found> found = new ArrayList<>();
        try {
            Attempt attempt = attempt(table, sending, batch, found);
            return new Attempt(attempt.unwritten(), attempt.failure(), found);
        } catch (RuntimeException e) {
            return new Attempt(batch, e, found);
        }
    }

    /**
     * How one batch ended: what is still unwritten, and why (both empty/null when it was all written),
     * and the puts that found a different item at their key (only-if-absent writes).
     */
    private record Attempt(List<WriteRequest> unwritten, RuntimeException failure, List<Found> found) {
        Attempt(List<WriteRequest> unwritten, RuntimeException failure) {
            this(unwritten, failure, List.of());
        }
    }

    /** One call: what it left to send again, what it found in the way, and whether the table turned it away. */
    private record Call(List<WriteRequest> pending, List<Found> found, int settled, boolean refused) {}

    /** How a batch's requests are sent: one store call for {@code sending}, and what it left. */
    @FunctionalInterface
    private interface Sending {
        Call send(String table, List<WriteRequest> sending);
    }

    /** One BatchWriteItem call. */
    private Call plain(String table, List<WriteRequest> sending) {
        List<WriteRequest> left = SdkRetries.counting(sdkRetries, () -> store.batchWriteOnce(table, sending));
        return new Call(left, List.of(), sending.size() - left.size(), !left.isEmpty());
    }

    /** Writes each guarded by what its key holds ({@code writes}: each request's guard), one conditional call after another. */
    private Sending guarded(List<GuardedWrite> writes) {
        Map<WriteRequest, GuardedWrite> guards = new IdentityHashMap<>();
        writes.forEach(write -> guards.put(write.request(), write));
        return (table, sending) -> {
            List<GuardedWrite> calling = sending.stream().map(guards::get).toList();
            GuardedOutcome outcome = SdkRetries.counting(sdkRetries, () -> store.writeIfOnce(table, calling));
            List<Found> found = new ArrayList<>();
            for (GuardedOutcome.Refused refused : outcome.refused()) {
                if (!refused.write().doneBy(refused.existing())) {
                    found.add(new Found(refused.write().request(), refused.existing()));
                }
            }
            List<WriteRequest> left = outcome.unprocessed().stream().map(GuardedWrite::request).toList();
            // Only throttling leaves a guarded write unprocessed.
            return new Call(left, found, sending.size() - left.size(), !left.isEmpty());
        };
    }

    /**
     * Sends one batch until DynamoDB has taken all of it, one call at a time through the table's
     * {@link WriteWindow}. A call that leaves items unprocessed (or is throttled outright, which the
     * store reports as all unprocessed) narrows the window and the rest is sent again after a
     * backoff that grows only while nothing is accepted; the batch gives up only when the table has
     * accepted nothing for the throttling patience. No call starts, and no backoff is waited, past
     * the invocation's last moment for writes (half-way through the safety margin, which leaves a
     * call its {@link AwsClients#DYNAMODB_CALL_TIMEOUT} under the default margin): that throws
     * {@link OutOfTimeException} (the task hands back and redoes the page) instead of Lambda
     * stopping the task mid-batch. {@code found}: where the puts found in their way are added as they come.
     */
    private Attempt attempt(String table, Sending sender, List<WriteRequest> batch, List<Found> found) {
        WriteWindow window = windows.forTable(table);
        List<WriteRequest> pending = batch;
        int refusedInARow = 0;
        while (true) {
            List<WriteRequest> sending = pending;
            if (!deadline.fits(0)) {
                throw new OutOfTimeException("table " + table + ": " + sending.size() + " items not sent, the invocation's time is up");
            }
            long pace = window.pace(sending.size());
            if (pace > 0) {
                if (!deadline.fits(pace)) {
                    throw new OutOfTimeException("table " + table + ": " + sending.size()
                            + " items wait for the table's pace, and no time is left in the invocation to send them");
                }
                sleeper.sleep(pace);
            }
            long sentAt = window.enter(deadline);
            Call call;
            try {
                call = windows.call(table, deadline, () -> sender.send(table, sending));
            } catch (StoreUnavailableException e) {
                window.abandoned(sentAt);
                // Earlier calls may have written part of the batch; only what this call carried is unaccounted for.
                return new Attempt(sending, e);
            } catch (RuntimeException e) {
                window.abandoned(sentAt);
                throw e;
            }
            pending = call.pending();
            found.addAll(call.found());
            int written = call.settled();
            window.answered(sentAt, written, call.refused() ? pending.size() : 0);
            accepted.addAndGet(written);
            if (pending.isEmpty()) {
                return new Attempt(List.of(), null, found);
            }
            if (window.outOfPatience()) {
                return new Attempt(pending, window.refusal(), found);
            }
            if (!call.refused()) {
                // Sent again at once: only an item in another put's way held these back.
                continue;
            }
            unprocessedRetries.incrementAndGet();
            refusedInARow = written > 0 ? 0 : refusedInARow + 1;
            long delay = Backoff.delayMillis(refusedInARow, ThreadLocalRandom.current().nextDouble());
            if (!deadline.fits(delay)) {
                throw new OutOfTimeException("table " + table + ": " + pending.size()
                        + " items unprocessed, and no time is left in the invocation to send them again");
            }
            sleeper.sleep(delay);
        }
    }
}
