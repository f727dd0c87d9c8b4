package dev.dmig.rollback;

import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFencedException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.run.WriterFence;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.Sleeper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On Step Functions a failed Map moves on to Rollback while sibling segment tasks still write. The
 * rollback must stop them, wait for the page each is writing, and undo everything they wrote.
 */
class RollbackRacingWritersTest {
    private final SampleMigration app = new SampleMigration("abort", 2, 1);

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void rollback_waitsForAWriterMidPage_thenUndoesThatPageToo() throws Exception {
        var before = app.snapshot(app.targetTables());
        RunState state = app.analyze(app.fullRequest("run1"));
        assertThat(state.levels()).isNotEmpty();
        CountDownLatch midway = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        app.faults = new FaultInjector() {
            @Override
            public void beforeBatch(String runId, String model, int segment, long written) {
                // The third page of Contacts is journaled and about to be written when the rollback starts.
                if (written >= 2) {
                    midway.countDown();
                    await(release);
                }
            }
        };
        CompletableFuture<Void> writer = CompletableFuture.runAsync(
                () -> app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)));
        assertThat(midway.await(10, TimeUnit.SECONDS)).isTrue();

        // The rollback's waits between looks at the leases: the first says it found the writer's; each lasts until the
        // writer has ended.
        CountDownLatch rollbackWaits = new CountDownLatch(1);
        CountDownLatch writerEnded = new CountDownLatch(1);
        var unused = writer.whenComplete((done, failed) -> writerEnded.countDown());
        Sleeper untilTheWriterEnds = millis -> {
            rollbackWaits.countDown();
            await(writerEnded);
        };
        CompletableFuture<RollbackProgress> rollback = CompletableFuture.supplyAsync(() -> new Rollback(app.items, app.artifacts,
                app.writePool, app.scanPool, app.settings, untilTheWriterEnds).rollBack("run1", "exec-rb", null, Deadline.in(20_000)));
        assertThat(rollbackWaits.await(20, TimeUnit.SECONDS)).as("the rollback waits while a writer holds its lease").isTrue();
        assertThat(rollback).isNotDone();
        assertThat(app.artifacts.contains(RunLayout.fence("run1"))).isTrue();
        release.countDown();

        assertThatThrownBy(writer::join).hasCauseInstanceOf(RunFencedException.class)
                .hasMessageContaining("run run1 is being rolled back: segment 0 of table Contacts stopped before writing more");
        RollbackProgress progress = rollback.get(20, TimeUnit.SECONDS);
        assertThat(progress.done()).isTrue();
        assertThat(progress.complete()).isTrue();
        assertThat(progress.deleted()).as("the three pages written, the last after the rollback began").isEqualTo(6);
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        assertThat(app.artifacts.list(RunLayout.writers("run1"))).isEmpty();
    }

    @Test
    void aWriterThatStartsAfterTheFence_writesNothing() {
        var before = app.snapshot(app.targetTables());
        app.analyze(app.fullRequest("run1"));
        new WriterFence(app.artifacts).raise("run1", "exec-rb");

        assertThatThrownBy(() -> app.migrator().migrate("run1", "Contacts", 0, 1, Deadline.in(60_000)))
                .isInstanceOf(RunFencedException.class);
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        assertThat(app.artifacts.list(RunLayout.journal("run1"))).isEmpty();
        assertThat(app.artifacts.list(RunLayout.writers("run1"))).as("the lease is given back").isEmpty();
    }

    @Test
    void aLeaseWhoseInvocationEndedLongAgo_doesNotHoldTheRollback() {
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        // A Lambda stopped at its timeout never gives its lease back.
        new WriterFence(app.artifacts).enter("run1", "Contacts", 0,
                Instant.now().minus(WriterFence.IN_FLIGHT_GRACE).minusSeconds(1));

        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(progress.complete()).isTrue();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void aLiveLease_keepsTheRollbackFromUndoing_untilItsDeadlinePasses() {
        app.fullRun("run1");
        var written = app.snapshot(app.targetTables());
        new WriterFence(app.artifacts).enter("run1", "Contacts", 0, Instant.now().plusSeconds(600));

        RollbackProgress progress = app.rollback().rollBack("run1", "exec-rb", null, Deadline.in(0));

        assertThat(progress.done()).isFalse();
        assertThat(progress.writers()).isEqualTo(1);
        assertThat(app.snapshot(app.targetTables())).as("nothing undone while a writer may still write").isEqualTo(written);
    }

    @Test
    void aLiveLeaseOfALocalProcessThatIsGone_doesNotHoldTheRollback() throws Exception {
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        // A dmig process on this machine, killed mid-run: its lease names it, and it no longer runs.
        Process gone = new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
        String start = gone.info().startInstant().orElseThrow().toString();
        gone.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        app.artifacts.putJson(RunLayout.writer("run1", "Contacts", 0, "killed"), new WriterFence.Writer("Contacts", 0, "killed",
                Instant.now().toString(), Instant.now().plusSeconds(600).toString(), gone.pid() + "@" + host + "@" + start));

        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(progress.complete()).isTrue();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void aLeaseOfALambdaOrAnotherMachine_holdsUntilItExpires_whateverRunsHere() {
        app.fullRun("run1");
        long pid = ProcessHandle.current().pid();
        WriterFence.forLambda(app.artifacts).enter("run1", "Contacts", 0, Instant.now().plusSeconds(600));
        app.artifacts.putJson(RunLayout.writer("run1", "Contacts", 0, "elsewhere"), new WriterFence.Writer("Contacts", 0,
                "elsewhere", Instant.now().toString(), Instant.now().plusSeconds(600).toString(), (pid + 1_000_000) + "@another-host@"
                        + Instant.EPOCH));

        RollbackProgress progress = app.rollback().rollBack("run1", "exec-rb", null, Deadline.in(0));

        assertThat(progress.done()).isFalse();
        assertThat(progress.writers()).isEqualTo(2);
    }

    @Test
    void entriesThatAppearAfterTheJournalWasListed_areUndoneToo() {
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        String lateId = app.newId("Contacts", "late");
        AtomicBoolean added = new AtomicBoolean();
        // Whatever wrote it, an entry that shows up once the rollback has listed its segment of the journal is found by the
        // next listing.
        ArtifactStore artifacts = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public List<String> list(String prefix) {
                List<String> keys = super.list(prefix);
                if (prefix.equals(RunLayout.journal("run1", "Contacts", 0)) && added.compareAndSet(false, true)) {
                    lateWrite("Contacts", lateId);
                }
                return keys;
            }
        };
        RollbackProgress progress = new Rollback(app.items, artifacts, app.writePool, app.scanPool, app.settings, Sleeper.REAL)
                .rollBack("run1", "exec-rb", null, Deadline.in(60_000));

        assertThat(added).isTrue();
        assertThat(progress.done()).isTrue();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        assertThat(app.artifacts.json(RunLayout.rollback("run1"), RollbackResult.class).entries())
                .isEqualTo(app.artifacts.list(RunLayout.journal("run1")).size());
    }

    @Test
    void anEntryAddedToASegmentAlreadyUndone_isFoundByTheLastListing_andUndone() {
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        String lateId = app.newId("Requests", "late");
        AtomicBoolean added = new AtomicBoolean();
        // Requests (the children) are undone first; while the rollback reaches Contacts, an entry lands in Requests.
        ArtifactStore artifacts = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public List<String> list(String prefix) {
                if (prefix.startsWith(RunLayout.journal("run1") + "Contacts/") && added.compareAndSet(false, true)) {
                    lateWrite("Requests", lateId);
                }
                return super.list(prefix);
            }
        };
        RollbackProgress progress = new Rollback(app.items, artifacts, app.writePool, app.scanPool, app.settings, Sleeper.REAL)
                .rollBack("run1", "exec-rb", null, Deadline.in(60_000));

        assertThat(added).isTrue();
        assertThat(progress.done()).isTrue();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        RollbackResult result = app.artifacts.json(RunLayout.rollback("run1"), RollbackResult.class);
        assertThat(result.entries()).isEqualTo(app.artifacts.list(RunLayout.journal("run1")).size());
        assertThat(progress.deleted()).as("each created key counted once, the late one too").isEqualTo(18);
    }

    /** A writer that outlived its lease: journals one created item in segment 0 of {@code model}, then writes it. */
    private void lateWrite(String model, String id) {
        JournalRecord record = new JournalRecord(JournalRecord.Action.CREATED, DynamoJson.item(item("id", s(id))), "late", null);
        app.artifacts.putGzipJson(RunLayout.journalEntry("run1", model, 0, 99),
                new JournalEntry("run1", model, target(model), 0, 99, "full", List.of(record)));
        app.items.put(target(model), item("id", s(id), "name", s("Late")));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
