package dev.dmig.migrate;

import static dev.dmig.SampleMigration.source;
import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dmig.SampleMigration;
import dev.dmig.run.Deadline;
import dev.dmig.run.WriterFence;
import dev.dmig.run.RunFencedException;
import dev.dmig.store.InMemoryItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the journal says after a page is redone, or fails, while writes of the run and of something else meet at the
 * same keys: rollback must undo exactly the run's own writes and leave everything else as it found it.
 */
class JournalUnderRedoTest {
    private final List<SampleMigration> apps = new ArrayList<>();
    private final ExecutorService single = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        apps.forEach(SampleMigration::close);
        single.shutdownNow();
    }

    private SampleMigration app(String onConflict, int pageSize) {
        SampleMigration app = new SampleMigration(onConflict, pageSize, 1);
        apps.add(app);
        return app;
    }

    /**
     * Under {@code abort}, the page after the one that met a late arrival was already journaled and its conditional
     * puts sent; what they found in their way is journaled as left alone too, and rollback leaves it.
     */
    @Test
    void abort_lateArrivalsInThePageWrittenAlongside_areLeftByRollback() {
        SampleMigration app = app("abort", 1);
        app.analyze(app.fullRequest("run1"));
        List<Map<String, AttributeValue>> lates = new ArrayList<>();
        for (Map<String, AttributeValue> src : app.items.items(source("AppPreferences"))) {
            lates.add(item("id", src.get("id"), "value", s("written by the live app")));
        }
        AtomicBoolean arrived = new AtomicBoolean();
        app.faults = (runId, model, segment, written) -> {
            if (model.equals("AppPreferences") && arrived.compareAndSet(false, true)) {
                lates.forEach(l -> app.items.put(target("AppPreferences"), l));
            }
        };
        assertThatThrownBy(() -> app.migrator().migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(LateArrivalException.class);
        app.rollBack("run1", "rb1");
        assertThat(app.items.items(target("AppPreferences"))).containsExactlyInAnyOrderElementsOf(lates);
    }

    /**
     * A page redone with smaller pages, a late arrival in it: only that key is marked left alone; the earlier attempt's
     * records for the keys further on (which it wrote) stay, and rollback deletes those items.
     */
    @Test
    void abort_redoneWithSmallerPages_aLateArrival_keepsTheEarlierAttemptsRecords() {
        SampleMigration app = app("abort", 100);
        List<Map<String, AttributeValue>> order = onePageOf62(app);
        // Attempt 1: the first of its batches to reach the store fails (of 25 items, or the last one's 12: which batch comes
        // first is the writer's threads'), the others are written.
        assertThat(attemptWhoseFirstBatchFails(app)).isNotInstanceOf(LateArrivalException.class);
        int writtenByAttempt1 = app.items.count(target("AppPreferences"));
        assertThat(writtenByAttempt1).isIn(62 - 25, 62 - 12);
        // A live app writes at a key of the failed batch.
        java.util.Set<AttributeValue> written = new java.util.HashSet<>();
        app.items.items(target("AppPreferences")).forEach(item -> written.add(item.get("id")));
        AttributeValue unwritten = order.stream().map(item -> item.get("id")).filter(id -> !written.contains(id)).findFirst()
                .orElseThrow();
        Map<String, AttributeValue> late = item("id", unwritten, "value", s("live app"));
        app.items.put(target("AppPreferences"), late);
        // Attempt 2, pages of 10 (as Checkpoint.slowed would set).
        SegmentMigrator second = new SegmentMigrator(app.items, app.artifacts, app.writePool, FaultInjector.NONE, 10,
                new WriteWindows(4, 500));
        assertThatThrownBy(() -> second.migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(LateArrivalException.class);
        app.rollBack("run1", "rb1");
        assertThat(app.items.items(target("AppPreferences"))).containsExactly(late);
    }

    /**
     * Under {@code abort}, a page whose batch fails (a store error the state machine retries) while a sibling batch
     * finds a late arrival: the redo sends that key no put, yet still fails the run for the late arrival.
     */
    @Test
    void abort_aLateArrivalFoundByAnAttemptThatFailedOtherwise_stillStopsTheRedo() {
        SampleMigration app = app("abort", 100);
        List<Map<String, AttributeValue>> order = onePageOf62(app);
        Map<String, AttributeValue> late = item("id", order.get(61).get("id"), "value", s("live app"));
        app.items.put(target("AppPreferences"), late);
        assertThat(attemptWhoseFirstBatchFails(app)).isNotInstanceOf(LateArrivalException.class);

        assertThatThrownBy(() -> app.migrator().migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(LateArrivalException.class).hasMessageContaining("1 item(s) appeared");
        app.rollBack("run1", "rb1");
        assertThat(app.items.items(target("AppPreferences"))).as("only the live app's item").containsExactly(late);
    }

    /**
     * A source item changed between two attempts of a page: the redo's conditional put finds the run's own earlier
     * write, not something else's; it is not marked late, and rollback deletes it.
     */
    @Test
    void skip_aSourceItemChangedBetweenTwoAttempts_theRunsOwnEarlierWriteIsStillUndone() {
        SampleMigration app = app("skip", 2);
        app.analyze(app.fullRequest("run1"));
        app.faults = crashAfterBatch(1);
        assertThatThrownBy(() -> app.migrator().migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000)));
        app.faults = FaultInjector.NONE;
        // The source item changes between the attempts.
        app.items.put(source("AppPreferences"), item("id", s("theme"), "value", s("light")));
        app.migrator().migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000));
        app.rollBack("run1", "rb1");
        assertThat(app.items.items(target("AppPreferences"))).as("rollback leaves nothing the run wrote").isEmpty();
    }

    /**
     * A table keyed by the run's own new IDs, its page redone after a crash: production edited a record the first attempt
     * wrote, between the attempts. The redo's put goes only-if-absent, so the edit is left as production made it (counted
     * late), and a rollback keeps it; the records the run wrote are undone.
     */
    @Test
    void skip_aRedoAfterProductionEditedARecordTheFirstAttemptWrote_leavesTheEdit() {
        SampleMigration app = app("skip", 2);
        app.analyze(app.fullRequest("run1"));
        app.faults = crashAfterBatch(1);
        assertThatThrownBy(() -> app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)));
        app.faults = FaultInjector.NONE;
        Map<String, AttributeValue> written = app.items.items(target("Contacts")).stream()
                .filter(i -> !i.get("id").s().equals("prod-only-contact")).findFirst().orElseThrow();
        Map<String, AttributeValue> edited = new java.util.HashMap<>(written);
        edited.put("name", s("edited in production between the attempts"));
        app.items.put(target("Contacts"), edited);

        app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000));

        assertThat(app.items.item(target("Contacts"), item("id", written.get("id")))).contains(edited);
        app.rollBack("run1", "rb1");
        assertThat(app.items.items(target("Contacts"))).containsExactlyInAnyOrder(edited, item("id", s("prod-only-contact"),
                "name", s("Prod")));
    }

    /**
     * Under {@code overwrite}, a record production creates at a key the page read empty, before the page's write: it is
     * not written over with no pre-image (the put goes only-if-absent), but left as production made it, and a rollback
     * keeps it.
     */
    @Test
    void overwrite_aRecordProductionCreatesBetweenThePagesReadAndItsWrite_isLeftAsItIs() {
        SampleMigration app = app("overwrite", 2);
        app.analyze(app.fullRequest("run1"));
        Map<String, AttributeValue> prods = item("id", s("theme"), "value", s("created by production meanwhile"));
        AtomicBoolean created = new AtomicBoolean();
        app.faults = new FaultInjector() {
            @Override
            public void beforeBatch(String runId, String model, int segment, long written) {
                if (model.equals("AppPreferences") && created.compareAndSet(false, true)) {
                    app.items.put(target("AppPreferences"), prods);
                }
            }

            @Override
            public void afterBatch(String runId, String model, int segment, long written) {}
        };

        app.migrator().migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000));

        assertThat(created).isTrue();
        assertThat(app.items.item(target("AppPreferences"), item("id", s("theme")))).contains(prods);
        app.rollBack("run1", "rb1");
        assertThat(app.items.items(target("AppPreferences"))).containsExactly(prods);
    }

    /**
     * Under {@code skip}, the rollback's fence stops a segment (a sibling failed) while a page's conditional puts are in
     * flight: what they found in their way is journaled as left alone before the segment stops, and rollback keeps it.
     */
    @Test
    void skip_aLateItemFoundByAPageInFlightWhenTheFenceStopsTheSegment_isLeftByTheRollback() {
        SampleMigration app = app("skip", 2);
        app.analyze(app.fullRequest("run1"));
        Map<String, AttributeValue> first = app.items.items(source("AppPreferences")).get(0);
        Map<String, AttributeValue> late = item("id", first.get("id"), "value", s("written by the live app"));
        app.faults = new FaultInjector() {
            @Override
            public void beforeBatch(String runId, String model, int segment, long written) {
                if (model.equals("AppPreferences") && written == 0) {
                    app.items.put(target("AppPreferences"), late);
                    new WriterFence(app.artifacts).raise("run1", "exec-rb");
                }
            }
        };
        assertThatThrownBy(() -> app.migrator().migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(RunFencedException.class);

        app.rollBack("run1", "exec-rb");

        assertThat(app.items.items(target("AppPreferences"))).as("the live app's item after the rollback").contains(late);
    }

    /**
     * Under {@code overwrite}, pages shrink after an interrupted page: a later invocation still knows the pre-image the
     * first attempt journaled for a key past its pages (and does not journal the run's own item as one), and rollback
     * puts the original back.
     */
    @Test
    void overwrite_pagesShrinkAfterAnInterruptedPage_rollbackRestoresTheOriginal() {
        SampleMigration app = app("overwrite", 2);
        Map<String, AttributeValue> original = item("id", s(app.newId("Contacts", "c7")), "name", s("production's c7"));
        app.items.put(target("Contacts"), original);
        var before = app.snapshot(app.targetTables());
        app.analyze(app.fullRequest("run1"));
        // Attempt 1: one page of all 7, written, then the invocation dies before the checkpoint.
        assertThatThrownBy(() -> new SegmentMigrator(app.items, app.artifacts, app.writePool, crashAfterBatch(1), 7,
                new WriteWindows(4, 500)).migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)));
        // Attempt 2: pages of 2 (as after Checkpoint.slowed); one page checkpointed, then it dies.
        assertThatThrownBy(() -> new SegmentMigrator(app.items, app.artifacts, app.writePool, crashAfterBatch(2), 2,
                new WriteWindows(4, 500)).migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)));
        // Attempt 3 finishes.
        SegmentProgress p;
        do {
            p = new SegmentMigrator(app.items, app.artifacts, app.writePool, FaultInjector.NONE, 2,
                    new WriteWindows(4, 500)).migrate("run1", "Contacts", 0, 1, Deadline.in(60_000));
        } while (!p.done());
        app.rollBack("run1", "rb1");
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    /** AppPreferences with 60 more items, analyzed: one page of 62 under the app's page size. Its items in scan order. */
    private static List<Map<String, AttributeValue>> onePageOf62(SampleMigration app) {
        List<Map<String, AttributeValue>> extra = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            extra.add(item("id", s(String.format("k%02d", i)), "value", s("v")));
        }
        app.items.putAll(source("AppPreferences"), extra);
        app.analyze(app.fullRequest("run1"));
        return app.items.scan(source("AppPreferences"), 0, 1, null, 1000, false).items();
    }

    /**
     * One attempt of the page, its batches of conditional puts sent in order on one thread: the first fails (a store
     * error the state machine retries), the others are sent. What it threw.
     */
    private Throwable attemptWhoseFirstBatchFails(SampleMigration app) {
        app.items.failOn(InMemoryItemStore.Operation.CONDITIONAL_WRITE, target("AppPreferences"), 0, 1);
        SegmentMigrator attempt = new SegmentMigrator(app.items, app.artifacts, single, FaultInjector.NONE, 100,
                new WriteWindows(4, 500));
        Throwable thrown = catchThrowable(() -> attempt.migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000)));
        app.items.clearFaults();
        assertThat(thrown).as("the attempt failed").isNotNull();
        return thrown;
    }

    /** An invocation that dies after the {@code n}th page's batches are written, before that page's checkpoint. */
    private static FaultInjector crashAfterBatch(int n) {
        AtomicInteger pages = new AtomicInteger();
        return new FaultInjector() {
            @Override
            public void beforeBatch(String runId, String model, int segment, long written) {}

            @Override
            public void afterBatch(String runId, String model, int segment, long written) {
                if (pages.incrementAndGet() == n) {
                    throw new IllegalStateException("killed before the checkpoint");
                }
            }
        };
    }
}
