package dev.dmig.store;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class ScanAheadTest {
    private final InMemoryItemStore store = new InMemoryItemStore().createTable("T", "id", ScalarAttributeType.S);

    ScanAheadTest() {
        for (int i = 0; i < 7; i++) {
            store.put("T", item("id", s("i" + i)));
        }
    }

    /** Counts the scans started, and lets a test hold one until it says so. */
    private static final class Counting extends ForwardingItemStore {
        final AtomicInteger scans = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        volatile int holdScan = -1;

        Counting(ItemStore inner) {
            super(inner);
        }

        @Override
        public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey,
                             int limit, boolean consistentRead) {
            int number;
            synchronized (this) {
                number = scans.incrementAndGet();
                notifyAll();
            }
            if (number == holdScan) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead);
        }

        /** Returns once {@code count} scans have started; fails if they have not within 10 s. */
        synchronized void awaitScans(int count) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (scans.get() < count) {
                long left = until - System.nanoTime();
                assertThat(left).as("%s scans started within 10 s", count).isPositive();
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Test
    void pagesComeInOrder_eachNextOneRequestedBeforeTheCallerAsks_andNoneAfterTheLast() throws Exception {
        Counting counting = new Counting(store);
        ScanAhead pages = new ScanAhead(counting, "T", 0, 1, null, 3, false, () -> true);
        List<String> ids = new ArrayList<>();
        ScanPage page;
        do {
            page = pages.next();
            page.items().forEach(item -> ids.add(item.get("id").s()));
            if (!page.last()) {
                // The following page is on its way while this one is worked on.
                counting.awaitScans(ids.size() / 3 + 1);
                assertThat(counting.scans).as("only the following page").hasValue(ids.size() / 3 + 1);
            }
        } while (!page.last());

        List<String> direct = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        do {
            ScanPage read = store.scan("T", 0, 1, from, 3, false);
            read.items().forEach(item -> direct.add(item.get("id").s()));
            from = read.lastEvaluatedKey();
        } while (from != null && !from.isEmpty());
        assertThat(ids).as("the order a plain scan gives").containsExactlyElementsOf(direct).hasSize(7).doesNotHaveDuplicates();
        assertThat(counting.scans).as("three pages of at most three items, nothing read after the last").hasValue(3);
        assertThatThrownBy(pages::next).hasMessageContaining("table T: segment 0 has no page after its last");
    }

    @Test
    void onceTheCallerWillStop_noPageIsReadAhead_andAPageAskedForAllTheSameIsReadThen() {
        Counting counting = new Counting(store);
        AtomicInteger pagesLeft = new AtomicInteger(1);
        // Each read is started before next returns, or not at all: counted as it starts, on the caller's thread.
        AtomicInteger readsStarted = new AtomicInteger();
        ScanAhead pages = new ScanAhead(counting, "T", 0, 1, null, 3, false, () -> pagesLeft.get() > 0, null, read -> {
            readsStarted.incrementAndGet();
            return Reads.start(read);
        });
        pagesLeft.decrementAndGet();
        assertThat(pages.next().items()).hasSize(3);
        assertThat(readsStarted).as("the first page's read only: the caller said it stops").hasValue(1);
        // A caller that goes on anyway gets the next page, read when asked for.
        assertThat(pages.next().items()).hasSize(3);
        assertThat(readsStarted).as("the second page's read, started when it was asked for").hasValue(2);
        assertThat(pages.next().last()).isTrue();
        assertThat(readsStarted).hasValue(3);
        assertThat(counting.scans).hasValue(3);
    }

    @Test
    void theCallerWaits_forAPageStillBeingRead() throws Exception {
        Counting counting = new Counting(store);
        counting.holdScan = 2;
        ScanAhead pages = new ScanAhead(counting, "T", 0, 1, null, 3, false, () -> true);
        pages.next();
        counting.awaitScans(2);
        java.util.concurrent.atomic.AtomicReference<Thread> caller = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CompletableFuture<ScanPage> second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            caller.set(Thread.currentThread());
            return pages.next();
        });
        // The read of the second page is held: the caller waits for it, and cannot have it yet.
        while (caller.get() == null) {
            Thread.onSpinWait();
        }
        dev.dmig.Parked.await(caller.get());
        assertThat(second).isNotDone();
        counting.release.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS).items()).hasSize(3);
    }

    @Test
    void aFailedRead_isThrownAsItWas_whenItsPageIsAskedFor() {
        ItemStore failing = new ForwardingItemStore(store) {
            @Override
            public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey,
                                 int limit, boolean consistentRead) {
                if (exclusiveStartKey != null) {
                    throw new StoreUnavailableException("DynamoDB unavailable after retries (test)", null);
                }
                return super.scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead);
            }
        };
        ScanAhead pages = new ScanAhead(failing, "T", 0, 1, null, 3, false, () -> true);
        assertThat(pages.next().items()).hasSize(3);
        assertThatThrownBy(pages::next).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("DynamoDB unavailable after retries (test)");
    }
}
