package dev.dmig.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.journal.IdMapExport;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.CheckpointTotals;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FinalizerTest {
    private final SampleMigration app = new SampleMigration("skip", 2, 3);

    @AfterEach
    void close() {
        app.close();
    }

    /** The sample's artifacts, noting each read of one of the run's checkpoints in {@code reads}. */
    private dev.dmig.store.ArtifactStore countingCheckpointReads(String runId, List<String> reads) {
        return new dev.dmig.store.ForwardingArtifactStore(app.artifacts) {
            @Override
            public java.util.Optional<byte[]> get(String key) {
                if (key.startsWith(RunLayout.checkpoints(runId))) {
                    reads.add(key);
                }
                return super.get(key);
            }
        };
    }

    private RunReport report(String runId) {
        return app.artifacts.json(RunLayout.report(runId), RunReport.class);
    }

    /**
     * A run under skip over records already in the target: its report says how many of them differ from the source (one
     * production changed), not only that they were already there, which reads as "already migrated".
     */
    @Test
    void aRunUnderSkip_overRecordsAlreadyInTheTarget_saysHowManyOfThemDifferFromTheSource() {
        dev.dmig.migrate.ItemTransformer transformer = new dev.dmig.migrate.ItemTransformer(app.plan());
        for (String id : List.of("c2", "c3")) {
            java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> copy = new java.util.HashMap<>(
                    transformer.transform("Contacts", app.items.item(SampleMigration.source("Contacts"),
                            dev.dmig.store.Items.item("id", dev.dmig.store.Items.s(id))).orElseThrow()));
            if (id.equals("c3")) {
                copy.put("name", dev.dmig.store.Items.s("changed in production"));
            }
            app.items.put(SampleMigration.target("Contacts"), copy);
        }
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);

        RunReport report = report("run1");
        RunReport.TableRow contacts = report.tables().stream().filter(t -> t.model().equals("Contacts")).findFirst().orElseThrow();
        assertThat(contacts.differing()).isEqualTo(1);
        assertThat(report.totals().describe()).endsWith(", 2 already in the target (left as they are; 1 of them different from"
                + " the source)");
    }

    /** The ID map lists the records the run wrote: not production's own record it left at a mapped key (skip). */
    @Test
    void theIdMap_leavesOutAKeyTheRunLeftToProduction() {
        String c7 = app.newId("Contacts", "c7");
        app.items.put(SampleMigration.target("Contacts"), dev.dmig.store.Items.item("id", dev.dmig.store.Items.s(c7),
                "name", dev.dmig.store.Items.s("production's own")));
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);

        app.finalizer().exportIdMaps("run1", Deadline.in(60_000));

        String map = app.artifacts.text(RunLayout.idMap("run1", "Contacts"));
        assertThat(map).contains("c1," + app.newId("Contacts", "c1")).doesNotContain(c7);
        assertThat(app.artifacts.json(RunLayout.idMapIndex("run1"), IdMapExport.Index.class).stored()).containsEntry("Contacts", 6L);
    }

    @Test
    void succeededRun_exportIdMaps_storesEveryModelsIdMap_andListsThemInTheIndex() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        assertThat(app.artifacts.get(RunLayout.idMapIndex("run1"))).as("Finalize itself exports nothing").isEmpty();

        Finalizer.IdMapsExported exported = app.finalizer().exportIdMaps("run1", Deadline.in(60_000));

        assertThat(exported.done()).isTrue();
        IdMapExport.Index index = app.artifacts.json(RunLayout.idMapIndex("run1"), IdMapExport.Index.class);
        assertThat(index.notStored()).isEmpty();
        assertThat(index.pending()).isEmpty();
        assertThat(index.stored()).containsEntry("Contacts", 7L);
        assertThat(app.artifacts.text(RunLayout.idMap("run1", "Contacts"))).startsWith("old_id,new_id\n");
    }

    @Test
    void exportIdMaps_storesTheMapsAfterTheCallsFirstSeveralAtOnce_andWritesTheIndexOncePerGroup() throws Exception {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        // Each map's upload after the first goes with another if it can (dev.dmig.store.InFlight).
        java.util.concurrent.atomic.AtomicInteger uploads = new java.util.concurrent.atomic.AtomicInteger();
        dev.dmig.store.InFlight maps = new dev.dmig.store.InFlight(2);
        List<String> indexWrites = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.dmig.store.ArtifactStore store = new dev.dmig.store.ForwardingArtifactStore(app.artifacts) {
            @Override
            public void put(String key, byte[] body, String contentType) {
                if (key.equals(RunLayout.idMapIndex("run1"))) {
                    indexWrites.add(key);
                    super.put(key, body, contentType);
                } else if (key.startsWith(RunLayout.idMapIndex("run1").replace("index.json", "")) && uploads.incrementAndGet() > 1) {
                    maps.during(() -> {
                        super.put(key, body, contentType);
                        return key;
                    });
                } else {
                    super.put(key, body, contentType);
                }
            }
        };

        Finalizer.IdMapsExported exported = new Finalizer(store).exportIdMaps("run1", Deadline.in(60_000));

        assertThat(exported.done()).isTrue();
        assertThat(exported.stored()).isEqualTo(4);
        assertThat(maps.most()).as("maps stored at once after the call's first").isGreaterThanOrEqualTo(2);
        assertThat(indexWrites).as("the index after the first map, then after the other three together").hasSize(2);
        IdMapExport.Index index = app.artifacts.json(RunLayout.idMapIndex("run1"), IdMapExport.Index.class);
        assertThat(index.stored()).containsOnlyKeys(SampleMigration.MIGRATED);
        assertThat(index.pending()).isEmpty();
    }

    @Test
    void theReport_readsWhatEachStepStored_sideBySide() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        dev.dmig.store.InFlight steps = new dev.dmig.store.InFlight(2);
        dev.dmig.store.ArtifactStore store = new dev.dmig.store.ForwardingArtifactStore(app.artifacts) {
            @Override
            public java.util.Optional<byte[]> get(String key) {
                boolean step = key.equals(RunLayout.analysis("run1")) || key.equals(RunLayout.validation("run1"));
                return step ? steps.during(() -> super.get(key)) : super.get(key);
            }
        };

        new Finalizer(store).finish("run1", "succeeded", null);

        assertThat(steps.most()).as("the analysis and the validation read at once").isEqualTo(2);
        RunReport report = report("run1");
        assertThat(report.status()).isEqualTo("succeeded");
        assertThat(report.analysis()).isNotNull();
        assertThat(report.validation()).isNotNull();
    }

    @Test
    void exportIdMaps_withNoTimeLeft_takesOneModelPerCall_untilDone_andSaysHowToWriteThem() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        FinalizeResult result = app.finalizer().finish("run1", "succeeded", null);
        assertThat(result.verdict()).isEqualTo("succeeded");
        assertThat(report("run1").status()).isEqualTo("succeeded");
        assertThat(app.artifacts.get(RunLayout.reportHtml("run1"))).isPresent();

        List<Finalizer.IdMapsExported> calls = new ArrayList<>();
        do {
            calls.add(app.finalizer().exportIdMaps("run1", Deadline.in(0)));
        } while (!calls.get(calls.size() - 1).done() && calls.size() < 100);

        assertThat(calls).hasSize(4).extracting(Finalizer.IdMapsExported::pending).containsExactly(3, 2, 1, 0);
        assertThat(app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class).status()).isEqualTo(RunStatus.SUCCEEDED);
        IdMapExport.Index index = app.artifacts.json(RunLayout.idMapIndex("run1"), IdMapExport.Index.class);
        assertThat(index.stored()).isEmpty();
        assertThat(index.notStored()).hasSize(4).containsEntry("Contacts",
                "did not fit in one invocation of ExportIdMaps; dmig idmap --run run1 --table Contacts writes it");
        assertThat(app.artifacts.get(RunLayout.idMap("run1", "Contacts"))).isEmpty();
    }

    @Test
    void finalizeOutOfTime_talliesATablePerCall_andGoesOnFromWhatItKept_untilTheRunIsRecorded() {
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        List<String> checkpointReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.dmig.store.ArtifactStore counting = countingCheckpointReads("run1", checkpointReads);

        List<FinalizeResult> calls = new ArrayList<>();
        do {
            calls.add(new Finalizer(counting).finish("run1", "exec-run1", "succeeded", null, Deadline.in(0)));
            if (!calls.get(calls.size() - 1).done()) {
                assertThat(app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class).status()).as("not recorded yet")
                        .isEqualTo(RunStatus.VALIDATED);
            }
        } while (!calls.get(calls.size() - 1).done() && calls.size() < 20);

        assertThat(calls).extracting(FinalizeResult::done).containsExactly(false, false, false, true);
        assertThat(calls.get(3)).isEqualTo(new FinalizeResult("run1", "succeeded", "runs/run1/report.json"));
        assertThat(checkpointReads).as("each checkpoint read once over the four calls").hasSize(12).doesNotHaveDuplicates();
        RunManifest ended = app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class);
        assertThat(ended.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report("run1").totals()).isEqualTo(new Finalizer(app.artifacts).report(ended).totals());
        assertThat(report("run1").totals().itemsWritten()).isEqualTo(17);
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET)).isEmpty();
    }

    /** With time, the checkpoints of every table are listed once and read together, each once. */
    @Test
    void finalizeWithTime_listsTheRunsCheckpointsOnce_andReadsEachOnce() {
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        List<String> checkpointReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> listings = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.dmig.store.ArtifactStore counting = new dev.dmig.store.ForwardingArtifactStore(countingCheckpointReads("run1",
                checkpointReads)) {
            @Override
            public List<String> list(String prefix) {
                if (prefix.startsWith(RunLayout.checkpoints("run1"))) {
                    listings.add(prefix);
                }
                return super.list(prefix);
            }
        };

        FinalizeResult result = new Finalizer(counting).finish("run1", "exec-run1", "succeeded", null, Deadline.in(60_000));

        assertThat(result.done()).isTrue();
        assertThat(listings).containsExactly(RunLayout.checkpoints("run1"));
        assertThat(checkpointReads).hasSize(12).doesNotHaveDuplicates();
        assertThat(report("run1").totals().itemsWritten()).isEqualTo(17);
    }

    /** A run finalized across calls by two versions: what the earlier one kept of a table is taken as it is. */
    @Test
    void finalize_goesOnFromTalliesAnEarlierVersionKept_withoutReadingThatTablesCheckpoints() {
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        app.artifacts.put(RunLayout.finalizeTallies("run1", "exec-run1"), ("{\"tables\":{\"Contacts\":{\"read\":70,"
                + "\"written\":60,\"skipped\":10,\"first\":\"2026-01-01T00:00:00Z\",\"last\":\"2026-01-01T00:00:03Z\","
                + "\"unprocessedRetries\":2,\"sdkRetries\":4,\"lateArrivals\":1}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json");
        List<String> checkpointReads = new java.util.concurrent.CopyOnWriteArrayList<>();

        FinalizeResult result = new Finalizer(countingCheckpointReads("run1", checkpointReads))
                .finish("run1", "exec-run1", "succeeded", null, Deadline.in(60_000));

        assertThat(result.done()).isTrue();
        assertThat(checkpointReads).hasSize(9).noneMatch(key -> key.contains("/Contacts/"));
        RunManifest ended = app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class);
        assertThat(ended.progress().get("Contacts")).isEqualTo(new RunManifest.TableProgress(1, 70, 60, 10, 3000));
        assertThat(report("run1").tables()).filteredOn(row -> row.model().equals("Contacts"))
                .extracting(RunReport.TableRow::unprocessedRetries, RunReport.TableRow::sdkRetries, RunReport.TableRow::lateArrivals)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 4L, 1L));
        assertThat(report("run1").totals()).isEqualTo(new RunReport.Totals(4, 80, 70, 10, 2, 4, 1, 0, 0, LeftBehind.NONE, 0));
    }

    /**
     * Tallies kept by a version that counted a table's objects copied in a field of their own ({@code objects}): read as
     * the cargo's count, the report's row says them; this version keeps them among the cargo's counts.
     */
    @Test
    void finalize_readsTheObjectsCopied_fromTalliesKeptWithTheirOwnField() {
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        app.artifacts.put(RunLayout.finalizeTallies("run1", "exec-run1"), ("{\"tables\":{\"Contacts\":{\"read\":70,"
                + "\"written\":60,\"skipped\":10,\"first\":\"2026-01-01T00:00:00Z\",\"last\":\"2026-01-01T00:00:03Z\","
                + "\"objects\":5}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");

        assertThat(new Finalizer(app.artifacts).finish("run1", "exec-run1", "succeeded", null, Deadline.in(60_000)).done()).isTrue();

        assertThat(report("run1").tables()).filteredOn(row -> row.model().equals("Contacts"))
                .extracting(RunReport.TableRow::objectsCopied).containsExactly(5L);
        assertThat(report("run1").totals().objectsCopied()).isEqualTo(5);
        CheckpointTotals kept = dev.dmig.json.Json.read(dev.dmig.json.Json.bytes(CheckpointTotals.NONE), CheckpointTotals.class);
        assertThat(dev.dmig.json.Json.tree(dev.dmig.json.Json.bytes(kept.add(new Checkpoint("Contacts", 0, 1,
                null, 1, 1, 1, 0, 0, 0, 1, true, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 0, 0, 0, 0, null, null, 0, 2, null, null))))
                .get("cargo").toString()).isEqualTo("{\"objects\":2}");
    }

    /** The report counts, per table, the soft-deleted rows its segments left behind and the Storage files they copied. */
    @Test
    void report_takesTheRowsLeftBehindAndTheFilesCopied_fromTheCheckpoints() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        for (String key : app.artifacts.list(RunLayout.checkpoints("run1") + "Contacts/")) {
            com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode) dev.dmig.json.Json.tree(
                    app.artifacts.get(key).orElseThrow());
            c.put("itemsSkipped", c.get("itemsSkipped").asLong() + 2).put("itemsDropped", 2).put("objectsCopied", 3);
            app.artifacts.putJson(key, c);
        }

        app.finalizer().finish("run1", "succeeded", null);

        RunReport.TableRow contacts = report("run1").tables().stream().filter(row -> row.model().equals("Contacts")).findFirst().orElseThrow();
        assertThat(contacts.itemsDropped()).isEqualTo(6);
        assertThat(contacts.objectsCopied()).isEqualTo(9);
        assertThat(report("run1").totals().itemsDropped()).isEqualTo(6);
        assertThat(report("run1").totals().objectsCopied()).isEqualTo(9);
        // A count a version did not tell apart, said in the words of the reason it is kept under (DataStore's, with it).
        assertThat(report("run1").totals().describe()).isEqualTo("17 read, 17 written, "
                + dev.dmig.migrate.LeftBehind.of(6, null).counted().get(0).text());
    }

    /** A run that succeeded and is rolled back later took the time its own execution took, not the time until the rollback. */
    @Test
    void runRolledBackLater_keepsTheTimeItTook_inItsReport() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        // What the run's own Finalize found it took.
        com.fasterxml.jackson.databind.node.ObjectNode reported = (com.fasterxml.jackson.databind.node.ObjectNode) dev.dmig.json.Json.tree(
                app.artifacts.get(RunLayout.report("run1")).orElseThrow());
        app.artifacts.putJson(RunLayout.report("run1"), reported.put("seconds", 2.6));

        app.rollBack("run1", "exec-rb");
        app.finalizer().finish("run1", "rolled-back", null);

        assertThat(report("run1").status()).isEqualTo("rolled-back");
        assertThat(report("run1").seconds()).isEqualTo(2.6);
    }

    @Test
    void succeededFullRun_reportTotalsMatchTheCheckpoints() {
        app.items.put(SampleMigration.target("Contacts"), dev.dmig.store.Items.item("id",
                dev.dmig.store.Items.s(app.newId("Contacts", "c7")), "name", dev.dmig.store.Items.s("production's own")));
        app.fullRun("run1");
        assertThat(app.validate("run1", "exec-v").passed()).isTrue();
        List<String> checkpointReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.dmig.store.ArtifactStore counting = countingCheckpointReads("run1", checkpointReads);
        FinalizeResult result = new Finalizer(counting).finish("run1", "succeeded", null);
        assertThat(result).isEqualTo(new FinalizeResult("run1", "succeeded", "runs/run1/report.json"));
        // Progress and retries both come from one read of each checkpoint.
        assertThat(checkpointReads).hasSize(12).doesNotHaveDuplicates();
        checkpointReads.clear();
        RunManifest ended = app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class);
        // What `dmig report` shows of a run without a stored report: the same, from one read too.
        assertThat(new Finalizer(counting).report(ended).totals()).isEqualTo(report("run1").totals());
        assertThat(checkpointReads).hasSize(12);

        long read = 0;
        long written = 0;
        long skipped = 0;
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (String key : app.artifacts.list(RunLayout.checkpoints("run1"))) {
            checkpoints.add(app.artifacts.json(key, Checkpoint.class));
        }
        assertThat(checkpoints).hasSize(12);
        for (Checkpoint c : checkpoints) {
            read += c.itemsRead();
            written += c.itemsWritten();
            skipped += c.itemsSkipped();
        }
        RunReport report = report("run1");
        assertThat(report.totals()).as("production's own c7 differs from the source").isEqualTo(new RunReport.Totals(4, read, written, skipped, 0, 0, 0, 0, 0, LeftBehind.NONE, 1));
        assertThat(report.totals().itemsRead()).isEqualTo(17);
        assertThat(report.totals().itemsWritten()).isEqualTo(16);
        assertThat(report.totals().itemsSkipped()).isEqualTo(1);
        assertThat(report.tables()).extracting(RunReport.TableRow::model, RunReport.TableRow::level,
                        RunReport.TableRow::segments, RunReport.TableRow::itemsRead, RunReport.TableRow::itemsWritten,
                        RunReport.TableRow::itemsSkipped)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Contacts", 1, 3, 7L, 6L, 1L),
                        org.assertj.core.groups.Tuple.tuple("Properties", 1, 3, 3L, 3L, 0L),
                        org.assertj.core.groups.Tuple.tuple("AppPreferences", 1, 3, 2L, 2L, 0L),
                        org.assertj.core.groups.Tuple.tuple("Requests", 2, 3, 5L, 5L, 0L));
        assertThat(report.tables()).as("items read per second of its segments' time, as dmig status counts them")
                .allSatisfy(row -> assertThat(row.itemsPerSecond())
                        .isEqualTo(row.seconds() > 0 ? (double) Math.round(row.itemsRead() / row.seconds()) : 0));
        assertThat(report.verdict()).isEqualTo("succeeded");
        assertThat(report.mode()).isEqualTo("full");
        assertThat(report.analysis()).isNotNull();
        assertThat(report.validation().passed()).isTrue();
        assertThat(report.rollback()).isNull();
        RunManifest manifest = app.artifacts.json(RunLayout.manifest("run1"), RunManifest.class);
        assertThat(manifest.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(manifest.verdict()).isEqualTo("succeeded");
        assertThat(manifest.progress().get("Contacts"))
                .isEqualTo(new RunManifest.TableProgress(1, 7, 6, 1, manifest.progress().get("Contacts").millis()));
    }

    @Test
    void rolledBackRun_withFailedKeys_isReportedIncomplete() {
        app.fullRun("run1");
        // A rollback's writes are conditional: each undoes a key only while it holds what the run left there.
        app.items.failAlways(dev.dmig.store.InMemoryItemStore.Operation.CONDITIONAL_WRITE, SampleMigration.target("Requests"));
        app.rollBack("run1", "exec-rb");
        RunManifest.Failure failure = new RunManifest.Failure("ValidationFailed", "table Contacts: 1 target item missing");
        FinalizeResult result = app.finalizer().finish("run1", "rolled-back", failure);
        assertThat(result.verdict()).isEqualTo("rollback-incomplete");
        RunReport report = report("run1");
        assertThat(report.failure()).isEqualTo(failure);
        assertThat(report.rollback().failed()).isEqualTo(5);
        assertThat(report.status()).isEqualTo("rollback-incomplete");
        // Keys are still to be restored: the environment stays locked for the run, until it is rolled back.
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET)).get()
                .extracting(RunLock.Holder::runId).isEqualTo("run1");
    }

    @Test
    void testRun_progressComesFromTheTestResult() {
        app.analyze(app.testRequest("t1", "Requests", null, 1, true));
        app.testRecords().run("t1");
        app.finalizer().finish("t1", "succeeded", null);
        RunReport report = report("t1");
        assertThat(report.totals()).isEqualTo(new RunReport.Totals(4, 7, 7, 0, 0, 0, 0, 0, 0, LeftBehind.NONE, 0));
        assertThat(report.test().passed()).isTrue();
        assertThat(report.validation()).isNull();
    }

    @Test
    void unknownOutcome_isRejected() {
        app.analyze(app.request("dry-run", "d1"));
        assertThatThrownBy(() -> app.finalizer().finish("d1", "great", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown outcome 'great'");
    }
}
