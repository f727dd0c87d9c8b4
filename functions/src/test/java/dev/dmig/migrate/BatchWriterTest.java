package dev.dmig.migrate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.Parked;
import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ForwardingItemStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.Sleeper;
import dev.dmig.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class BatchWriterTest {
    private static final String TARGET = "Contacts-prod-NONE";
    private static final String SOURCE = "Contacts-dev-NONE";

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final InMemoryItemStore store = new InMemoryItemStore()
            .createTable(TARGET, "id", ScalarAttributeType.S)
            .createTable(SOURCE, "id", ScalarAttributeType.S)
            .createTable("Contacts-other-NONE", "id", ScalarAttributeType.S);
    private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());
    /** The write windows' clock, moved on by every backoff. */
    private final AtomicLong nanos = new AtomicLong();
    private final Sleeper sleeper = millis -> {
        sleeps.add(millis);
        nanos.addAndGet(millis * 1_000_000L);
    };
    private static final long PATIENCE_MILLIS = 10_000;
    private final WriteGuard guard = new WriteGuard("-dev-NONE", "-prod-NONE");

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static List<WriteRequest> puts(int count) {
        List<WriteRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("id", s("k" + i))).build()).build());
        }
        return requests;
    }

    private BatchWriter writer() {
        return new BatchWriter(store, guard, sleeper, new WriteWindows(4, PATIENCE_MILLIS, nanos::get, pool));
    }

    @Test
    void requests_areSentIn25s() {
        writer().write(TARGET, puts(60));
        assertThat(store.writeCalls()).extracting(c -> c.requests().size()).containsExactlyInAnyOrder(25, 25, 10);
        assertThat(store.count(TARGET)).isEqualTo(60);
    }

    @Test
    void exactly25_isOneCall_andNothingIsNoCall() {
        BatchWriter writer = writer();
        writer.write(TARGET, puts(25));
        writer.write(TARGET, List.of());
        assertThat(store.writeCalls()).hasSize(1);
    }

    @Test
    void unprocessedItems_areSentAgainUntilWritten_andCounted() {
        store.leaveUnprocessed(TARGET, 5, 2);
        BatchWriter writer = writer();
        writer.write(TARGET, puts(60));
        assertThat(store.count(TARGET)).isEqualTo(60);
        assertThat(writer.unprocessedRetries()).isEqualTo(2);
        // Batches run in parallel, so the two short calls may be one batch's first and second attempt.
        assertThat(sleeps).hasSize(2).allMatch(millis -> millis >= 0 && millis <= 50);
        assertThat(store.writeCalls()).hasSize(5);
    }

    @Test
    void unprocessedItems_severalRoundsInOneBatch_backOffLonger() {
        store.leaveUnprocessed(TARGET, 10, 3);
        BatchWriter writer = writer();
        writer.write(TARGET, puts(10));
        assertThat(store.count(TARGET)).isEqualTo(10);
        assertThat(writer.unprocessedRetries()).isEqualTo(3);
        assertThat(sleeps).hasSize(3);
        // Nothing accepted three times in a row: the third wait is drawn from at most 25 ms × 2³.
        assertThat(sleeps.get(2)).isLessThanOrEqualTo(200);
    }

    @Test
    void aTableAcceptingOneItemPerCall_getsTheWholeBatch_howeverManyCallsItTakes() {
        for (int left = 24; left >= 1; left--) {
            store.leaveUnprocessed(TARGET, left, 1);
        }
        BatchWriter writer = writer();
        writer.write(TARGET, puts(25));
        assertThat(store.count(TARGET)).isEqualTo(25);
        assertThat(store.writeCalls()).hasSize(25);
        assertThat(writer.unprocessedRetries()).isEqualTo(24);
        assertThat(writer.accepted()).isEqualTo(25);
        // Every call accepted something: the backoff never grows past its first step.
        assertThat(sleeps).hasSize(24).allMatch(millis -> millis <= 25);
    }

    @Test
    void aTableAcceptingNothing_forThePatience_failsTheBatch_namingTheTableAndWhatToDo() {
        store.leaveUnprocessed(TARGET, 3, -1);
        BatchWriter writer = writer();
        assertThatThrownBy(() -> writer.write(TARGET, puts(10)))
                .isInstanceOf(TableThrottledException.class)
                .hasMessageStartingWith("throttled: no write accepted for ")
                .hasMessageEndingWith(" s on table Contacts-prod-NONE; raise its write capacity (or switch it to on-demand),"
                        + " or set writeRateLimit in the plan");
        assertThat(store.count(TARGET)).isEqualTo(7);
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(PATIENCE_MILLIS);
        // Backoff ceilings 50 ms, 100 ms, ... 5 s add up to the 10 s patience only after eight retries.
        assertThat(store.writeCalls().size()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void writeEach_returnsOnlyWhatWasNotWritten_whenABatchGivesUpPartWay() {
        // The first call writes 20 of 25 and leaves 5; every later call fails.
        store.leaveUnprocessed(TARGET, 5, 1);
        store.failOn(InMemoryItemStore.Operation.BATCH_WRITE, TARGET, 1, -1);
        List<WriteRequest> requests = puts(25);
        List<WriteRequest> unwritten = writer().writeEach(TARGET, requests);
        assertThat(unwritten).containsExactlyElementsOf(requests.subList(0, 5));
        assertThat(store.count(TARGET)).isEqualTo(20);
    }

    @Test
    void writeEach_returnsWhatStayedUnprocessed_whenPatienceRunsOut() {
        store.leaveUnprocessed(TARGET, 3, -1);
        List<WriteRequest> requests = puts(10);
        List<WriteRequest> unwritten = writer().writeEach(TARGET, requests);
        assertThat(unwritten).containsExactlyElementsOf(requests.subList(0, 3));
        assertThat(store.count(TARGET)).isEqualTo(7);
    }

    @Test
    void failureOfOneParallelBatch_isThrown_afterTheOthersFinish() {
        store.failWriteCall(2);
        assertThatThrownBy(() -> writer().write(TARGET, puts(75))).isInstanceOf(StoreUnavailableException.class);
        assertThat(store.writeCalls()).hasSize(3);
        assertThat(store.count(TARGET)).isEqualTo(50);
    }

    @Test
    void writeAsync_pacesInTheCallersThread_andReturnsBeforeTheBatchesAreWritten() throws Exception {
        CountDownLatch poolBusy = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            var unused = pool.submit(() -> {
                poolBusy.await();
                return null;
            });
        }
        List<Thread> pacedIn = Collections.synchronizedList(new ArrayList<>());
        long[] now = {0};
        WriteRate rate = new WriteRate(100, () -> now[0], millis -> {
            pacedIn.add(Thread.currentThread());
            now[0] += millis * 1_000_000;
        });
        BatchWriter writer = new BatchWriter(store, guard, sleeper, new WriteWindows(4, PATIENCE_MILLIS, nanos::get, pool), rate,
                Deadline.none());

        BatchWriter.Pending pending = writer.writeAsync(TARGET, puts(60));

        assertThat(pacedIn).hasSize(2).allMatch(thread -> thread == Thread.currentThread());
        assertThat(store.count(TARGET)).isZero();
        poolBusy.countDown();
        pending.await();
        assertThat(store.count(TARGET)).isEqualTo(60);
    }

    @Test
    void batchesWaitingOnAThrottledTable_holdOnlyThatTablesThreads() throws Exception {
        // One process writes two tables, four threads each. The first table refuses the first call of each of its four
        // batches, and each then waits out its backoff, held here until the second table's write has ended.
        String other = "Notes-prod-NONE";
        store.createTable(other, "id", ScalarAttributeType.S).leaveUnprocessed(TARGET, 25, 4);
        CountDownLatch backingOff = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        List<Boolean> heldToTheEnd = Collections.synchronizedList(new ArrayList<>());
        Sleeper held = millis -> {
            backingOff.countDown();
            try {
                heldToTheEnd.add(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        BatchWriter writer = new BatchWriter(store, guard, held, new WriteWindows(4, PATIENCE_MILLIS, nanos::get));

        BatchWriter.Pending throttled = writer.writeAsync(TARGET, puts(100));
        assertThat(backingOff.await(30, TimeUnit.SECONDS)).as("all four batches backing off").isTrue();
        writer.write(other, puts(100));
        assertThat(store.count(other)).isEqualTo(100);
        release.countDown();
        throttled.await();

        assertThat(store.count(TARGET)).isEqualTo(100);
        assertThat(heldToTheEnd).as("every backoff was still waiting when the other table's write ended")
                .hasSize(4).containsOnly(true);
    }

    @Test
    void theProcessHasNoMoreCallsOnTheirWay_thanTwoTablesWindows_whateverTheTables() throws InterruptedException {
        // Three tables, each with threads and a window of two calls: together still four calls at once, as many as the
        // process's connections were sized for.
        String other = "Notes-prod-NONE";
        String third = "Tags-prod-NONE";
        store.createTable(other, "id", ScalarAttributeType.S);
        store.createTable(third, "id", ScalarAttributeType.S);
        int most = 2 * WriteWindows.WINDOWS_OF_CALLS;
        AtomicInteger onTheirWay = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch allRoomTaken = new CountDownLatch(most);
        CountDownLatch release = new CountDownLatch(1);
        // Each call is held until the test lets them all go.
        ItemStore held = new ForwardingItemStore(store) {
            @Override
            public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
                mostAtOnce.accumulateAndGet(onTheirWay.incrementAndGet(), Math::max);
                allRoomTaken.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the calls were never let go");
                    }
                    return super.batchWriteOnce(table, requests);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } finally {
                    onTheirWay.decrementAndGet();
                }
            }
        };
        BatchWriter writer = new BatchWriter(held, guard, sleeper, new WriteWindows(2, PATIENCE_MILLIS, nanos::get));

        Set<Thread> before = writeThreads();
        BatchWriter.Pending first = writer.writeAsync(TARGET, puts(200));
        BatchWriter.Pending second = writer.writeAsync(other, puts(200));
        BatchWriter.Pending last = writer.writeAsync(third, puts(200));
        Set<Thread> writing = writeThreads();
        writing.removeAll(before);
        try {
            assertThat(writing).as("each table's two threads").hasSize(3 * 2);
            assertThat(allRoomTaken.await(30, TimeUnit.SECONDS)).as(most + " calls on their way (waited 30 s)").isTrue();
            // Every thread waits, its call held or waiting for room: all the calls that could be on their way are.
            writing.forEach(Parked::await);
            assertThat(onTheirWay).as("calls on their way once every table's threads wait").hasValue(most);
        } finally {
            release.countDown();
        }
        first.await();
        second.await();
        last.await();

        assertThat(store.count(TARGET)).isEqualTo(200);
        assertThat(store.count(other)).isEqualTo(200);
        assertThat(store.count(third)).isEqualTo(200);
        assertThat(mostAtOnce).as("calls on their way at once").hasValue(most);
    }

    /** The write threads of every table, in this process, now. */
    private static Set<Thread> writeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith("dmig-write-"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void whenPacingRunsOutOfTime_partWayThrough_theBatchesAlreadySentEndBeforeTheFailureIsThrown() {
        // The first batch is sent at once; the second would have to wait 250 ms for the pace, past the last moment for
        // writes, 200 ms from now (the pace and the deadline on one clock, which only the pacing moves).
        long[] now = {0};
        WriteRate rate = new WriteRate(100, () -> now[0], millis -> now[0] += millis * 1_000_000);
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ItemStore slow = new ForwardingItemStore(store) {
            @Override
            public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
                firstSent.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.batchWriteOnce(table, requests);
            }
        };
        BatchWriter writer = new BatchWriter(slow, guard, sleeper, new WriteWindows(4, PATIENCE_MILLIS, nanos::get, pool), rate,
                Deadline.fromRemaining(300, 200, () -> now[0]));

        BatchWriter.Pending pending = writer.writeAsync(TARGET, puts(50));
        // The batch in flight is let go only once the caller waits for the failure.
        Thread caller = Thread.currentThread();
        var unused = pool.submit(() -> {
            firstSent.await(5, TimeUnit.SECONDS);
            Parked.await(caller);
            release.countDown();
            return null;
        });

        assertThatThrownBy(pending::await).isInstanceOf(OutOfTimeException.class);
        assertThat(store.count(TARGET)).as("the batch in flight had landed when the failure came").isEqualTo(25);
    }

    @Test
    void tableWithTheSourceSuffix_isRefused_beforeAnyRequest() {
        assertThatThrownBy(() -> writer().write(SOURCE, puts(3)))
                .isInstanceOf(SourceWriteRefusedException.class)
                .hasMessage("refusing to write to table Contacts-dev-NONE: it carries the source suffix -dev-NONE "
                        + "(dmig never writes to a source table)");
        assertThatThrownBy(() -> writer().write(SOURCE, List.of())).isInstanceOf(SourceWriteRefusedException.class);
        assertThat(store.writeCalls()).isEmpty();
        assertThat(store.count(SOURCE)).isZero();
    }

    @Test
    void tableWithoutTheTargetSuffix_isRefused_beforeAnyRequest() {
        assertThatThrownBy(() -> writer().write("Contacts-other-NONE", puts(30)))
                .isInstanceOf(SourceWriteRefusedException.class)
                .hasMessage("refusing to write to table Contacts-other-NONE: it does not carry the target suffix -prod-NONE");
        assertThat(store.writeCalls()).isEmpty();
    }

    @Test
    void guard_needsBothSuffixes() {
        assertThatThrownBy(() -> new WriteGuard("", "-prod")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("both suffixes are needed to guard writes");
        assertThatThrownBy(() -> new WriteGuard("-dev", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
