package dev.dmig.migrate;

import static dev.dmig.SampleMigration.SOURCE;
import static dev.dmig.SampleMigration.TARGET;
import static dev.dmig.SampleMigration.source;
import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.nul;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analysis;
import dev.dmig.journal.JournalRecord;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.run.WriterFence;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.StoreUnavailableException;
import dev.dmig.store.InFlight;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class SegmentMigratorTest {
    private final List<SampleMigration> apps = new ArrayList<>();

    private SampleMigration app(String onConflict, int pageSize, int segments) {
        SampleMigration app = new SampleMigration(onConflict, pageSize, segments);
        apps.add(app);
        return app;
    }

    @AfterEach
    void close() {
        apps.forEach(SampleMigration::close);
    }

    /** The target table holds exactly the transformed source items plus what it held before. */
    private static void assertMigrated(SampleMigration app, String model, List<Map<String, AttributeValue>> before) {
        List<Map<String, AttributeValue>> expected = new ArrayList<>(app.expectedTarget(model));
        expected.addAll(before);
        assertThat(app.items.items(target(model))).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** No item was ever written with content other than its final transformed content. */
    private static void assertEveryPutWasTheFinalContent(SampleMigration app, String model) {
        Map<AttributeValue, Map<String, AttributeValue>> byId = new HashMap<>();
        app.expectedTarget(model).forEach(item -> byId.put(item.get("id"), item));
        for (WriteRequest request : app.items.writesTo(target(model))) {
            Map<String, AttributeValue> put = request.putRequest().item();
            assertThat(put).isEqualTo(byId.get(put.get("id")));
        }
    }

    private static Checkpoint checkpoint(SampleMigration app, String runId, String model, int segment) {
        return app.artifacts.json(RunLayout.checkpoint(runId, model, segment), Checkpoint.class);
    }

    @Test
    void aSegmentTaskTellsItsProcessHowLongItsTablesWritesTake_whichOrdersTheProcesssCalls() {
        SampleMigration app = app("abort", 2, 3);
        RunState state = app.analyze(app.fullRequest("paced"));
        WriteWindows windows = new WriteWindows(4, 10_000);

        SegmentProgress progress = app.migrator(windows).migrate("paced", "Contacts", 0, 3, 12.5, Deadline.in(60_000));
        app.migrator(windows).migrate("paced", "Properties", 0, 3, Deadline.in(60_000));

        assertThat(progress.done()).isTrue();
        assertThat(state.runId()).isEqualTo("paced");
        assertThat(windows.paceOf(target("Contacts"))).isEqualTo(12.5);
        assertThat(windows.paceOf(target("Properties"))).as("a task not told: unpaced").isZero();
        windows.shutdown();
    }

    @Test
    void everySegmentOfEveryTable_isMigrated_targetEqualsTransformedSource() {
        SampleMigration app = app("abort", 2, 3);
        var contactsBefore = app.items.items(target("Contacts"));
        var sourcesBefore = app.snapshot(app.sourceTables());
        RunState state = app.analyze(app.fullRequest("run1"));
        app.migrate(state, 60_000);
        assertMigrated(app, "Contacts", contactsBefore);
        assertMigrated(app, "Properties", List.of());
        assertMigrated(app, "Requests", List.of());
        assertMigrated(app, "AppPreferences", List.of());
        assertThat(app.items.items(target("Auth"))).containsExactly(item("id", s("prod-auth"), "secret", s("p")));
        assertThat(app.snapshot(app.sourceTables())).isEqualTo(sourcesBefore);
        assertThat(app.items.tablesWrittenTo()).allMatch(t -> t.endsWith(TARGET)).noneMatch(t -> t.endsWith(SOURCE));
        long read = 0;
        long written = 0;
        for (String model : List.of("Contacts", "Properties", "Requests", "AppPreferences")) {
            for (int segment = 0; segment < 3; segment++) {
                Checkpoint c = checkpoint(app, "run1", model, segment);
                assertThat(c.done()).isTrue();
                assertThat(c.itemsWritten()).isEqualTo(c.itemsRead());
                assertThat(c.totalSegments()).isEqualTo(3);
                read += c.itemsRead();
                written += c.itemsWritten();
            }
        }
        assertThat(read).isEqualTo(17);
        assertThat(written).isEqualTo(17);
        // A table keyed by preserved IDs is put only-if-absent, a conditional PutItem each at a batched put's units (no
        // transaction); one keyed by its new IDs alone, in batches.
        assertThat(app.items.calls(InMemoryItemStore.Operation.CONDITIONAL_WRITE, target("AppPreferences"))).isPositive();
        assertThat(app.items.calls(InMemoryItemStore.Operation.BATCH_WRITE, target("AppPreferences"))).isZero();
        assertThat(app.items.calls(InMemoryItemStore.Operation.BATCH_WRITE, target("Contacts"))).isPositive();
        assertThat(app.items.calls(InMemoryItemStore.Operation.CONDITIONAL_WRITE, target("Contacts"))).isZero();
    }

    @Test
    void aSegmentTasksOpeningReads_areInFlightTogether_notOneAfterAnother() {
        SampleMigration app = app("abort", 2, 1);
        var contactsBefore = app.items.items(target("Contacts"));
        app.analyze(app.fullRequest("run1"));
        // The reads an invocation makes before its first page, besides its lease and what the lease waits for.
        String run = RunLayout.manifest("run1").replace("manifest.json", "");
        InFlight pages = new InFlight(2);
        InFlight opening = new InFlight(2);
        ArtifactStore store = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public java.util.Optional<byte[]> get(String key) {
                if (key.equals(RunLayout.manifest("run1")) || key.equals(RunLayout.checkpoint("run1", "Contacts", 0))) {
                    return opening.during(() -> super.get(key));
                }
                boolean shared = key.equals(RunLayout.adopted("run1", "Contacts")) || key.equals(RunLayout.slice("run1"));
                return shared ? pages.during(() -> super.get(key)) : super.get(key);
            }

            @Override
            public List<String> list(String prefix) {
                return prefix.startsWith(run + "journal/") ? pages.during(() -> super.list(prefix)) : super.list(prefix);
            }
        };
        SegmentMigrator migrator = new SegmentMigrator(app.items, store, app.writePool, app.faults, 2,
                new WriteWindows(4, 60_000));

        SegmentProgress progress;
        do {
            progress = migrator.migrate("run1", "Contacts", 0, 1, Deadline.in(60_000));
        } while (!progress.done());

        assertThat(opening.most()).as("the checkpoint read beside the manifest").isGreaterThanOrEqualTo(2);
        assertThat(pages.most()).as("the journal's listing, the adopted keys and the slice read at once").isGreaterThanOrEqualTo(2);
        assertMigrated(app, "Contacts", contactsBefore);
    }

    @Test
    void eachPagesFence_isLookedAtBesideItsScan_beforeTheRunWritesAnythingOfIt() {
        SampleMigration app = app("abort", 100, 1);
        var contactsBefore = app.items.items(target("Contacts"));
        app.analyze(app.fullRequest("run1"));
        InFlight page = new InFlight(2);
        ArtifactStore store = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public java.util.Optional<byte[]> get(String key) {
                return key.equals(RunLayout.fence("run1")) ? page.during(() -> super.get(key)) : super.get(key);
            }
        };
        dev.dmig.store.ItemStore items = new dev.dmig.store.ForwardingItemStore(app.items) {
            @Override
            public dev.dmig.store.ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> startKey,
                                                int limit, boolean consistentRead) {
                return table.equals(source("Contacts")) ? page.during(() -> super.scan(table, segment, totalSegments, startKey, limit,
                        consistentRead)) : super.scan(table, segment, totalSegments, startKey, limit, consistentRead);
            }
        };
        SegmentMigrator migrator = new SegmentMigrator(items, store, app.writePool, app.faults, 100, new WriteWindows(4, 60_000));

        assertThat(migrator.migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)).done()).isTrue();

        assertThat(page.most()).as("the fence read beside the page's scan").isEqualTo(2);
        assertMigrated(app, "Contacts", contactsBefore);
        // A raised fence still stops a page before anything of it is journaled or written.
        SampleMigration fenced = app("abort", 100, 1);
        var fencedBefore = fenced.items.items(target("Contacts"));
        fenced.analyze(fenced.fullRequest("run1"));
        new WriterFence(fenced.artifacts).raise("run1", "test");
        assertThatThrownBy(() -> fenced.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(dev.dmig.run.RunFencedException.class).hasMessageContaining("being rolled back");
        assertThat(fenced.items.items(target("Contacts"))).isEqualTo(fencedBefore);
        assertThat(fenced.artifacts.list(RunLayout.manifest("run1").replace("manifest.json", "journal/"))).isEmpty();
    }

    @Test
    void theNextPage_isReadWhileThisOneIsJournaled_andItsFenceLookedAtBesideTheCheckpoint() {
        SampleMigration app = app("abort", 1, 1);
        var contactsBefore = app.items.items(target("Contacts"));
        app.analyze(app.fullRequest("run1"));
        InFlight readAhead = new InFlight(2);
        InFlight fenceAhead = new InFlight(2);
        ArtifactStore store = fencesBesideCheckpoints(app.artifacts, fenceAhead, readAhead);
        dev.dmig.store.ItemStore items = new dev.dmig.store.ForwardingItemStore(app.items) {
            @Override
            public dev.dmig.store.ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> startKey,
                                                int limit, boolean consistentRead) {
                boolean later = table.equals(source("Contacts")) && startKey != null;
                return later ? readAhead.during(() -> super.scan(table, segment, totalSegments, startKey, limit, consistentRead))
                        : super.scan(table, segment, totalSegments, startKey, limit, consistentRead);
            }
        };
        SegmentMigrator migrator = new SegmentMigrator(items, store, app.writePool, app.faults, 1, new WriteWindows(4, 60_000));

        assertThat(migrator.migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)).done()).isTrue();

        assertThat(readAhead.most()).as("a page's scan in flight beside the journal entry of the page before").isEqualTo(2);
        assertThat(fenceAhead.most()).as("a page's fence read beside the checkpoint of the page two before").isEqualTo(2);
        assertMigrated(app, "Contacts", contactsBefore);
        Checkpoint done = checkpoint(app, "run1", "Contacts", 0);
        assertThat(done.itemsRead()).isEqualTo(done.itemsWritten()).isEqualTo(app.expectedTarget("Contacts").size());
    }

    @Test
    void aFenceLookedAtForAPageTheDeadlineLeavesToTheNextCall_endsTheInvocation_whenRaised() throws Exception {
        SampleMigration app = app("abort", 1, 1);
        app.analyze(app.fullRequest("run1"));
        // The invocation's clock: it passes the deadline while page 0's checkpoint is saved, once page 1 is written.
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch pageOneWritten = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch fenceRaised = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger fenceReads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger fenceReadsEnded = new java.util.concurrent.atomic.AtomicInteger();
        String checkpointKey = RunLayout.checkpoint("run1", "Contacts", 0);
        ArtifactStore store = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public java.util.Optional<byte[]> get(String key) {
                if (!key.equals(RunLayout.fence("run1"))) {
                    return super.get(key);
                }
                // Page 2's look, started beside page 0's checkpoint, answers once the fence is raised.
                if (fenceReads.incrementAndGet() > 2) {
                    await(fenceRaised);
                }
                try {
                    return super.get(key);
                } finally {
                    fenceReadsEnded.incrementAndGet();
                }
            }

            @Override
            public void put(String key, byte[] body, String contentType) {
                if (key.equals(checkpointKey) && app.artifacts.get(key).isEmpty()) {
                    await(pageOneWritten);
                    new WriterFence(app.artifacts).raise("run1", "test");
                    clock.addAndGet(java.util.concurrent.TimeUnit.MINUTES.toNanos(10));
                    fenceRaised.countDown();
                }
                super.put(key, body, contentType);
            }
        };
        dev.dmig.store.ItemStore items = new dev.dmig.store.ForwardingItemStore(app.items) {
            @Override
            public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
                return written(table, () -> super.batchWriteOnce(table, requests));
            }

            @Override
            public dev.dmig.store.GuardedOutcome writeIfOnce(String table, List<dev.dmig.store.GuardedWrite> writes) {
                return written(table, () -> super.writeIfOnce(table, writes));
            }

            private <T> T written(String table, java.util.function.Supplier<T> write) {
                T result = write.get();
                if (table.equals(target("Contacts")) && writes.incrementAndGet() == 2) {
                    pageOneWritten.countDown();
                }
                return result;
            }
        };
        SegmentMigrator migrator = new SegmentMigrator(items, store, app.writePool, app.faults, 1, new WriteWindows(4, 60_000));

        assertThatThrownBy(() -> migrator.migrate("run1", "Contacts", 0, 1, Deadline.in(60_000, clock::get)))
                .isInstanceOf(dev.dmig.run.RunFencedException.class).hasMessageContaining("being rolled back");

        assertThat(fenceReadsEnded.get()).as("every look at the fence ended before the invocation did").isEqualTo(fenceReads.get())
                .isEqualTo(3);
        Checkpoint saved = checkpoint(app, "run1", "Contacts", 0);
        assertThat(saved.itemsWritten()).as("pages 0 and 1 written and checkpointed, page 2 left").isEqualTo(2);
        assertThat(app.artifacts.list(RunLayout.manifest("run1").replace("manifest.json", "journal/Contacts/"))).hasSize(2);
    }

    @Test
    void underAWriteRateLimit_aPagesFenceIsLookedAtAfterThePacing_notBesideTheCheckpointBefore() {
        SampleMigration app = app("abort", 1, 1);
        app.writeRateLimit = 1_000;
        var contactsBefore = app.items.items(target("Contacts"));
        app.analyze(app.fullRequest("run1"));
        InFlight beside = new InFlight(2);
        ArtifactStore store = fencesBesideCheckpoints(app.artifacts, beside, null);
        SegmentMigrator migrator = new SegmentMigrator(app.items, store, app.writePool, app.faults, 1, new WriteWindows(4, 60_000));

        assertThat(migrator.migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)).done()).isTrue();

        assertThat(beside.most()).as("no page's fence read beside a checkpoint's write").isEqualTo(1);
        assertThat(beside.calls()).as("a fence read per later page and a checkpoint per page").isGreaterThan(8);
        assertMigrated(app, "Contacts", contactsBefore);
    }

    /**
     * A front on run1's artifacts for a Contacts segment of one-item pages: the fences read after the first two pages'
     * (which are read as those pages are prepared, before any checkpoint) and the segment's checkpoint puts go through
     * {@code fences}; its journal entries' puts through {@code journal}, when given.
     */
    private static ArtifactStore fencesBesideCheckpoints(ArtifactStore inner, InFlight fences, InFlight journal) {
        java.util.concurrent.atomic.AtomicInteger fenceReads = new java.util.concurrent.atomic.AtomicInteger();
        String entries = RunLayout.manifest("run1").replace("manifest.json", "journal/Contacts/");
        return new ForwardingArtifactStore(inner) {
            @Override
            public java.util.Optional<byte[]> get(String key) {
                boolean later = key.equals(RunLayout.fence("run1")) && fenceReads.incrementAndGet() > 2;
                return later ? fences.during(() -> super.get(key)) : super.get(key);
            }

            @Override
            public void put(String key, byte[] body, String contentType) {
                InFlight through = key.equals(RunLayout.checkpoint("run1", "Contacts", 0)) ? fences
                        : journal != null && key.startsWith(entries) ? journal : null;
                if (through == null) {
                    super.put(key, body, contentType);
                    return;
                }
                through.during(() -> {
                    super.put(key, body, contentType);
                    return null;
                });
            }
        };
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            assertThat(latch.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the step this test waits for").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void referencesInTheTarget_pointAtTheParentsNewIds() {
        SampleMigration app = app("abort", 2, 3);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        Map<String, AttributeValue> r1 = app.items.item(target("Requests"), item("id", s(app.newId("Requests", "r1")))).orElseThrow();
        assertThat(r1).isEqualTo(item(
                "id", s(app.newId("Requests", "r1")),
                "agentContactId", s(app.newId("Contacts", "c1")),
                "addressId", s(app.newId("Properties", "p1")),
                "watcherIds", l(s(app.newId("Contacts", "c2")), nul(), s(""), s(app.newId("Contacts", "c2")),
                        s(app.newId("Contacts", "c3"))),
                "meta", m("ownerId", s(app.newId("Contacts", "c4")), "note", s("x")),
                "prefId", s("theme"),
                "amount", n("100.25")));
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c1"))))).isPresent();
        assertThat(app.items.item(target("AppPreferences"), item("id", s("theme")))).isPresent();
    }

    @Test
    void deadlineZero_returnsAfterEachPage_andRepeatedCallsFinishExactly() {
        SampleMigration app = app("abort", 2, 1);
        RunState state = app.analyze(app.fullRequest("run1"));
        List<SegmentProgress> steps = new ArrayList<>();
        SegmentProgress progress;
        do {
            progress = app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(0));
            steps.add(progress);
        } while (!progress.done() && steps.size() < 100);
        // 7 items in pages of 2: four pages with items, each its own call.
        assertThat(steps).extracting(SegmentProgress::itemsRead).containsExactly(2L, 4L, 6L, 7L);
        assertThat(steps).extracting(SegmentProgress::done).containsExactly(false, false, false, true);
        assertThat(progress.itemsWritten()).isEqualTo(7);
        assertThat(checkpoint(app, "run1", "Contacts", 0).invocations()).isEqualTo(4);
        assertMigrated(app, "Contacts", List.of(item("id", s("prod-only-contact"), "name", s("Prod"))));
        assertThat(state.runId()).isEqualTo("run1");
    }

    @Test
    void anInvocationOutOfTimeForItsPage_handsBackAtItsLastCheckpoint_theNextRedoesThePage_andExactly() {
        SampleMigration app = app("abort", 2, 1);
        app.analyze(app.fullRequest("run1"));
        long[] now = {0};
        // 10 s left, 4 s margin: past 8 s no write may start. The first call works at 9 s.
        Deadline late = Deadline.fromRemaining(10_000, 4_000, () -> now[0]);
        now[0] = 9_000_000_000L;

        SegmentProgress progress = app.migrator().migrate("run1", "Contacts", 0, 1, late);

        assertThat(progress.done()).isFalse();
        assertThat(progress.itemsWritten()).isZero();
        assertThat(app.items.writesTo(target("Contacts"))).as("nothing sent past the last moment").isEmpty();
        assertThat(checkpoint(app, "run1", "Contacts", 0).stalls()).isEqualTo(1);
        do {
            progress = app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000));
        } while (!progress.done());
        assertThat(progress.itemsWritten()).isEqualTo(7);
        assertThat(checkpoint(app, "run1", "Contacts", 0).stalls()).isZero();
        assertMigrated(app, "Contacts", List.of(item("id", s("prod-only-contact"), "name", s("Prod"))));
    }

    @Test
    void invocationsThatNeverHaveTimeForAPage_failTheSegment_sayingWhatToChange() {
        SampleMigration app = app("abort", 2, 1);
        app.analyze(app.fullRequest("run1"));
        long[] now = {9_000_000_000L};
        for (int call = 1; call < SegmentMigrator.MAX_STALLS; call++) {
            now[0] = 0;
            Deadline late = Deadline.fromRemaining(10_000, 4_000, () -> now[0]);
            now[0] = 9_000_000_000L;
            assertThat(app.migrator().migrate("run1", "Contacts", 0, 1, late).done()).isFalse();
        }
        now[0] = 0;
        Deadline late = Deadline.fromRemaining(10_000, 4_000, () -> now[0]);
        now[0] = 9_000_000_000L;

        assertThatThrownBy(() -> app.migrator().migrate("run1", "Contacts", 0, 1, late))
                .isInstanceOf(SegmentStalledException.class)
                .hasMessageStartingWith("table Contacts segment 0: 3 invocations in a row ran out of time")
                .hasMessageContaining("raise the function's timeout");
    }

    @Test
    void underAWriteRateLimit_aPageHoldsWhatTheRateAllowsInHalfTheMargin() {
        SampleMigration app = app("abort", 500, 1);
        Deadline deadline = Deadline.fromRemaining(900_000, 30_000);

        assertThat(app.migrator().pageSize(WriteRate.share(10, 1), deadline)).as("10 items/s × 15 s").isEqualTo(150);
        assertThat(app.migrator().pageSize(WriteRate.share(400, 2), deadline)).as("capped at the page size").isEqualTo(500);
        assertThat(app.migrator().pageSize(WriteRate.share(1, 100), deadline)).isEqualTo(1);
        assertThat(app.migrator().pageSize(WriteRate.UNLIMITED, deadline)).isEqualTo(500);
        assertThat(app.migrator().pageSize(WriteRate.share(10, 1), Deadline.in(1_000))).as("no invocation behind it").isEqualTo(500);
    }

    @Test
    void fullLastPage_endsWithAnEmptyPage_andNoEmptyJournalEntry() {
        SampleMigration app = app("abort", 2, 1);
        app.analyze(app.fullRequest("run1"));
        SegmentProgress progress = app.migrator().migrate("run1", "AppPreferences", 0, 1, Deadline.in(60_000));
        assertThat(progress).isEqualTo(new SegmentProgress(true, 2, 2, 0));
        assertThat(app.artifacts.list(RunLayout.journal("run1"))).containsExactly(
                RunLayout.journalEntry("run1", "AppPreferences", 0, 0));
        assertThat(checkpoint(app, "run1", "AppPreferences", 0).nextSeq()).isEqualTo(2);
    }

    @Test
    void doneSegment_returnsAtOnce_withoutScanning() {
        SampleMigration app = app("abort", 10, 1);
        app.analyze(app.fullRequest("run1"));
        SegmentProgress first = app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000));
        int scans = app.items.calls(InMemoryItemStore.Operation.SCAN);
        int writes = app.items.writeCalls().size();
        SegmentProgress again = app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000));
        assertThat(again).isEqualTo(first);
        assertThat(app.items.calls(InMemoryItemStore.Operation.SCAN)).isEqualTo(scans);
        assertThat(app.items.writeCalls()).hasSize(writes);
    }

    @Test
    void crashAfterKItems_thenANewCall_resumes_andTheEndResultIsExact() {
        SampleMigration app = app("abort", 2, 1);
        AtomicBoolean crashed = new AtomicBoolean();
        app.faults = (runId, model, segment, written) -> {
            if (model.equals("Contacts") && written >= 3 && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated crash before a batch");
            }
        };
        var before = app.items.items(target("Contacts"));
        app.analyze(app.fullRequest("run1"));
        assertThatThrownBy(() -> app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)))
                .hasMessage("simulated crash before a batch");
        assertThat(checkpoint(app, "run1", "Contacts", 0).itemsWritten()).isEqualTo(4);
        SegmentProgress progress = app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000));
        assertThat(progress).isEqualTo(new SegmentProgress(true, 7, 7, 0));
        assertMigrated(app, "Contacts", before);
        assertEveryPutWasTheFinalContent(app, "Contacts");
        Map<String, JournalRecord> journal = app.journal("run1", "Contacts");
        Set<String> written = new HashSet<>();
        app.items.writesTo(target("Contacts")).forEach(w ->
                written.add(DynamoJson.item(item("id", w.putRequest().item().get("id"))).toString()));
        assertThat(journal.keySet()).containsExactlyInAnyOrderElementsOf(written);
        assertThat(journal.values()).allMatch(r -> r.action() == JournalRecord.Action.CREATED);
        assertThat(written).hasSize(7);
        // The pages redone after the crash are in the checkpoint's digest of what was read once, as the analysis took it.
        assertSourceReadOnceAsAnalysed(app, "Contacts", 7);
    }

    /** The segment's checkpoint took the digest of every source item once: the analysis's, over as many items. */
    private static void assertSourceReadOnceAsAnalysed(SampleMigration app, String model, long items) {
        Analysis analysis = app.artifacts.json(RunLayout.analysis("run1"), Analysis.class);
        String analysed = analysis.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow().sourceDigest();
        assertThat(checkpoint(app, "run1", model, 0).sourceRead()).hasValueSatisfying(read -> {
            assertThat(read.hex()).isEqualTo(analysed);
            assertThat(read.count()).isEqualTo(items);
        });
    }

    @Test
    void pagesThatShrinkAfterACrashBeforeTheCheckpoint_countInTheSourceDigestOnce() {
        SampleMigration app = app("abort", 3, 1);
        app.analyze(app.fullRequest("run1"));
        AtomicInteger pages = new AtomicInteger();
        app.faults = new FaultInjector() {
            @Override
            public void beforeBatch(String runId, String model, int segment, long written) {}

            @Override
            public void afterBatch(String runId, String model, int segment, long written) {
                if (pages.incrementAndGet() == 2) {
                    throw new IllegalStateException("killed before the checkpoint");
                }
            }
        };
        assertThatThrownBy(() -> app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)))
                .hasMessage("killed before the checkpoint");
        app.faults = FaultInjector.NONE;
        // The next invocations read pages of one item, each out of time at once: the redone items come in other pages.
        SegmentMigrator small = new SegmentMigrator(app.items, app.artifacts, app.writePool, FaultInjector.NONE, 1,
                new WriteWindows(4, 500));
        SegmentProgress progress;
        int calls = 0;
        do {
            progress = small.migrate("run1", "Contacts", 0, 1, Deadline.in(0));
        } while (!progress.done() && ++calls < 100);
        assertThat(progress.done()).isTrue();
        assertSourceReadOnceAsAnalysed(app, "Contacts", 7);
    }

    @Test
    void failureReadingTheNextPage_isThrownOnlyOnceThisPagesBatchesAreWritten() throws Exception {
        SampleMigration app = app("abort", 2, 1);
        var before = app.items.items(target("Contacts"));
        app.analyze(app.fullRequest("run1"));
        // Every write thread is busy for a while, so the first page's batches wait in the pool's queue
        // while the second page is read, and that read fails.
        CountDownLatch busy = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            var unused = app.writePool.submit(() -> {
                busy.await(300, TimeUnit.MILLISECONDS);
                return null;
            });
        }
        app.items.failOn(InMemoryItemStore.Operation.SCAN, source("Contacts"), 1, 1);
        assertThatThrownBy(() -> app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(StoreUnavailableException.class);
        // Nothing of this task is still on its way when the failure is reported: a rollback that follows sees it all.
        assertThat(app.items.items(target("Contacts"))).hasSize(before.size() + 2);
        assertThat(app.artifacts.keys()).contains(RunLayout.journalEntry("run1", "Contacts", 0, 0));
        assertThat(app.artifacts.contains(RunLayout.checkpoint("run1", "Contacts", 0))).isFalse();
        SegmentProgress progress = app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000));
        assertThat(progress).isEqualTo(new SegmentProgress(true, 7, 7, 0));
        assertMigrated(app, "Contacts", before);
        assertEveryPutWasTheFinalContent(app, "Contacts");
    }

    @Test
    void storeFailureHalfWayThroughAPage_thenResume_keepsTheFirstAttemptsPreImages() {
        SampleMigration app = app("overwrite", 30, 1);
        List<Map<String, AttributeValue>> extra = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            extra.add(item("id", s(String.format("x%02d", i)), "n", n(Integer.toString(i))));
        }
        app.items.putAll(source("Properties"), extra);
        // Five targets already hold other content at mapped keys: the run overwrites them.
        Map<String, Map<String, AttributeValue>> originals = new HashMap<>();
        for (int i = 0; i < 40; i += 8) {
            Map<String, AttributeValue> original = item("id", s(app.newId("Properties", String.format("x%02d", i))),
                    "n", s("production value " + i));
            originals.put(DynamoJson.item(item("id", original.get("id"))).toString(), original);
            app.items.put(target("Properties"), original);
        }
        app.analyze(app.fullRequest("run1"));
        // The first page has 30 items: two BatchWriteItem calls (25 + 5); the second one fails.
        app.items.failWriteCall(2);
        assertThatThrownBy(() -> app.migrator().migrate("run1", "Properties", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(app.items.writesTo(target("Properties"))).isNotEmpty();
        SegmentProgress progress = app.migrator().migrate("run1", "Properties", 0, 1, Deadline.in(60_000));
        assertThat(progress).isEqualTo(new SegmentProgress(true, 43, 43, 0));
        assertMigrated(app, "Properties", List.of());
        Map<String, JournalRecord> journal = app.journal("run1", "Properties");
        assertThat(journal).hasSize(43);
        originals.forEach((key, original) -> {
            JournalRecord record = journal.get(key);
            assertThat(record.action()).isEqualTo(JournalRecord.Action.OVERWRITTEN);
            assertThat(DynamoJson.item(record.preImage())).isEqualTo(original);
        });
        assertThat(journal.values().stream().filter(r -> r.action() == JournalRecord.Action.CREATED)).hasSize(38);
    }

    @Test
    void overwrite_replacesExistingItems_andJournalsTheirPreImages() {
        SampleMigration app = app("overwrite", 2, 3);
        Map<String, AttributeValue> existing = item("id", s(app.newId("Contacts", "c2")), "name", s("Prod Bo"), "n", n("1"));
        app.items.put(target("Contacts"), existing);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        assertMigrated(app, "Contacts", List.of(item("id", s("prod-only-contact"), "name", s("Prod"))));
        JournalRecord record = app.journal("run1", "Contacts").get(DynamoJson.item(item("id", existing.get("id"))).toString());
        assertThat(record.action()).isEqualTo(JournalRecord.Action.OVERWRITTEN);
        assertThat(record.sourceId()).isEqualTo("c2");
        assertThat(DynamoJson.item(record.preImage())).isEqualTo(existing);
        assertThat(app.journal("run1", "Contacts").values()).filteredOn(r -> r.action() == JournalRecord.Action.CREATED).hasSize(6);
    }

    @Test
    void skip_leavesExistingItems_andCountsThem() {
        SampleMigration app = app("skip", 2, 1);
        Map<String, AttributeValue> existing = item("id", s(app.newId("Contacts", "c2")), "name", s("Prod Bo"));
        app.items.put(target("Contacts"), existing);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        assertThat(app.items.item(target("Contacts"), item("id", existing.get("id")))).contains(existing);
        Checkpoint c = checkpoint(app, "run1", "Contacts", 0);
        assertThat(c.itemsRead()).isEqualTo(7);
        assertThat(c.itemsWritten()).isEqualTo(6);
        assertThat(c.itemsSkipped()).isEqualTo(1);
        JournalRecord record = app.journal("run1", "Contacts").get(DynamoJson.item(item("id", existing.get("id"))).toString());
        assertThat(record.action()).isEqualTo(JournalRecord.Action.SKIPPED);
        assertThat(app.items.writesTo(target("Contacts"))).noneMatch(w -> w.putRequest().item().get("id").equals(existing.get("id")));
        assertThat(app.items.count(target("Contacts"))).isEqualTo(8);
    }

    /** A live application writes an AppPreferences item (preserved IDs) after analysis, just before the batch. */
    private static Map<String, AttributeValue> arrivesLate(SampleMigration app) {
        Map<String, AttributeValue> sourceItem = app.items.items(source("AppPreferences")).get(0);
        Map<String, AttributeValue> late = item("id", sourceItem.get("id"), "theme", s("written by the live app"));
        AtomicBoolean arrived = new AtomicBoolean();
        app.faults = (runId, model, segment, written) -> {
            if (model.equals("AppPreferences") && arrived.compareAndSet(false, true)) {
                app.items.put(target("AppPreferences"), late);
            }
        };
        return late;
    }

    @Test
    void underSkip_anItemThatAppearsAfterAnalysis_isLeftAsItIs_countedLate_andRollbackLeavesIt() {
        SampleMigration app = app("skip", 2, 1);
        RunState state = app.analyze(app.fullRequest("run1"));
        Map<String, AttributeValue> late = arrivesLate(app);
        app.migrate(state, 60_000);

        Map<String, AttributeValue> key = item("id", late.get("id"));
        assertThat(app.items.item(target("AppPreferences"), key)).contains(late);
        Checkpoint c = checkpoint(app, "run1", "AppPreferences", 0);
        assertThat(c.lateArrivals()).isEqualTo(1);
        assertThat(c.itemsSkipped()).isEqualTo(1);
        assertThat(c.itemsWritten()).isEqualTo(c.itemsRead() - 1);
        assertThat(app.journal("run1", "AppPreferences").get(DynamoJson.item(key).toString()).action())
                .isEqualTo(JournalRecord.Action.LATE);
        assertThat(app.validate("run1", "v1").passed()).as("validation knows the late item was skipped").isTrue();

        app.rollBack("run1", "rb1");
        assertThat(app.items.items(target("AppPreferences"))).containsExactly(late);
    }

    @Test
    void underAbort_anItemThatAppearsAfterAnalysis_failsTheSegmentNamingIt_andRollbackLeavesIt() {
        SampleMigration app = app("abort", 2, 1);
        var targetBefore = app.snapshot(app.targetTables());
        RunState state = app.analyze(app.fullRequest("run1"));
        Map<String, AttributeValue> late = arrivesLate(app);

        assertThatThrownBy(() -> app.migrate(state, 60_000)).isInstanceOf(LateArrivalException.class)
                .hasMessageStartingWith("table AppPreferences: 1 item(s) appeared in target table " + target("AppPreferences")
                        + " after analysis, at keys this run was writing (first: id=" + late.get("id").s() + ")")
                .hasMessageEndingWith("stop it and run again, or set onConflict to skip");
        assertThat(app.items.item(target("AppPreferences"), item("id", late.get("id")))).contains(late);

        app.rollBack("run1", "rb1");
        assertThat(app.items.items(target("AppPreferences"))).containsExactly(late);
        targetBefore.remove(target("AppPreferences"));
        assertThat(app.snapshot(app.targetTables())).containsAllEntriesOf(targetBefore);
    }

    @Test
    void aRewrittenPage_findsItsOwnEarlierWrites_andCountsThemWritten_notLate() {
        SampleMigration app = app("abort", 2, 1);
        RunState state = app.analyze(app.fullRequest("run1"));
        // The checkpoint is lost after the batch: the next call rewrites the page over its own items.
        AtomicBoolean crashed = new AtomicBoolean();
        app.faults = new FaultInjector() {
            @Override
            public void beforeBatch(String runId, String model, int segment, long written) {}

            @Override
            public void afterBatch(String runId, String model, int segment, long written) {
                if (model.equals("AppPreferences") && crashed.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected crash before the checkpoint");
                }
            }
        };
        assertThatThrownBy(() -> app.migrate(state, 60_000)).hasMessage("injected crash before the checkpoint");
        app.migrate(state, 60_000);

        Checkpoint c = checkpoint(app, "run1", "AppPreferences", 0);
        assertThat(c.lateArrivals()).isZero();
        assertThat(c.itemsWritten()).isEqualTo(c.itemsRead());
        assertMigrated(app, "AppPreferences", List.of());
    }

    @Test
    void aSegmentAnotherInvocationStillWrites_isNotWrittenBeside_untilThatLeaseIsGone() {
        SampleMigration app = app("abort", 2, 1);
        RunState state = app.analyze(app.fullRequest("run1"));
        // An invocation of a stopped execution, still finishing its page of Contacts segment 0.
        WriterFence.Lease stopped = new WriterFence(app.artifacts).enter("run1", "Contacts", 0, Instant.now().plusSeconds(600));

        SegmentProgress waited = app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(1_500));

        assertThat(waited.done()).isFalse();
        assertThat(waited.itemsWritten()).isZero();
        assertThat(app.items.writesTo(target("Contacts"))).isEmpty();
        assertThat(app.artifacts.get(RunLayout.checkpoint("run1", "Contacts", 0))).as("no stall recorded").isEmpty();

        new WriterFence(app.artifacts).leave(stopped);
        app.migrate(state, 60_000);
        assertThat(checkpoint(app, "run1", "Contacts", 0).done()).isTrue();
        assertMigrated(app, "Contacts", List.of(app.items.items(target("Contacts")).stream()
                .filter(item -> item.get("id").s().startsWith("prod-")).findFirst().orElseThrow()));
    }

    /**
     * After {@code dmig stop} on AWS, the stopped execution's invocation finishes its page while the resumed
     * execution calls the same segment. Were they to write side by side, the stopped one would find the
     * resumed one's items in the target and journal them as pre-images under {@code overwrite}: rollback
     * would then put the run's own items back instead of deleting them.
     */
    @Test
    void aStoppedInvocationStillWriting_andTheResumedOne_neverWriteOneSegmentTogether_soRollbackIsExact() throws Exception {
        SampleMigration app = app("overwrite", 2, 1);
        var targetBefore = app.snapshot(app.targetTables());
        app.analyze(app.fullRequest("run1"));
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        app.faults = (runId, model, segment, written) -> {
            if (batches.incrementAndGet() == 2) {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        SegmentMigrator stopped = app.migrator();
        // The resumed invocation's fence says when it has seen the stopped one's lease beside its own.
        CountDownLatch sawTheOther = new CountDownLatch(1);
        ArtifactStore watched = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public List<String> list(String prefix) {
                List<String> keys = super.list(prefix);
                if (prefix.equals(RunLayout.writers("run1") + "Contacts/0/") && keys.size() > 1) {
                    sawTheOther.countDown();
                }
                return keys;
            }
        };
        SegmentMigrator resumed = new SegmentMigrator(app.items, app.artifacts, new WriterFence(watched), app.writePool,
                FaultInjector.NONE, app.settings.pageSize(), new WriteWindows(app.settings.writeConcurrency(),
                app.settings.throttlePatienceMillis()));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> stopped.migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)));
            assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue();
            var second = pool.submit(() -> resumed.migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)));
            assertThat(sawTheOther.await(30, TimeUnit.SECONDS)).as("the resumed invocation met the stopped one's lease").isTrue();
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).done()).isTrue();
            assertThat(second.get(30, TimeUnit.SECONDS).done()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(app.journal("run1", "Contacts").values()).filteredOn(r -> r.action() == JournalRecord.Action.OVERWRITTEN)
                .extracting(JournalRecord::sourceId).as("no item was at the mapped keys before the run").isEmpty();

        app.rollBack("run1", "rb1");
        assertThat(app.snapshot(app.targetTables())).isEqualTo(targetBefore);
    }

    @Test
    void storeFailureHalfWayThroughAPage_underSkip_countsTheRunsOwnWritesAsWrittenNotSkipped() {
        SampleMigration app = app("skip", 30, 1);
        List<Map<String, AttributeValue>> extra = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            extra.add(item("id", s(String.format("x%02d", i))));
        }
        app.items.putAll(source("Properties"), extra);
        app.analyze(app.fullRequest("run1"));
        app.items.failWriteCall(2);
        assertThatThrownBy(() -> app.migrator().migrate("run1", "Properties", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(StoreUnavailableException.class);
        SegmentProgress progress = app.migrator().migrate("run1", "Properties", 0, 1, Deadline.in(60_000));
        assertThat(progress).isEqualTo(new SegmentProgress(true, 43, 43, 0));
        assertThat(app.journal("run1", "Properties").values()).hasSize(43).allMatch(r -> r.action() == JournalRecord.Action.CREATED);
        assertMigrated(app, "Properties", List.of());
    }

    @Test
    void checkpointLostAfterTheBatch_resumeRewritesThePage_andRollbackStillRestoresTheOriginals() {
        SampleMigration app = app("overwrite", 2, 1);
        Map<String, AttributeValue> original = item("id", s(app.newId("Contacts", "c1")), "name", s("production's c1"));
        app.items.put(target("Contacts"), original);
        var before = app.snapshot(app.targetTables());
        app.analyze(app.fullRequest("run1"));
        // The first page (c1, c2) is journaled and written, then saving its checkpoint fails.
        java.util.concurrent.atomic.AtomicInteger checkpointPuts = new java.util.concurrent.atomic.AtomicInteger();
        app.artifacts.failPuts(key -> key.contains("/checkpoints/") && checkpointPuts.incrementAndGet() == 1);
        assertThatThrownBy(() -> app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(app.items.item(target("Contacts"), item("id", original.get("id")))).isNotEqualTo(java.util.Optional.of(original));
        app.artifacts.clearFaults();
        assertThat(app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)))
                .isEqualTo(new SegmentProgress(true, 7, 7, 0));
        JournalRecord record = app.journal("run1", "Contacts").get(DynamoJson.item(item("id", original.get("id"))).toString());
        assertThat(record.action()).isEqualTo(JournalRecord.Action.OVERWRITTEN);
        assertThat(DynamoJson.item(record.preImage())).isEqualTo(original);
        for (String model : List.of("Properties", "Requests", "AppPreferences")) {
            app.migrator().migrate("run1", model, 0, 1, Deadline.in(60_000));
        }
        assertThat(app.rollBack("run1", "exec-rb").complete()).isTrue();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void aKeyBuiltByAPattern_isWrittenOnlyIfAbsent_likeAnyKeyAnApplicationCanAlsoBuild() {
        var plan = dev.dmig.plan.PlanParser.parse("""
                {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"},
                 "tables": {"Plain": {}, "App": {"idAttribute": "PK", "references": {"PK": {"pattern": "ORG#{id}", "id": "App"}}}}}""");
        var hash = new dev.dmig.store.TableInfo.KeyAttribute("id", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S);
        var pk = new dev.dmig.store.TableInfo.KeyAttribute("PK", software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S);
        assertThat(SegmentMigrator.writesIfAbsent(new ItemTransformer(plan), "Plain", new dev.dmig.store.TableInfo("Plain-prod", hash, null, List.of(), 0, 0,
                null, null))).isFalse();
        assertThat(SegmentMigrator.writesIfAbsent(new ItemTransformer(plan), "App", new dev.dmig.store.TableInfo("App-prod", pk, null, List.of(), 0, 0,
                null, null))).isTrue();
    }
}
