package dev.dmig.rollback;

import static dev.dmig.SampleMigration.source;
import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.run.ConfirmationRequiredException;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.WriterFence;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.run.TargetLockedException;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ForwardingItemStore;
import dev.dmig.store.GuardedOutcome;
import dev.dmig.store.GuardedWrite;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Items;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RollbackTest {
    private final List<SampleMigration> apps = new ArrayList<>();

    private SampleMigration app(String onConflict) {
        SampleMigration app = new SampleMigration(onConflict, 2, 3);
        apps.add(app);
        return app;
    }

    @AfterEach
    void close() {
        apps.forEach(SampleMigration::close);
    }

    private static RunManifest manifest(SampleMigration app, String runId) {
        return app.artifacts.json(RunLayout.manifest(runId), RunManifest.class);
    }

    private static RollbackResult result(SampleMigration app, String runId) {
        return app.artifacts.json(RunLayout.rollback(runId), RollbackResult.class);
    }

    @Test
    void afterAFullRun_everyTargetTableIsExactlyAsBefore() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        var sourcesBefore = app.snapshot(app.sourceTables());
        app.fullRun("run1");
        assertThat(app.snapshot(app.targetTables())).isNotEqualTo(before);
        RollbackProgress progress = app.rollBack("run1", "exec-rb");
        assertThat(progress).isEqualTo(new RollbackProgress(true, true, 17, 0, 0, 0));
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        assertThat(app.snapshot(app.sourceTables())).isEqualTo(sourcesBefore);
        assertThat(app.items.tablesWrittenTo()).allMatch(t -> t.endsWith(SampleMigration.TARGET));
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLED_BACK);
        RollbackResult result = result(app, "run1");
        assertThat(result.done()).isTrue();
        assertThat(result.failed()).isZero();
        assertThat(result.failedKeys()).isEmpty();
        assertThat(result.deleted()).isEqualTo(17);
        assertThat(result.nextEntry()).isEqualTo(result.entries());
    }

    @Test
    void childrenAreDeletedBeforeTheirParents() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        int before = app.items.writeCalls().size();
        app.rollBack("run1", "exec-rb");
        List<String> order = app.items.writeCalls().subList(before, app.items.writeCalls().size()).stream()
                .map(InMemoryItemStore.WriteCall::table).distinct().toList();
        assertThat(order.get(0)).isEqualTo(target("Requests"));
    }

    @Test
    void underOverwrite_preImagesAreRestored() {
        SampleMigration app = app("overwrite");
        app.items.put(target("Contacts"), item("id", s(app.newId("Contacts", "c2")), "name", s("Prod Bo"), "since", n("2019")));
        app.items.put(target("AppPreferences"), item("id", s("theme"), "value", s("light")));
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        assertThat(app.items.item(target("AppPreferences"), item("id", s("theme")))).contains(item("id", s("theme"), "value", s("dark")));
        RollbackProgress progress = app.rollBack("run1", "exec-rb");
        assertThat(progress).isEqualTo(new RollbackProgress(true, true, 15, 2, 0, 0));
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    /** The Contacts record production held before the sample's runs. */
    private static Map<String, AttributeValue> prodOnlyContact() {
        return item("id", s("prod-only-contact"), "name", s("Prod"));
    }

    @Test
    void aCreatedItemProductionEditedSince_isLeftAsItIs_countedAndNamed_andEverythingElseIsUndone() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        Map<String, AttributeValue> key = item("id", s(app.newId("Contacts", "c2")));
        Map<String, AttributeValue> edited = item("id", key.get("id"), "name", s("Bo, as production renamed her"));
        app.items.put(target("Contacts"), edited);

        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(progress).isEqualTo(new RollbackProgress(true, true, 16, 0, 0, 0));
        assertThat(app.items.items(target("Contacts"))).containsExactlyInAnyOrder(prodOnlyContact(), edited);
        before.remove(target("Contacts"));
        assertThat(app.snapshot(app.targetTables())).containsAllEntriesOf(before);
        RollbackResult result = result(app, "run1");
        assertThat(result.itemsLeft()).isEqualTo(1);
        assertThat(result.itemsLeftKeys()).containsExactly(target("Contacts") + " id=" + key.get("id").s());
        assertThat(result.describeInexact()).isEqualTo("16 items undone; 1 item left as production changed it since ("
                + target("Contacts") + " id=" + key.get("id").s() + ")");
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLED_BACK);
    }

    /**
     * A rollback keeps what a record left in the target points to: a Request production edited since (left), and
     * production's own new Request pointing at a migrated Contact, keep the Contacts and Property they name, each named
     * with why; every reference left in the target resolves after the rollback. Everything else is undone.
     */
    @Test
    void whatARecordLeftInTheTargetPointsTo_isKeptAndNamed_soThatNoReferenceIsLeftDangling() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        String r5 = app.newId("Requests", "r5");
        Map<String, AttributeValue> edited = productionEditsR5(app);
        Map<String, AttributeValue> prodsOwn = productionAddsARequest(app);

        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(progress.complete()).isTrue();
        assertThat(app.items.items(target("Requests"))).containsExactlyInAnyOrder(edited, prodsOwn);
        Set<String> contacts = ids(app, "Contacts");
        Set<String> properties = ids(app, "Properties");
        assertThat(contacts).containsExactlyInAnyOrder("prod-only-contact", app.newId("Contacts", "c2"), app.newId("Contacts", "c6"));
        assertThat(properties).containsExactly(app.newId("Properties", "p1"));
        for (Map<String, AttributeValue> request : app.items.items(target("Requests"))) {
            assertThat(contacts).contains(request.get("agentContactId").s());
            if (request.containsKey("addressId")) {
                assertThat(properties).contains(request.get("addressId").s());
            }
        }
        RollbackResult result = result(app, "run1");
        assertThat(result.itemsKept()).isEqualTo(3);
        assertThat(result.itemsKeptKeys()).containsExactlyInAnyOrder(
                target("Contacts") + " id=" + app.newId("Contacts", "c2") + ": Requests id=" + r5
                        + ", changed by production since the run, points to it",
                target("Properties") + " id=" + app.newId("Properties", "p1") + ": Requests id=" + r5
                        + ", changed by production since the run, points to it",
                target("Contacts") + " id=" + app.newId("Contacts", "c6") + ": Requests id=prod-request, production's own record,"
                        + " points to it");
        assertThat(result.describeInexact()).startsWith(result.deleted() + " items undone; 1 item left as production changed it"
                + " since (" + target("Requests") + " id=" + r5 + "); 3 items the run created kept: a record left in the target"
                + " points to them (first: ");
    }

    /**
     * The rollback a refresh asks for ({@code "refresh": true}, {@code dmig migrate --refresh}): the run's record production
     * edited since is its copy too, and undone, and nothing is kept for what points to it, since the refresh's run writes
     * the same keys again; production's own record stays.
     */
    @Test
    void aRollbackForARefresh_undoesTheRunsRecordsEditedSinceToo_andKeepsNothingForWhatPointsToThem() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        productionEditsR5(app);
        Map<String, AttributeValue> prodsOwn = productionAddsARequest(app);
        RunRequest refresh = new RunRequest("rollback", "run1", null, null, null, null, null, null, true, "run1", null, null,
                null, null, null, null, true);
        app.analyzer().analyze(refresh, "exec-rb", Deadline.in(60_000));

        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(progress.complete()).isTrue();
        assertThat(app.items.items(target("Requests"))).containsExactly(prodsOwn);
        assertThat(ids(app, "Contacts")).containsExactly("prod-only-contact");
        RollbackResult result = result(app, "run1");
        assertThat(result.itemsLeft()).isZero();
        assertThat(result.itemsKept()).isZero();
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLED_BACK);
    }

    /**
     * A record that stays points to a record of a table keyed by its ID and a sort key: every record the run created
     * under that ID is kept (a reference names the ID, not the sort key), named with why; the others are undone.
     */
    @Test
    void whatARecordLeftInTheTargetPointsTo_inATableKeyedByItsIdAndASortKey_isKeptUnderEverySortKey() {
        SampleMigration app = app("abort");
        for (String table : List.of(source("Revisions"), target("Revisions"))) {
            app.items.createTable(table, "id", ScalarAttributeType.S, "rev", ScalarAttributeType.N);
        }
        app.items.withPointInTimeRecovery(target("Revisions"));
        app.moreTables.put("Revisions", "{\"references\": {\"parentId\": \"Revisions\"}}");
        app.items.put(source("Revisions"), item("id", s("v1"), "rev", n("1")), item("id", s("v1"), "rev", n("2")),
                item("id", s("v2"), "rev", n("1"), "parentId", s("v1")));
        app.fullRun("run1");
        String v1 = app.newId("Revisions", "v1");
        Map<String, AttributeValue> prodsOwn = item("id", s("prod-rev"), "rev", n("1"), "parentId", s(v1));
        app.items.put(target("Revisions"), prodsOwn);

        assertThat(app.rollBack("run1", "exec-rb").complete()).isTrue();

        assertThat(app.items.items(target("Revisions"))).containsExactlyInAnyOrder(prodsOwn, item("id", s(v1), "rev", n("1")),
                item("id", s(v1), "rev", n("2")));
        assertThat(result(app, "run1").itemsKeptKeys()).containsExactlyInAnyOrder(
                target("Revisions") + " id=" + v1 + ", rev=1: Revisions id=prod-rev, rev=1, production's own record, points to it",
                target("Revisions") + " id=" + v1 + ", rev=2: Revisions id=prod-rev, rev=1, production's own record, points to it");
    }

    /**
     * The search for what to keep, cut off by each call's deadline (a page of one item a call), goes on from where it
     * stopped, and finds what one whole search finds.
     */
    @Test
    void theSearchForWhatToKeep_cutOffAtEachCallsDeadline_goesOnWhereItStopped_andFindsWhatAWholeSearchFinds() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        productionEditsR5(app);
        productionAddsARequest(app);
        java.time.Instant runStart = java.time.Instant.parse(manifest(app, "run1").createdAt());
        KeptRecords.Search cutOff = new KeptRecords.Search("run1", "exec-cut", () -> RunKeys.of(app.artifacts, "run1"), runStart);
        KeptRecords.Search whole = new KeptRecords.Search("run1", "exec-whole", () -> RunKeys.of(app.artifacts, "run1"), runStart);

        int calls = 1;
        while (!KeptRecords.prepare(app.plan(), app.items, app.artifacts, cutOff, Deadline.in(0), 1)) {
            calls++;
        }
        assertThat(KeptRecords.prepare(app.plan(), app.items, app.artifacts, whole, Deadline.none(), 1000)).isTrue();

        assertThat(calls).as("calls the search took, a page or a record each").isGreaterThan(app.items.items(target("Requests")).size());
        KeptRecords.Stored found = app.artifacts.getGzipJson(RunLayout.rollbackKept("run1", "exec-cut"), KeptRecords.Stored.class)
                .orElseThrow();
        KeptRecords.Stored expected = app.artifacts.getGzipJson(RunLayout.rollbackKept("run1", "exec-whole"), KeptRecords.Stored.class)
                .orElseThrow();
        assertThat(found.byModel()).isEqualTo(expected.byModel());
        assertThat(found.byModel().values().stream().mapToInt(Map::size).sum()).isEqualTo(3);
    }

    /** Production edits the run's copy of request r5; returns it as edited. */
    private static Map<String, AttributeValue> productionEditsR5(SampleMigration app) {
        String r5 = app.newId("Requests", "r5");
        Map<String, AttributeValue> edited = new java.util.HashMap<>(app.items.item(target("Requests"), item("id", s(r5))).orElseThrow());
        edited.put("status", s("approved in production"));
        app.items.put(target("Requests"), edited);
        return edited;
    }

    /** Production adds a request of its own pointing at the run's copy of contact c6; returns it. */
    private static Map<String, AttributeValue> productionAddsARequest(SampleMigration app) {
        Map<String, AttributeValue> prodsOwn = item("id", s("prod-request"), "agentContactId", s(app.newId("Contacts", "c6")));
        app.items.put(target("Requests"), prodsOwn);
        return prodsOwn;
    }

    private static Set<String> ids(SampleMigration app, String model) {
        Set<String> ids = new java.util.HashSet<>();
        app.items.items(target(model)).forEach(item -> ids.add(item.get("id").s()));
        return ids;
    }

    @Test
    void theRunsOwnLaterWrites_areUndoneToo_aKeyItDeletedSinceGetsItsPreImageBack() {
        SampleMigration app = app("overwrite");
        Map<String, AttributeValue> prods = item("id", s(app.newId("Contacts", "c2")), "name", s("Prod Bo"));
        app.items.put(target("Contacts"), prods);
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        // As following would: c2's source record deleted, c3's changed, each written to the target and journaled as a write again.
        Map<String, AttributeValue> c2 = item("id", prods.get("id"));
        Map<String, AttributeValue> c3 = item("id", s(app.newId("Contacts", "c3")), "name", s("Cy, changed in the source"));
        app.items.delete(target("Contacts"), c2);
        app.items.put(target("Contacts"), c3);
        new Journal(app.artifacts).write(new JournalEntry("run1", "Contacts", target("Contacts"), RunLayout.FOLLOW_SEGMENT, 0,
                "follow", List.of(), List.of(), List.of(new JournalEntry.LaterWrite(DynamoJson.item(c2), null),
                new JournalEntry.LaterWrite(DynamoJson.item(item("id", c3.get("id"))), ContentDigest.itemHash(c3)))));

        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(progress.complete()).isTrue();
        assertThat(result(app, "run1").itemsLeft()).isZero();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void numbersAsDynamoDbKeepsThem_stillTellTheRunsOwnItem() {
        SampleMigration app = app("abort");
        app.items.put(SampleMigration.source("Contacts"), item("id", s("c3"), "name", s("Cy"), "price", n("1.50"),
                "counts", Items.ns("2.0", "1E+1"), "nested", Items.m("at", n("-0"))));
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        // DynamoDB keeps a number by its value and gives back its own text of it.
        Map<String, AttributeValue> key = item("id", s(app.newId("Contacts", "c3")));
        Map<String, AttributeValue> stored = new java.util.HashMap<>(app.items.item(target("Contacts"), key).orElseThrow());
        stored.put("price", n("1.5"));
        stored.put("counts", Items.ns("2", "10"));
        stored.put("nested", Items.m("at", n("0")));
        app.items.put(target("Contacts"), stored);

        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(result(app, "run1").itemsLeftKeys()).isEmpty();
        assertThat(progress.complete()).isTrue();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void aJournalWhoseHashesAreSha256_asEarlierVersionsWroteThem_tellsTheRunsOwnItemsFromProductionsEdits() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        // As an earlier version journaled them: each record's hash of what it wrote, SHA-256 of the same form.
        journaledAs(app, SampleMigration.MIGRATED, (entry, r) -> r.written() == null ? r
                : new JournalRecord(r.action(), r.key(), r.sourceId(), r.preImage(), sha256(app, entry, r)));
        Journal journal = new Journal(app.artifacts);
        assertThat(journal.read(journal.entries("run1", "Contacts").get(0)).orElseThrow().records().get(0).written()).hasSize(64);
        Map<String, AttributeValue> edited = item("id", s(app.newId("Contacts", "c2")), "name", s("Bo, as production renamed her"));
        app.items.put(target("Contacts"), edited);

        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(progress.complete()).isTrue();
        assertThat(result(app, "run1").itemsLeftKeys()).containsExactly(target("Contacts") + " id=" + edited.get("id").s());
        assertThat(app.items.items(target("Contacts"))).containsExactlyInAnyOrder(prodOnlyContact(), edited);
        before.remove(target("Contacts"));
        assertThat(app.snapshot(app.targetTables())).containsAllEntriesOf(before);
    }

    /** Run {@code run1}'s journal entries of {@code models} rewritten record by record, as another version would have kept them. */
    private static void journaledAs(SampleMigration app, List<String> models,
                                    java.util.function.BiFunction<JournalEntry, JournalRecord, JournalRecord> as) {
        Journal journal = new Journal(app.artifacts);
        for (String model : models) {
            for (String key : journal.entries("run1", model)) {
                JournalEntry entry = journal.read(key).orElseThrow();
                app.artifacts.putGzipJson(key, entry.withRecords(entry.records().stream().map(r -> as.apply(entry, r)).toList()));
            }
        }
    }

    /** The SHA-256 hex of the item the record wrote, as the target holds it now (the run's own write). */
    private static String sha256(SampleMigration app, JournalEntry entry, JournalRecord record) {
        Map<String, AttributeValue> there = app.items.item(entry.targetTable(), DynamoJson.item(record.key())).orElseThrow();
        assertThat(ContentDigest.itemHash(there)).isEqualTo(record.written());
        return java.util.HexFormat.of().formatHex(ContentDigest.hash(there));
    }

    @Test
    void aJournalThatDoesNotSayWhatWasWritten_isUndoneUnlessTheItemIsStampedAsChangedSinceTheRunBegan() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        // As an older version journaled them: no hash of what was written.
        journaledAs(app, List.of("Contacts"), (entry, r) -> new JournalRecord(r.action(), r.key(), r.sourceId(), r.preImage()));
        Instant start = Instant.parse(manifest(app, "run1").createdAt());
        Map<String, AttributeValue> stamped = item("id", s(app.newId("Contacts", "c2")), "name", s("Bo, edited by the app"),
                "updatedAt", s(start.plusSeconds(90).toString()));
        Map<String, AttributeValue> synced = item("id", s(app.newId("Contacts", "c4")), "name", s("Di, edited through DataStore"),
                "_lastChangedAt", n(Long.toString(start.plusMillis(1).toEpochMilli())));
        Map<String, AttributeValue> older = item("id", s(app.newId("Contacts", "c5")), "name", s("Ed"),
                "updatedAt", s(start.minusSeconds(3600).toString()));
        app.items.put(target("Contacts"), stamped);
        app.items.put(target("Contacts"), synced);
        app.items.put(target("Contacts"), older);

        app.rollBack("run1", "exec-rb");

        RollbackResult result = result(app, "run1");
        assertThat(result.itemsLeftKeys()).containsExactlyInAnyOrder(target("Contacts") + " id=" + stamped.get("id").s(),
                target("Contacts") + " id=" + synced.get("id").s());
        assertThat(app.items.items(target("Contacts"))).as("the rest undone as before, the one stamped before the run too")
                .containsExactlyInAnyOrder(prodOnlyContact(), stamped, synced);
        before.remove(target("Contacts"));
        assertThat(app.snapshot(app.targetTables())).containsAllEntriesOf(before);
    }

    @Test
    void keysJournaledButNotThere_areCountedAsAbsent_notAsDeleted() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        // As if the run had stopped between journaling these batches and writing them.
        for (String c : List.of("c1", "c2", "c3")) {
            assertThat(app.items.delete(target("Contacts"), item("id", s(app.newId("Contacts", c))))).isTrue();
        }
        RollbackProgress progress = app.rollBack("run1", "exec-rb");
        assertThat(progress).isEqualTo(new RollbackProgress(true, true, 14, 0, 0, 0));
        RollbackResult result = result(app, "run1");
        assertThat(result.deleted()).isEqualTo(14);
        assertThat(result.absent()).isEqualTo(3);
    }

    @Test
    void keysAFinishedRunWroteThatHoldNothing_areSaidDeletedByProductionSince_andThosePastItsCheckpointNeverWritten() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        for (String c : List.of("c1", "c2", "c3")) {
            assertThat(app.items.delete(target("Contacts"), item("id", s(app.newId("Contacts", c))))).isTrue();
        }
        // As if the run had stopped before Requests' first checkpoint: every Requests key journaled, none written.
        for (String key : app.artifacts.list(dev.dmig.run.RunLayout.checkpoints("run1"))) {
            if (key.contains("/Requests/")) {
                com.fasterxml.jackson.databind.node.ObjectNode checkpoint = app.artifacts.json(key,
                        com.fasterxml.jackson.databind.node.ObjectNode.class);
                app.artifacts.putJson(key, checkpoint.put("done", false).put("nextSeq", 0));
            }
        }
        long requests = app.items.items(target("Requests")).size();
        app.items.items(target("Requests")).forEach(item -> app.items.delete(target("Requests"), item("id", item.get("id"))));

        app.rollBack("run1", "exec-rb");

        RollbackResult result = result(app, "run1");
        assertThat(result.absentWhy()).isEqualTo(new RollbackResult.AbsentWhy(0, requests));
        assertThat(result.describeAbsent()).isEqualTo((3 + requests) + " keys the journal named held no item to delete: "
                + requests + " never written: the run stopped between journaling and writing them, 3 deleted by production since");
    }

    @Test
    void runningItTwice_isHarmless() {
        SampleMigration app = app("overwrite");
        app.items.put(target("Contacts"), item("id", s(app.newId("Contacts", "c2")), "name", s("Prod Bo")));
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        app.rollBack("run1", "exec-rb1");
        RollbackProgress again = app.rollBack("run1", "exec-rb1");
        assertThat(again.done()).isTrue();
        assertThat(again.complete()).isTrue();
        RollbackProgress fresh = app.rollBack("run1", "exec-rb2");
        // The first rollback deleted the created items: the second finds none of them to delete, and says so.
        assertThat(fresh).isEqualTo(new RollbackProgress(true, true, 0, 1, 0, 0));
        assertThat(app.artifacts.json(dev.dmig.run.RunLayout.rollbackProgress("run1", "exec-rb2"), RollbackResult.class).absent())
                .isEqualTo(16);
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLED_BACK);
    }

    @Test
    void rollingBackARunAgain_afterALaterRunWroteTheSameKeys_isRefused_andTheLaterRunsItemsStay() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        app.rollBack("run1", "exec-rb1");
        app.fullRun("run2");
        var written = app.snapshot(app.targetTables());
        RunRequest again = new RunRequest("rollback", null, null, null, null, null, null, null, null, "run1", null, null, null);

        assertThatThrownBy(() -> app.analyzer().analyze(again, "exec-rb2", Deadline.in(60_000)))
                .isInstanceOf(TargetLockedException.class)
                .hasMessage("run run2 (status migrating) wrote to target environment " + SampleMigration.TARGET + " after run run1 "
                        + "and is not rolled back; rolling run1 back would delete or overwrite its items at the same keys: "
                        + "roll back run2 first (dmig rollback --run run2)");
        assertThat(app.snapshot(app.targetTables())).isEqualTo(written);

        // Once run2 is rolled back, rolling run1 back again is harmless, as before.
        app.rollBack("run2", "exec-rb3");
        assertThat(app.analyzer().analyze(again, "exec-rb4", Deadline.in(60_000)).runId()).isEqualTo("run1");
    }

    @Test
    void aFailureAfterTheRunPassedValidation_undoesNothing_andLeavesTheRunValidated() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        RunManifest validated = manifest(app, "run1");
        assertThat(validated.status()).isEqualTo(RunStatus.VALIDATED);
        var written = app.snapshot(app.targetTables());

        // State Rollback, as Validate's Catch reaches it when Validate fails after its last write.
        RollbackProgress progress = app.rollback().rollBack("run1", "exec-run1",
                new RunManifest.Failure("States.TaskFailed", "Validate crashed after marking the run validated"), Deadline.in(60_000));

        assertThat(progress).isEqualTo(new RollbackProgress(true, false, 0, 0, 0, 0, null, null, true));
        assertThat(app.snapshot(app.targetTables())).isEqualTo(written);
        assertThat(manifest(app, "run1")).isEqualTo(validated);
        assertThat(app.artifacts.get(RunLayout.fence("run1"))).as("no writer of the run fenced").isEmpty();
        assertThat(app.artifacts.get(RunLayout.rollbackProgress("run1", "exec-run1"))).isEmpty();
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET).orElseThrow().runId()).isEqualTo("run1");
    }

    @Test
    void aRollbackRequestForARunThatSucceeded_isRefusedWithoutConfirmation_andTakesNothing() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        app.finalizer().finish("run1", "succeeded", null);
        RunManifest succeeded = manifest(app, "run1");
        assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCEEDED);
        var written = app.snapshot(app.targetTables());
        RunRequest unconfirmed = new RunRequest("rollback", "run1", null, null, null, null, null, null, null, "run1", null, null,
                null);

        assertThatThrownBy(() -> app.analyzer().analyze(unconfirmed, "exec-rb1", Deadline.in(60_000)))
                .isInstanceOf(ConfirmationRequiredException.class)
                .hasMessage("run run1 succeeded: rolling it back deletes the items it created in the target tables (*"
                        + SampleMigration.TARGET + ") and puts back those it overwrote; start the rollback again with"
                        + " \"confirm\": true (nothing was written)");
        assertThat(manifest(app, "run1")).isEqualTo(succeeded);
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET)).as("the target's lock, free as it was").isEmpty();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(written);

        RunRequest confirmed = new RunRequest("rollback", "run1", null, null, null, null, null, null, true, "run1", null, null,
                null);
        assertThat(app.analyzer().analyze(confirmed, "exec-rb2", Deadline.in(60_000)).runId()).isEqualTo("run1");
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET).orElseThrow().executionName()).isEqualTo("exec-rb2");
    }

    @Test
    void aRollbackRequestForARunThatPassedValidation_needsConfirmation_butOneForARunThatStoppedHalfWayDoesNot() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        RunRequest unconfirmed = new RunRequest("rollback", "run1", null, null, null, null, null, null, null, "run1", null, null,
                null);
        assertThat(app.analyzer().analyze(unconfirmed, "exec-rb1", Deadline.in(60_000)).runId()).as("a run left migrating")
                .isEqualTo("run1");

        app.validate("run1", "exec-run1");
        assertThatThrownBy(() -> app.analyzer().analyze(unconfirmed, "exec-rb2", Deadline.in(60_000)))
                .isInstanceOf(ConfirmationRequiredException.class)
                .hasMessageStartingWith("run run1 passed its validation: rolling it back deletes ");
    }

    @Test
    void theTablesOfOneLevel_areUndoneSideBySide_notOneAfterAnother() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        List<String> level = manifest(app, "run1").levels().stream().filter(models -> models.size() >= 2).findFirst()
                .orElseThrow();
        String first = target(level.get(0));
        String second = target(level.get(1));
        // Whichever of the two tables is undone first, its first batch waits, a few seconds at most, for the other's to
        // begin: undone one table after another, the other would only begin once the first is done.
        AtomicReference<String> begunFirst = new AtomicReference<>();
        CountDownLatch otherBegan = new CountDownLatch(1);
        AtomicBoolean sawItBegin = new AtomicBoolean();
        ItemStore store = new ForwardingItemStore(app.items) {
            @Override
            public GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes) {
                if (table.equals(first) || table.equals(second)) {
                    if (begunFirst.compareAndSet(null, table)) {
                        try {
                            sawItBegin.set(otherBegan.await(5, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    } else if (!table.equals(begunFirst.get())) {
                        otherBegan.countDown();
                    }
                }
                return super.writeIfOnce(table, writes);
            }
        };

        RollbackProgress progress = new Rollback(store, app.artifacts, app.writePool, app.scanPool, app.settings, app.sleeps::add)
                .rollBack("run1", "exec-rb", null, Deadline.in(60_000));

        assertThat(progress.done()).isTrue();
        assertThat(progress.complete()).isTrue();
        assertThat(sawItBegin).as("one of " + first + " and " + second + " began while the other was being undone").isTrue();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void deadlineZero_doesOneEntryPerCall_andFinishes() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        int entries = app.artifacts.list(RunLayout.journal("run1")).size();
        int calls = 0;
        RollbackProgress progress;
        do {
            progress = app.rollback().rollBack("run1", "exec-slow", null, Deadline.in(0));
            calls++;
        } while (!progress.done() && calls < 1_000);
        assertThat(calls).isEqualTo(entries);
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void aRunLargeEnoughToFanOut_handsOutOneLevelAtATime_childrenFirst_andEndsAsOneTaskDoes() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        Rollback rollback = new Rollback(app.items, app.artifacts, app.writePool, app.scanPool, app.settings.withDistributedMapSegments(1),
                app.sleeps::add);
        List<List<String>> handedOut = new ArrayList<>();
        RollbackProgress progress = rollback.rollBack("run1", "exec-rb", null, Deadline.in(60_000), true);
        while (!progress.done() && handedOut.size() < 100) {
            assertThat(progress.units()).as("every call but the last hands a level out").isNotNull();
            RunState.Unit[] units = app.artifacts.json(progress.units().key(), RunState.Unit[].class);
            handedOut.add(Stream.of(units).map(RunState.Unit::table).distinct().toList());
            for (RunState.Unit unit : units) {
                // As the Map does: one task per (table, segment), each until its segment is undone.
                assertThat(rollback.rollBackSegment("run1", "exec-rb", unit, Deadline.in(60_000))).isTrue();
            }
            progress = rollback.rollBack("run1", "exec-rb", null, Deadline.in(60_000), true);
        }

        assertThat(progress).isEqualTo(new RollbackProgress(true, true, 17, 0, 0, 0));
        assertThat(handedOut.get(0)).containsExactly("Requests");
        assertThat(handedOut.get(handedOut.size() - 1)).doesNotContain("Requests", "Quotes");
        assertThat(handedOut.stream().flatMap(List::stream).toList()).doesNotHaveDuplicates();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLED_BACK);
        RollbackResult result = result(app, "run1");
        assertThat(result.entries()).isEqualTo(app.artifacts.list(RunLayout.journal("run1")).size());
        assertThat(result.levelsDone()).isEqualTo(handedOut.size());
    }

    @Test
    void aRollbackSegmentInvocationThatMayStillRun_keepsTheRollbackFromEnding_andTheTargetLocked() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        Rollback rollback = new Rollback(app.items, app.artifacts, app.writePool, app.scanPool, app.settings.withDistributedMapSegments(1),
                app.sleeps::add);
        WriterFence fence = new WriterFence(app.artifacts);
        RollbackProgress progress = rollback.rollBack("run1", "exec-rb", null, Deadline.in(300), true);
        // A RollbackSegment task of a Map that failed: Step Functions stopped its child execution, not its invocation.
        WriterFence.Lease leftover = fence.enter("run1", "Requests", 0, Instant.now().plusSeconds(60));
        for (int call = 0; call < 100 && progress.writers() == 0 && !progress.done(); call++) {
            for (RunState.Unit unit : app.artifacts.json(progress.units().key(), RunState.Unit[].class)) {
                assertThat(rollback.rollBackSegment("run1", "exec-rb", unit, Deadline.in(60_000))).isTrue();
            }
            assertThat(fence.liveWriters("run1", Instant.now())).as("each task gives its lease back").hasSize(1);
            progress = rollback.rollBack("run1", "exec-rb", null, Deadline.in(300), true);
        }

        assertThat(progress.done()).isFalse();
        assertThat(progress.writers()).isEqualTo(1);
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLING_BACK);
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET)).isPresent();

        fence.leave(leftover);
        progress = rollback.rollBack("run1", "exec-rb", null, Deadline.in(300), true);
        assertThat(progress.done()).isTrue();
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET)).isEmpty();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void aMapThatLeftSegmentsUndone_isFinishedByTheNextCall() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        Rollback rollback = new Rollback(app.items, app.artifacts, app.writePool, app.scanPool, app.settings.withDistributedMapSegments(1),
                app.sleeps::add);
        RollbackProgress progress = rollback.rollBack("run1", "exec-rb", null, Deadline.in(60_000), true);
        int levels = 0;
        while (!progress.done() && levels++ < 100) {
            // The Map ran no task at all: the next call undoes the level itself, then hands out the next one.
            progress = rollback.rollBack("run1", "exec-rb", null, Deadline.in(60_000), true);
        }

        assertThat(progress).isEqualTo(new RollbackProgress(true, true, 17, 0, 0, 0));
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void tableThatCannotBeWritten_isReportedByKey_andTheRollbackIsIncomplete() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        app.items.failAlways(InMemoryItemStore.Operation.CONDITIONAL_WRITE, target("Requests"));
        RollbackProgress progress = app.rollBack("run1", "exec-rb");
        assertThat(progress.done()).isTrue();
        assertThat(progress.complete()).isFalse();
        assertThat(progress.failed()).isEqualTo(5);
        assertThat(progress.deleted()).isEqualTo(12);
        RollbackResult result = result(app, "run1");
        List<String> expected = new ArrayList<>();
        for (String r : List.of("r1", "r2", "r3", "r4", "r5")) {
            expected.add(target("Requests") + " id=" + app.newId("Requests", r));
        }
        assertThat(result.failedKeys()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.failedBecause()).isEqualTo("table " + target("Requests")
                + ": DynamoDB unavailable (injected fault on CONDITIONAL_WRITE)");
        // Tried once more, after a pause, before they were named.
        int entries = app.artifacts.list(RunLayout.journal("run1") + "Requests/").size();
        assertThat(app.items.calls(InMemoryItemStore.Operation.CONDITIONAL_WRITE, target("Requests"))).isEqualTo(2 * entries);
        assertThat(app.sleeps).isNotEmpty();
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        // Everything else is back as it was; the five requests are still there.
        for (String table : app.targetTables()) {
            if (!table.equals(target("Requests"))) {
                assertThat(app.items.snapshot(table)).as(table).isEqualTo(before.get(table));
            }
        }
        assertThat(app.items.count(target("Requests"))).isEqualTo(5);
    }

    @Test
    void aWriteThatFailsPastItsRetries_isTriedOnceMore_andTheRollbackCompletes() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        app.fullRun("run1");
        // The first guarded delete on Requests gives up (its batch with it); the keys are read again and sent again.
        app.items.failOn(InMemoryItemStore.Operation.CONDITIONAL_WRITE, target("Requests"), 0, 1);
        RollbackProgress progress = app.rollBack("run1", "exec-rb");

        assertThat(progress.complete()).isTrue();
        assertThat(progress.failed()).isZero();
        assertThat(progress.deleted()).isEqualTo(17);
        RollbackResult result = result(app, "run1");
        assertThat(result.failedBecause()).isNull();
        assertThat(result.absent()).as("no key counted as deleted by someone else").isZero();
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void throttlingThatNeverEnds_isReportedAsFailedKeys_notSuccess() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        app.items.leaveUnprocessed(target("Properties"), 25, -1);
        RollbackProgress progress = app.rollBack("run1", "exec-rb");
        assertThat(progress.complete()).isFalse();
        assertThat(progress.failed()).isEqualTo(3);
        assertThat(app.items.count(target("Properties"))).isEqualTo(3);
        assertThat(app.sleeps).isNotEmpty();
        assertThat(manifest(app, "run1").status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
    }

    @Test
    void reason_isRecordedInTheManifest() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        RunManifest.Failure reason = new RunManifest.Failure("States.TaskFailed", "boom");
        RollbackProgress progress;
        do {
            progress = app.rollback().rollBack("run1", "exec-rb", reason, Deadline.in(60_000));
        } while (!progress.done());
        assertThat(manifest(app, "run1").failure()).isEqualTo(reason);
        assertThat(result(app, "run1").reason()).isEqualTo("States.TaskFailed");
    }

    @Test
    void journalEntryNamingAnotherTable_isRefused() {
        SampleMigration app = app("abort");
        app.fullRun("run1");
        String key = app.artifacts.list(RunLayout.journal("run1") + "Contacts/").get(0);
        var journal = new dev.dmig.journal.Journal(app.artifacts);
        var entry = journal.read(key).orElseThrow();
        app.artifacts.putGzipJson(key, new dev.dmig.journal.JournalEntry(entry.runId(), entry.model(),
                "Contacts" + SampleMigration.SOURCE, entry.segment(), entry.seq(), entry.mode(), entry.records()));
        Map<String, Map<String, AttributeValue>> sourceBefore = app.items.snapshot("Contacts" + SampleMigration.SOURCE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.rollBack("run1", "exec-rb"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("journal entry for Contacts names table Contacts-dev111-NONE, not the plan's target table");
        assertThat(app.items.snapshot("Contacts" + SampleMigration.SOURCE)).isEqualTo(sourceBefore);
    }
}
