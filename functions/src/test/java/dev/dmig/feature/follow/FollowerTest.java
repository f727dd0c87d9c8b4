package dev.dmig.feature.follow;

import dev.dmig.store.StreamCommand;
import dev.dmig.run.FollowDecisions;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.FollowCheckpoint;
import static dev.dmig.SampleMigration.source;
import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.journal.JournalRecord;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.WriterFence;
import dev.dmig.store.DynamoJson;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationProgress;
import dev.dmig.validate.ValidationReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Following a run's source over the in-memory stores: changes made after the mark, before and after the copy, reach the
 * target mapped as the copy maps items, exactly, in order; applying them again changes nothing; and a rollback puts the
 * target back as it was before the run, whatever following wrote or deleted.
 */
class FollowerTest {
    private final List<SampleMigration> apps = new ArrayList<>();

    /** The start of most tests, set by {@link #copiedAndMarked}: the app, its streams, its follower, its target before the run. */
    private SampleMigration app;
    private StreamedSource source;
    private Follower follower;
    private Map<String, Set<Map<String, AttributeValue>>> before;

    private SampleMigration app(String onConflict) {
        SampleMigration app = new SampleMigration(onConflict, 2, 3);
        apps.add(app);
        return app;
    }

    @AfterEach
    void close() {
        apps.forEach(SampleMigration::close);
    }

    /** A sample app (onConflict abort) copied by run1, its streams then marked: nothing is followed yet. */
    private void copiedAndMarked() {
        app = app("abort");
        source = streams(app);
        follower = follower(app, source);
        before = snapshot(app);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
    }

    private static StreamedSource streams(SampleMigration app) {
        StreamedSource streams = new StreamedSource(app.items);
        SampleMigration.MIGRATED.forEach(model -> streams.streamed(source(model)));
        return streams;
    }

    private static Follower follower(SampleMigration app, SourceStream streams) {
        return follower(app, app.items, streams);
    }

    private static Follower follower(SampleMigration app, dev.dmig.store.ItemStore items, SourceStream streams) {
        return new Follower(items, app.artifacts, plan -> streams, app.writePool,
                new WriteWindows(app.settings.writeConcurrency(), app.settings.throttlePatienceMillis()),
                new WriterFence(app.artifacts), millis -> { });
    }

    /** Follows until the cut-over asked for is reached; returns the calls made. */
    private static int cutOver(SampleMigration app, Follower follower, String runId) {
        app.artifacts.putJson(RunLayout.cutover(runId), Map.of("maxLagMillis", 0));
        for (int call = 1; call <= 100; call++) {
            if (follower.follow(runId, Deadline.in(60_000)).done()) {
                return call;
            }
        }
        throw new IllegalStateException("following did not end in 100 calls");
    }

    /** What the target tables should hold: what they held before the run, and over it the source as it is now, mapped. */
    static Map<String, Set<Map<String, AttributeValue>>> expected(SampleMigration app,
                                                                         Map<String, Set<Map<String, AttributeValue>>> before) {
        ItemTransformer transformer = new ItemTransformer(app.plan());
        Map<String, Set<Map<String, AttributeValue>>> expected = new java.util.TreeMap<>();
        for (String model : SampleMigration.MIGRATED) {
            Map<String, Map<String, AttributeValue>> byKey = new java.util.HashMap<>();
            before.get(model).forEach(item -> byKey.put(item.get("id").s(), item));
            app.items.items(source(model)).forEach(item -> {
                Map<String, AttributeValue> mapped = transformer.transform(model, item);
                byKey.put(mapped.get("id").s(), mapped);
            });
            expected.put(model, new HashSet<>(byKey.values()));
        }
        return expected;
    }

    static Map<String, Set<Map<String, AttributeValue>>> targets(SampleMigration app) {
        Map<String, Set<Map<String, AttributeValue>>> targets = new java.util.TreeMap<>();
        SampleMigration.MIGRATED.forEach(model -> targets.put(model, new HashSet<>(app.items.items(target(model)))));
        return targets;
    }

    /** Writes to the source of every kind a live app makes, some of them to items the copy has already read. */
    private static void liveWrites(SampleMigration app, StreamedSource source) {
        // A new contact, and new and old requests pointing at it and at existing records.
        source.put(source("Contacts"), item("id", s("c8"), "name", s("Hal (new)")));
        source.put(source("Requests"), item("id", s("r6"), "agentContactId", s("c8"), "addressId", s("p1"),
                "watcherIds", l(s("c1"), s("c8"))));
        source.put(source("Requests"), with(app, "Requests", "r1", "agentContactId", s("c8")));
        // An update of a copied item, a delete, and a delete then a re-insert of the same ID.
        source.put(source("Contacts"), with(app, "Contacts", "c2", "name", s("Bo (renamed)")));
        source.delete(source("Requests"), "r2");
        source.delete(source("Contacts"), "c4");
        source.put(source("Contacts"), item("id", s("c4"), "name", s("Di again")));
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("serif")));
    }

    private static Map<String, AttributeValue> with(SampleMigration app, String model, String id, String name, AttributeValue value) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(app.items.item(source(model), item("id", s(id))).orElseThrow());
        item.put(name, value);
        return item;
    }

    private static Map<String, Set<Map<String, AttributeValue>>> snapshot(SampleMigration app) {
        return targets(app);
    }

    @Test
    void changesMadeDuringAndAfterTheCopy_reachTheTargetAsTheCopyMapsThem_andARollbackUndoesEverything() {
        SampleMigration app = app("abort");
        StreamedSource source = streams(app);
        Follower follower = follower(app, source);
        var before = snapshot(app);
        RunState state = app.analyze(app.fullRequest("run1"));
        follower.marks().mark("run1");
        // Written after the mark and before the copy reads them: the copy takes some, following applies them all again.
        source.put(source("Contacts"), with(app, "Contacts", "c1", "name", s("Ann (before the copy)")));
        source.delete(source("Contacts"), "c7");
        app.migrate(state, 60_000);
        liveWrites(app, source);

        cutOver(app, follower, "run1");

        assertThat(targets(app)).isEqualTo(expected(app, before));
        FollowCheckpoint contacts = app.artifacts.json(RunLayout.followCheckpoint("run1", "Contacts"), FollowCheckpoint.class);
        assertThat(contacts.applied()).isEqualTo(6);
        assertThat(contacts.behindSince()).isNull();

        app.rollBack("run1", "exec-rb");

        assertThat(targets(app)).isEqualTo(before);
    }

    /**
     * Changes made after the mark and before the copy read their items, each read as a page of its own (so no page holds
     * the later change that would hide an earlier one): following never puts back a state older than the copy wrote,
     * nor writes an item the copy found gone; it applies what came after, and ends as the source.
     */
    @Test
    void aReferenceToTheTableWhoseSourceHoldsEachValue_namingARecordCreatedSinceTheAnalysis_isMappedAsTheTableThatHoldsIt() {
        app = app("abort");
        source = streams(app);
        follower = follower(app, source);
        com.fasterxml.jackson.databind.node.ObjectNode plan = (com.fasterxml.jackson.databind.node.ObjectNode) app.planNode().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) plan.at("/tables/Requests/references")).set("agentContactId",
                dev.dmig.json.Json.tree("{\"oneOf\": [\"Properties\", \"Contacts\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        app.migrate(app.analyze(new dev.dmig.run.RunRequest("full", "run1", null, plan, null, null, null, null, true, null, null, null,
                null)), 60_000);
        follower.marks().mark("run1");

        source.put(source("Contacts"), item("id", s("c8"), "name", s("Hal (new)")));
        source.put(source("Requests"), item("id", s("r6"), "agentContactId", s("c8"), "addressId", s("p1")));
        source.put(source("Requests"), with(app, "Requests", "r1", "agentContactId", s("c2")));
        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("Requests"), item("id", s(app.newId("Requests", "r6")))).orElseThrow().get("agentContactId"))
                .as("c8, created after the analysis, is a contact").isEqualTo(s(app.newId("Contacts", "c8")));
        assertThat(app.items.item(target("Requests"), item("id", s(app.newId("Requests", "r1")))).orElseThrow().get("agentContactId"))
                .isEqualTo(s(app.newId("Contacts", "c2")));
    }

    @Test
    void aChangeMadeBeforeTheCopyReadItsItem_neverPutsBackAnOlderState_andTheTargetEndsAsTheSource() {
        SampleMigration app = app("abort");
        StreamedSource source = streams(app).pagesOf(1);
        Follower follower = follower(app, source);
        var before = snapshot(app);
        RunState state = app.analyze(app.fullRequest("run1"));
        follower.marks().mark("run1");
        source.put(source("Contacts"), with(app, "Contacts", "c2", "name", s("Bo v1")));
        source.put(source("Contacts"), with(app, "Contacts", "c2", "name", s("Bo v2")));
        source.put(source("Contacts"), item("id", s("c9"), "name", s("here for a moment")));
        source.delete(source("Contacts"), "c9");
        source.delete(source("Contacts"), "c3");
        for (int i = 0; i < 25; i++) {
            // More than a round reads of the table (10 pages of one change): the earlier changes are out of its view.
            source.put(source("Contacts"), with(app, "Contacts", "c5", "name", s("Ed " + i)));
        }
        source.put(source("Contacts"), with(app, "Contacts", "c2", "name", s("Bo v3")));
        app.migrate(state, 60_000);
        int copied = app.items.writesTo(target("Contacts")).size();
        source.put(source("Contacts"), with(app, "Contacts", "c2", "name", s("Bo v4 (after the copy)")));
        source.put(source("Contacts"), item("id", s("c3"), "name", s("Cy again")));

        cutOver(app, follower, "run1");

        assertThat(targets(app)).isEqualTo(expected(app, before));
        List<String> followed = new ArrayList<>();
        for (var write : app.items.writesTo(target("Contacts")).subList(copied, app.items.writesTo(target("Contacts")).size())) {
            followed.add(write.putRequest() != null ? "put " + write.putRequest().item().get("name").s()
                    : "delete " + write.deleteRequest().key().get("id").s());
        }
        assertThat(followed).as("following's writes, in order").containsExactly("put Bo v4 (after the copy)", "put Cy again");
        FollowCheckpoint contacts = app.artifacts.json(RunLayout.followCheckpoint("run1", "Contacts"), FollowCheckpoint.class);
        assertThat(contacts.applied()).isEqualTo(33);
        assertThat(contacts.older()).isEqualTo(31);
        assertThat(FollowStatus.read(app.artifacts, "run1").orElseThrow().tables().stream()
                .filter(t -> t.table().equals(source("Contacts"))).findFirst().orElseThrow().older()).isEqualTo(31);

        app.rollBack("run1", "exec-rb");

        assertThat(targets(app)).isEqualTo(before);
    }

    @Test
    void aKeyTheCopyJournaled_keepsItsFirstRecord_andOnlyKeysFollowingTouchesFirstAreJournaledByIt() {
        copiedAndMarked();
        liveWrites(app, source);

        cutOver(app, follower, "run1");

        Map<String, JournalRecord> contacts = app.journal("run1", "Contacts");
        String c2 = DynamoJson.item(item("id", s(app.newId("Contacts", "c2")))).toString();
        String c8 = DynamoJson.item(item("id", s(app.newId("Contacts", "c8")))).toString();
        // c2 was copied: one record, the copy's (created), though following rewrote it.
        assertThat(contacts.get(c2).action()).isEqualTo(JournalRecord.Action.CREATED);
        assertThat(followRecords(app, "Contacts")).extracting(r -> r.key().toString()).containsExactly(c8);
        assertThat(followRecords(app, "Contacts").get(0).sourceId()).isEqualTo("c8");
    }

    private static List<JournalRecord> followRecords(SampleMigration app, String model) {
        dev.dmig.journal.Journal journal = new dev.dmig.journal.Journal(app.artifacts);
        List<JournalRecord> records = new ArrayList<>();
        for (String key : journal.entries("run1", model, ChangeApplier.SEGMENT)) {
            records.addAll(journal.read(key).orElseThrow().records());
        }
        return records;
    }

    @Test
    void applyingTheSameChangesAgain_afterACrashBeforeTheirCheckpoints_leavesTheSameTargetAndJournal() {
        copiedAndMarked();
        Map<String, FollowCheckpoint> marks = new java.util.HashMap<>();
        SampleMigration.MIGRATED.forEach(model -> marks.put(model,
                app.artifacts.json(RunLayout.followCheckpoint("run1", model), FollowCheckpoint.class)));
        liveWrites(app, source);
        cutOver(app, follower, "run1");
        var followed = targets(app);
        var journaled = new ArrayList<>(followRecords(app, "Contacts"));

        // As if every batch had been written and the process killed before any checkpoint was saved.
        marks.forEach((model, mark) -> app.artifacts.putJson(RunLayout.followCheckpoint("run1", model), mark));
        cutOver(app, follower, "run1");

        assertThat(targets(app)).isEqualTo(followed);
        assertThat(followRecords(app, "Contacts")).isEqualTo(journaled);
        app.rollBack("run1", "exec-rb");
        assertThat(targets(app)).isEqualTo(before);
    }

    @Test
    void underOverwrite_aFollowedDeleteOfAnItemTheTargetHadBeforeTheRun_rollsBackToItsPreImage() {
        SampleMigration app = app("overwrite");
        app.items.put(target("Contacts"), item("id", s(app.newId("Contacts", "c2")), "name", s("Prod Bo")));
        StreamedSource source = streams(app);
        Follower follower = follower(app, source);
        var before = snapshot(app);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        source.delete(source("Contacts"), "c2");
        // An item the target had before the run at a key following writes first: it is journaled with what was there.
        app.items.put(target("AppPreferences"), item("id", s("font"), "value", s("prod's own")));
        before.get("AppPreferences").add(item("id", s("font"), "value", s("prod's own")));
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("serif")));

        cutOver(app, follower, "run1");

        var expected = expected(app, before);
        // The run mapped source c2 over the item prod had at its key, then followed its removal: the key is empty.
        expected.get("Contacts").remove(item("id", s(app.newId("Contacts", "c2")), "name", s("Prod Bo")));
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c2"))))).isEmpty();
        assertThat(targets(app)).isEqualTo(expected);
        app.rollBack("run1", "exec-rb");
        assertThat(targets(app)).isEqualTo(before);
    }

    @Test
    void aShardThatSplits_isFollowedToItsChild_afterEveryChangeOfTheParent() {
        copiedAndMarked();
        source.put(source("Contacts"), item("id", s("c9"), "name", s("first")));
        source.split(source("Contacts"));
        source.put(source("Contacts"), item("id", s("c9"), "name", s("second")));
        source.delete(source("Contacts"), "c5");

        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c9")))).orElseThrow().get("name").s())
                .isEqualTo("second");
        assertThat(targets(app)).isEqualTo(expected(app, before));
    }

    /**
     * A call that ends with changes left: its checkpoint says how many it read from the stream and did not apply (the
     * page after the last one applied, a floor), and the table is not shown caught up; caught up, none is pending.
     */
    @Test
    void aCallThatEndsBehind_recordsTheChangesReadAndNotApplied_andNoneOnceCaughtUp() {
        copiedAndMarked();
        for (int i = 0; i < Follower.PAGE * 2 + 500; i++) {
            source.put(source("Contacts"), item("id", s("c-live" + i), "name", s("live " + i)));
        }

        follower.follow("run1", Deadline.in(0));

        FollowCheckpoint behind = app.artifacts.json(RunLayout.followCheckpoint("run1", "Contacts"), FollowCheckpoint.class);
        assertThat(behind.applied()).isEqualTo(Follower.PAGE);
        assertThat(behind.pending()).isEqualTo(Follower.PAGE);
        FollowStatus.Table shown = FollowStatus.read(app.artifacts, "run1").orElseThrow().tables().stream()
                .filter(t -> t.table().equals(source("Contacts"))).findFirst().orElseThrow();
        assertThat(shown.pending()).isEqualTo(Follower.PAGE);
        assertThat(shown.caughtUp()).isFalse();

        follower.follow("run1", Deadline.in(0));
        assertThat(app.artifacts.json(RunLayout.followCheckpoint("run1", "Contacts"), FollowCheckpoint.class).pending())
                .as("the last 500, read after the second page").isEqualTo(500);

        cutOver(app, follower, "run1");

        FollowCheckpoint caughtUp = app.artifacts.json(RunLayout.followCheckpoint("run1", "Contacts"), FollowCheckpoint.class);
        assertThat(caughtUp.applied()).isEqualTo(Follower.PAGE * 2 + 500);
        assertThat(caughtUp.pending()).isZero();
        assertThat(caughtUp.behindSince()).isNull();
    }

    /**
     * The app inserts a contact and then a request pointing at it just after following has read the contacts' stream in a
     * round: the request must not reach the target before its contact.
     */
    @Test
    void aChildInsertedAfterItsParent_reachesTheTargetAfterIt_evenWhenBothAreWrittenWhileARoundReads() {
        copiedAndMarked();
        source.afterRead(source("Contacts"), () -> {
            source.put(source("Contacts"), item("id", s("c9"), "name", s("new parent")));
            source.put(source("Requests"), item("id", s("r9"), "agentContactId", s("c9"), "addressId", s("p1")));
        });
        int writesBefore = app.items.writeCalls().size();

        follower.follow("run1", Deadline.in(0));
        cutOver(app, follower, "run1");

        List<String> written = new ArrayList<>();
        app.items.writeCalls().subList(writesBefore, app.items.writeCalls().size()).forEach(call -> call.requests().forEach(r -> {
            if (r.putRequest() != null) {
                written.add(call.table() + " " + r.putRequest().item().get("id").s());
            }
        }));
        assertThat(written).containsSubsequence(target("Contacts") + " " + app.newId("Contacts", "c9"),
                target("Requests") + " " + app.newId("Requests", "r9"));
        assertThat(targets(app)).isEqualTo(expected(app, before));
    }

    /**
     * After the cut-over, the run is validated as any run: item by item against the source as it is then (its changes
     * since the copy included), references resolved in the target, into validation.json; and the run is validated.
     */
    @Test
    void afterTheCutOver_theRunIsValidatedItemByItemAgainstTheSourceAsItIsThen_likeAnyRun() {
        copiedAndMarked();
        liveWrites(app, source);
        cutOver(app, follower, "run1");

        ValidationProgress validated = app.validate("run1", "exec-run1");

        assertThat(validated.passed()).as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString())
                .isTrue();
        ValidationReport report = app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class);
        TableValidation contacts = report.tables().stream().filter(t -> t.model().equals("Contacts")).findFirst().orElseThrow();
        // Seven contacts at the copy, c8 inserted since: the source as it is now, each compared at its key.
        assertThat(contacts.byDigest()).isFalse();
        assertThat(contacts.sourceItems()).isEqualTo(contacts.matched()).isEqualTo(app.items.items(source("Contacts")).size());
        TableValidation requests = report.tables().stream().filter(t -> t.model().equals("Requests")).findFirst().orElseThrow();
        assertThat(requests.referencesChecked()).isPositive();
        assertThat(requests.brokenReferences()).isZero();
        // Its source was not compared with the analysis's read, and the words say so rather than "same".
        assertThat(report.tables()).extracting(TableValidation::sourceState).containsOnly("followed");
        assertThat(TableValidation.sourcesState(report.tables())).isEqualTo("followed to the cut-over and checked as they were then");
        assertThat(app.artifacts.json(RunLayout.manifest("run1"), dev.dmig.run.RunManifest.class).status())
                .isEqualTo(dev.dmig.run.RunStatus.VALIDATED);
    }

    @Test
    void aTargetThatDiffersFromTheSourceAtTheCutOver_failsValidation_namingTheItem_andTheRunIsNotValidated() {
        copiedAndMarked();
        liveWrites(app, source);
        cutOver(app, follower, "run1");
        // Something else deletes a contact following wrote after it ended: three references of two requests point at it.
        app.items.delete(target("Contacts"), item("id", s(app.newId("Contacts", "c8"))));

        ValidationProgress validated = app.validate("run1", "exec-run1");

        assertThat(validated.passed()).isFalse();
        ValidationReport report = app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class);
        assertThat(report.failures()).contains("table Contacts: 1 target item missing",
                "table Requests: 3 references do not resolve in the target");
        assertThat(app.artifacts.json(RunLayout.manifest("run1"), dev.dmig.run.RunManifest.class).status())
                .isNotEqualTo(dev.dmig.run.RunStatus.VALIDATED);
    }

    /** A key following deleted (its source item removed) that holds an item again at validation fails it, named. */
    @Test
    void anItemFollowingDeleted_foundInTheTargetAgain_failsValidation_namingIt() {
        copiedAndMarked();
        Map<String, AttributeValue> r2 = app.items.item(target("Requests"), item("id", s(app.newId("Requests", "r2")))).orElseThrow();
        liveWrites(app, source);
        cutOver(app, follower, "run1");
        app.items.put(target("Requests"), r2);

        ValidationProgress validated = app.validate("run1", "exec-run1");

        assertThat(validated.passed()).isFalse();
        assertThat(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures()).containsExactly(
                "table Requests: 1 target item(s) that following deleted are there again though no source item maps to them"
                        + " (first: id=" + app.newId("Requests", "r2") + ")");
    }

    @Test
    void aShardTheStreamNoLongerHolds_failsFollowing_ratherThanLeaveItsChangesOut() {
        SampleMigration app = app("abort");
        StreamedSource source = streams(app);
        Follower follower = follower(app, source).with(MARKED);
        source.put(source("Contacts"), item("id", s("c1"), "name", s("before the mark")));
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        source.put(source("Contacts"), item("id", s("c1"), "name", s("after the mark")));
        source.split(source("Contacts")).expire(source("Contacts"));

        assertThatThrownBy(() -> follower.with(A_DAY_LATER).follow("run1", Deadline.in(0))).isInstanceOf(ChangesLostException.class)
                .hasMessage(lost("Contacts", "Contacts-dev111-NONE-0: the stream no longer holds it"));
    }

    /** When the mark was taken, and 30 hours later: how old the mark is when its changes are found lost. */
    private static final java.time.Clock MARKED = java.time.Clock.fixed(java.time.Instant.parse("2026-03-01T08:00:00Z"),
            java.time.ZoneOffset.UTC);
    private static final java.time.Clock A_DAY_LATER = java.time.Clock.offset(MARKED, java.time.Duration.ofHours(30));

    private static String lost(String model, String why) {
        return "table " + model + ": changes made to source table " + source(model) + " since the mark taken 30.0 hours ago are"
                + " lost from its stream (shard " + why + "; a stream keeps each change 24 hours), so the target would be left"
                + " short of them and the run is rolled back: start the run again, and resume a run stopped while following within a day";
    }

    /**
     * Every stream is empty at the mark here (the app wrote its records before the streams were turned on): a removal
     * made after the mark and trimmed from the stream before following reads it is a loss following names, not a shard
     * read from its oldest record that silently gives nothing; the target keeps the item, and the run fails.
     */
    @Test
    void aShardEmptyAtTheMark_whoseChangesAreTrimmedBeforeFollowingReadsThem_failsFollowing_namingTheLoss() {
        app = app("abort");
        source = streams(app);
        follower = follower(app, source).with(MARKED);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        FollowCheckpoint marked = app.artifacts.json(RunLayout.followCheckpoint("run1", "Contacts"), FollowCheckpoint.class);
        source.delete(source("Contacts"), "c4");
        source.trim(source("Contacts"));

        assertThat(marked.after(source("Contacts") + "-0")).as("an empty shard's mark is its start").startsWith(StreamShard.AT);
        assertThatThrownBy(() -> follower.with(A_DAY_LATER).follow("run1", Deadline.in(60_000)))
                .isInstanceOf(ChangesLostException.class)
                .hasMessage(lost("Contacts", "Contacts-dev111-NONE-0: its records after its start are trimmed from the stream"));
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c4"))))).isPresent();
    }

    /**
     * A checkpoint stored by an earlier version, whose empty shards' marks were left out ({@code {}}) and which says
     * nothing of when it was taken: such a shard is read from its start, as a new mark's is, so a trimmed change is named
     * lost; untrimmed, its changes are applied.
     */
    @Test
    void anOldCheckpointWithoutItsEmptyShards_readsThemFromTheirStart_notFromTheOldestRecordKept() {
        copiedAndMarked();
        String key = RunLayout.followCheckpoint("run1", "Contacts");
        FollowCheckpoint marked = app.artifacts.json(key, FollowCheckpoint.class);
        FollowCheckpoint old = new FollowCheckpoint(marked.table(), marked.streamArn(), Map.of(), List.of(), 0, 0, null, 0, 0, 0,
                null);
        app.artifacts.putJson(key, old);
        source.put(source("Contacts"), item("id", s("c9"), "name", s("after the mark")));

        follower.follow("run1", Deadline.in(0));
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c9"))))).isPresent();

        app.artifacts.putJson(key, old);
        source.delete(source("Contacts"), "c9");
        source.trim(source("Contacts"));
        assertThatThrownBy(() -> follower.follow("run1", Deadline.in(0))).isInstanceOf(ChangesLostException.class)
                .hasMessageStartingWith("table Contacts: changes made to source table Contacts-dev111-NONE since the mark taken"
                        + " before the copy are lost from its stream (shard Contacts-dev111-NONE-0: its records after its start"
                        + " are trimmed from the stream;");
    }

    /**
     * A mark younger than a day: no change after it can have been trimmed yet, so a shard with no change read since is read
     * from the oldest record its stream keeps (DynamoDB Local answers a read at a shard's first sequence number as trimmed
     * once other tables were written); a day later, the same read is a loss.
     */
    @Test
    void aMarkYoungerThanADay_readsAShardWithNothingReadSince_fromTheOldestRecordKept() {
        app = app("abort");
        source = streams(app).startReadsTrimmed();
        follower = follower(app, source).with(MARKED);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        source.delete(source("Contacts"), "c4");

        assertThatThrownBy(() -> follower.with(A_DAY_LATER).follow("run1", Deadline.in(0))).isInstanceOf(ChangesLostException.class);
        follower.with(java.time.Clock.offset(MARKED, java.time.Duration.ofHours(20))).follow("run1", Deadline.in(0));
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c4"))))).isEmpty();
    }

    /** A shard empty at the mark that the stream no longer holds (its child does) may have taken changes since: named lost. */
    @Test
    void aShardEmptyAtTheMark_thatTheStreamNoLongerHolds_failsFollowing() {
        app = app("abort");
        source = streams(app);
        follower = follower(app, source).with(MARKED);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        source.delete(source("Contacts"), "c4");
        source.split(source("Contacts")).expire(source("Contacts"));

        assertThatThrownBy(() -> follower.with(A_DAY_LATER).follow("run1", Deadline.in(0))).isInstanceOf(ChangesLostException.class)
                .hasMessage(lost("Contacts", "Contacts-dev111-NONE-0: the stream no longer holds it"));
    }

    /** A shard born since the mark and gone before following read it (its child is there): its changes are named lost. */
    @Test
    void aShardBornSinceTheMark_thatTheStreamNoLongerHolds_failsFollowing() {
        app = app("abort");
        source = streams(app);
        follower = follower(app, source).with(MARKED);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        source.split(source("Contacts"));
        source.delete(source("Contacts"), "c4");
        source.split(source("Contacts")).expire(source("Contacts"), source("Contacts") + "-0c");

        assertThatThrownBy(() -> follower.with(A_DAY_LATER).follow("run1", Deadline.in(0))).isInstanceOf(ChangesLostException.class)
                .hasMessage(lost("Contacts", "Contacts-dev111-NONE-0c: born since the mark, parent of shard Contacts-dev111-NONE-0cc,"
                        + " the stream no longer holds it"));
    }

    /**
     * A shard closed (its stream turned off) that gives empty pages before its last records: an empty page is not its
     * end, so the cut-over waits for the records after it, and the shard is noted ended only once read to its end.
     */
    @Test
    void aClosedShardGivingEmptyPagesBeforeItsEnd_isReadToItsEnd_beforeTheCutOverEnds() {
        copiedAndMarked();
        source.put(source("Contacts"), item("id", s("c9"), "name", s("after an empty page")));
        source.close(source("Contacts")).emptyReads(source("Contacts"), 2);

        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c9"))))).isPresent();
        assertThat(app.artifacts.json(RunLayout.followCheckpoint("run1", "Contacts"), FollowCheckpoint.class).ended(
                source("Contacts") + "-0")).isTrue();
        assertThat(targets(app)).isEqualTo(expected(app, before));
    }

    /** Production's own record at a key of AppPreferences (preserved IDs): one the copy never saw, written after it. */
    private static final Map<String, AttributeValue> PRODS_FONT = item("id", s("font"), "value", s("prod's own"));

    /**
     * A stream whose kept iterators answer empty pages (as DynamoDB Streams' may, with records further on) until it is
     * read afresh.
     */
    private static final class QuietUntilAfresh extends ForwardingSourceStream {
        private volatile boolean quiet;

        QuietUntilAfresh(SourceStream inner) {
            super(inner);
        }

        @Override
        public ShardPage read(String streamArn, String shardId, String position, int limit) {
            return quiet ? new ShardPage(List.of(), position, false) : inner.read(streamArn, shardId, position, limit);
        }

        @Override
        public void readAfresh() {
            quiet = false;
        }
    }

    /**
     * One empty page of an open shard, from an iterator kept from the last read, does not end following at the cut-over:
     * it reads afresh first, and the change made before the cut-over reaches the target.
     */
    @Test
    void atTheCutOver_anEmptyPageFromAKeptIterator_doesNotEndFollowing_beforeAFreshRead() {
        app = app("abort");
        source = streams(app);
        QuietUntilAfresh stream = new QuietUntilAfresh(source);
        follower = follower(app, stream);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        follower.follow("run1", Deadline.in(0));
        stream.quiet = true;
        source.put(source("Contacts"), item("id", s("c9"), "name", s("just before the cut-over")));

        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c9"))))).isPresent();
    }

    /** A sample app under {@code onConflict} copied by run1, its streams then marked, and production's font written. */
    private void copiedAndMarkedWithProductionsFont(String onConflict) {
        app = app(onConflict);
        source = streams(app);
        follower = follower(app, source);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        app.items.put(target("AppPreferences"), PRODS_FONT);
        before = snapshot(app);
    }

    /**
     * A call whose tables wait for a decision (held) waits between its passes as one caught up does, rather than read
     * every stream again at once for the rest of its time: over ten seconds of a clock that only sleeping moves (and
     * each look at it, by a millisecond), a held call makes a pass per poll, not thousands.
     */
    @Test
    void aCallHeldForADecision_waitsBetweenItsPasses_ratherThanReadingAgainAtOnce() {
        copiedAndMarkedWithProductionsFont("abort");
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("serif")));
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger sleeps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        SourceStream counted = new ForwardingSourceStream(source) {
            @Override
            public ShardPage read(String streamArn, String shardId, String position, int limit) {
                reads.incrementAndGet();
                return super.read(streamArn, shardId, position, limit);
            }
        };
        Follower slept = new Follower(app.items, app.artifacts, plan -> counted, app.writePool,
                new WriteWindows(app.settings.writeConcurrency(), app.settings.throttlePatienceMillis()),
                new WriterFence(app.artifacts), millis -> {
                    sleeps.incrementAndGet();
                    nanos.addAndGet(millis * 1_000_000);
                });

        slept.follow("run1", Deadline.in(10_000, () -> nanos.addAndGet(1_000_000)));

        assertThat(table(app, "AppPreferences").held()).containsExactly("id=font (production's own record)");
        assertThat(sleeps.get()).as("polls slept").isPositive();
        assertThat(reads.get()).as("stream reads in ten seconds held").isLessThan(10_000 / (int) Follower.POLL_MILLIS * 20);
    }

    /**
     * Under abort, production's own record at a key a source change was to be written: nothing of the page is written,
     * following holds the key, named, and waits (calls after it change nothing); decided skip, it goes on and the run
     * validates, the record left as production has it, and a rollback leaves it.
     */
    @Test
    void underAbort_aSourceInsertAtAKeyWhereProductionHoldsItsOwnRecord_holdsFollowing_namingTheKey_untilDecided() {
        copiedAndMarkedWithProductionsFont("abort");
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("serif")));
        source.put(source("AppPreferences"), item("id", s("theme"), "value", s("dark")));

        FollowProgress progress = follower.follow("run1", Deadline.in(0));
        follower.follow("run1", Deadline.in(0));

        assertThat(progress.done()).isFalse();
        FollowStatus.Table prefs = table(app, "AppPreferences");
        assertThat(prefs.held()).containsExactly("id=font (production's own record)");
        assertThat(prefs.caughtUp()).isFalse();
        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(PRODS_FONT);
        assertThat(followRecords(app, "AppPreferences")).filteredOn(r -> r.key().toString().contains("font")).isEmpty();

        assertThat(FollowDecisions.decide(app.artifacts, "run1", dev.dmig.plan.ConflictPolicy.SKIP)).containsEntry("AppPreferences", 1);
        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(PRODS_FONT);
        assertThat(app.items.item(target("AppPreferences"), item("id", s("theme")))).contains(item("id", s("theme"), "value", s("dark")));
        assertThat(table(app, "AppPreferences").held()).isEmpty();
        assertThat(table(app, "AppPreferences").conflicts()).isEqualTo(1);
        assertThat(validated(app)).isTrue();
        app.rollBack("run1", "exec-rb");
        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(PRODS_FONT);
    }

    /** Decided overwrite, a held record is written over, its pre-image journaled first and put back by a rollback. */
    @Test
    void underAbort_aHeldRecordDecidedOverwrite_isWrittenOver_andPutBackByARollback() {
        copiedAndMarkedWithProductionsFont("abort");
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("serif")));
        follower.follow("run1", Deadline.in(0));

        FollowDecisions.decide(app.artifacts, "run1", dev.dmig.plan.ConflictPolicy.OVERWRITE);
        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(item("id", s("font"), "value", s("serif")));
        JournalRecord font = followRecords(app, "AppPreferences").get(0);
        assertThat(font.action()).isEqualTo(JournalRecord.Action.OVERWRITTEN);
        assertThat(DynamoJson.item(font.preImage())).isEqualTo(PRODS_FONT);
        assertThat(validated(app)).isTrue();
        app.rollBack("run1", "exec-rb");
        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(PRODS_FONT);
    }

    private static FollowStatus.Table table(SampleMigration app, String model) {
        return FollowStatus.read(app.artifacts, "run1").orElseThrow().tables().stream()
                .filter(t -> t.table().equals(source(model))).findFirst().orElseThrow();
    }

    private static boolean validated(SampleMigration app) {
        ValidationProgress validated = app.validate("run1", "exec-run1");
        assertThat(validated.passed()).as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString())
                .isTrue();
        return true;
    }

    /** Production's edit of a record the copy wrote, as the app's users make it in the target. */
    private Map<String, AttributeValue> productionEdits(String model, String oldId) {
        String newId = app.newId(model, oldId);
        Map<String, AttributeValue> edited = new java.util.HashMap<>(app.items.item(target(model), item("id", s(newId))).orElseThrow());
        edited.put("name", s("edited in production"));
        app.items.put(target(model), edited);
        return edited;
    }

    /**
     * Production edits a Contact the copy wrote, then dev renames it: under skip the edit is left as production has it,
     * counted as production's edit and named (not "older than the copy"), journaled CHANGED with the edit; the cut-over's
     * validation passes, and a rollback keeps the edited record.
     */
    @Test
    void underSkip_productionsEditOfARecordTheRunWrote_isLeftAsProductionHasIt_namedAndValidated() {
        app = app("skip");
        source = streams(app);
        follower = follower(app, source);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        Map<String, AttributeValue> edit = productionEdits("Contacts", "c2");
        source.put(source("Contacts"), with(app, "Contacts", "c2", "name", s("Bo (renamed in dev)")));

        cutOver(app, follower, "run1");

        String c2 = app.newId("Contacts", "c2");
        assertThat(app.items.item(target("Contacts"), item("id", s(c2)))).contains(edit);
        FollowStatus.Table contacts = table(app, "Contacts");
        assertThat(contacts.older()).isZero();
        assertThat(contacts.edited()).isEqualTo(1);
        assertThat(contacts.conflicts()).isZero();
        assertThat(contacts.left()).containsExactly("id=" + c2 + " (the run's record, changed by production since the run wrote it)");
        JournalRecord record = followRecords(app, "Contacts").get(0);
        assertThat(record.action()).isEqualTo(JournalRecord.Action.CHANGED);
        assertThat(DynamoJson.item(record.preImage())).isEqualTo(edit);
        assertThat(validated(app)).isTrue();
        app.rollBack("run1", "exec-rb");
        assertThat(app.items.item(target("Contacts"), item("id", s(c2)))).contains(edit);
    }

    /** Under overwrite, dev's change is written over production's edit, which its journal entry names first. */
    @Test
    void underOverwrite_productionsEditOfARecordTheRunWrote_isJournaledWithTheWriteOverIt() {
        app = app("overwrite");
        source = streams(app);
        follower = follower(app, source);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        Map<String, AttributeValue> edit = productionEdits("Contacts", "c2");
        Map<String, AttributeValue> renamed = with(app, "Contacts", "c2", "name", s("Bo (renamed in dev)"));
        source.put(source("Contacts"), renamed);

        cutOver(app, follower, "run1");

        String c2 = app.newId("Contacts", "c2");
        assertThat(app.items.item(target("Contacts"), item("id", s(c2)))).contains(new ItemTransformer(app.plan()).transform("Contacts", renamed));
        dev.dmig.journal.Journal journal = new dev.dmig.journal.Journal(app.artifacts);
        dev.dmig.journal.JournalEntry entry = journal.read(journal.entries("run1", "Contacts", ChangeApplier.SEGMENT).get(0)).orElseThrow();
        assertThat(entry.laterWrites()).hasSize(1);
        assertThat(DynamoJson.item(entry.laterWrites().get(0).replaced())).isEqualTo(edit);
        assertThat(validated(app)).isTrue();
    }

    /** Under abort, production's edit holds following, named as such, until decided; decided skip, the run validates. */
    @Test
    void underAbort_productionsEditOfARecordTheRunWrote_holdsFollowing_untilDecided() {
        copiedAndMarked();
        Map<String, AttributeValue> edit = productionEdits("Contacts", "c2");
        source.put(source("Contacts"), with(app, "Contacts", "c2", "name", s("Bo (renamed in dev)")));

        follower.follow("run1", Deadline.in(0));

        String c2 = app.newId("Contacts", "c2");
        assertThat(table(app, "Contacts").held())
                .containsExactly("id=" + c2 + " (the run's record, changed by production since the run wrote it)");
        FollowDecisions.decide(app.artifacts, "run1", dev.dmig.plan.ConflictPolicy.SKIP);
        cutOver(app, follower, "run1");
        assertThat(app.items.item(target("Contacts"), item("id", s(c2)))).contains(edit);
        assertThat(table(app, "Contacts").edited()).isEqualTo(1);
        assertThat(validated(app)).isTrue();
        assertThat(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).tables())
                .as("counted as left by production, not as a difference").filteredOn(t -> t.model().equals("Contacts"))
                .extracting(dev.dmig.validate.TableValidation::leftByProduction, dev.dmig.validate.TableValidation::mismatched)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 0L));
    }

    /**
     * A test run's records that the full run took over are the run's own while following: a dev change of one is applied
     * under abort, journaled over the test run's record (which a rollback puts back), and the run validates.
     */
    @Test
    void aTestRunsRecordTheRunTookOver_isTheRunsOwnWhileFollowing() {
        app = app("abort");
        source = streams(app);
        follower = follower(app, source);
        app.analyze(app.testRequest("t1", "Contacts", "c2", 1, false));
        app.testRecords().run("t1");
        app.finalizer().finish("t1", "succeeded", null);
        String c2 = app.newId("Contacts", "c2");
        Map<String, AttributeValue> tested = app.items.item(target("Contacts"), item("id", s(c2))).orElseThrow();
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        assertThat(dev.dmig.run.RunFiles.adopted(app.artifacts, "run1", "Contacts")).hasSize(1);
        follower.marks().mark("run1");
        Map<String, AttributeValue> renamed = with(app, "Contacts", "c2", "name", s("Bo (renamed in dev)"));
        source.put(source("Contacts"), renamed);

        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("Contacts"), item("id", s(c2)))).contains(new ItemTransformer(app.plan()).transform("Contacts", renamed));
        JournalRecord record = followRecords(app, "Contacts").get(0);
        assertThat(record.action()).isEqualTo(JournalRecord.Action.OVERWRITTEN);
        assertThat(DynamoJson.item(record.preImage())).isEqualTo(tested);
        assertThat(validated(app)).isTrue();
        app.rollBack("run1", "exec-rb");
        assertThat(app.items.item(target("Contacts"), item("id", s(c2)))).contains(tested);
    }

    /**
     * Under skip, production's record is left as it is, counted in the checkpoint and in what dmig status reads; every
     * later change of the item is left alone too (a removal included), the run validates (the key is known skipped), and
     * its rollback leaves the record.
     */
    @Test
    void underSkip_aSourceInsertAtAKeyWhereProductionHoldsItsOwnRecord_isLeftAsItIs_andCounted() {
        copiedAndMarkedWithProductionsFont("skip");
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("serif")));
        source.put(source("AppPreferences"), item("id", s("lang"), "value", s("fr")));
        follower.follow("run1", Deadline.in(0));
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("sans")));

        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(PRODS_FONT);
        assertThat(app.items.item(target("AppPreferences"), item("id", s("lang")))).contains(item("id", s("lang"), "value", s("fr")));
        // Both changes at production's font are counted left, the later one too (the key's left alone from the first).
        FollowCheckpoint prefs = app.artifacts.json(RunLayout.followCheckpoint("run1", "AppPreferences"), FollowCheckpoint.class);
        assertThat(prefs.conflicts()).isEqualTo(2);
        assertThat(prefs.left()).extracting(FollowCheckpoint.KeyNote::describe).containsExactly("id=font (production's own record)");
        assertThat(FollowStatus.read(app.artifacts, "run1").orElseThrow().conflicts()).isEqualTo(2);
        assertThat(followRecords(app, "AppPreferences")).filteredOn(r -> r.key().toString().contains("font"))
                .extracting(JournalRecord::action).containsExactly(JournalRecord.Action.SKIPPED);
        ValidationProgress validated = app.validate("run1", "exec-run1");
        assertThat(validated.passed()).as(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures().toString())
                .isTrue();

        app.rollBack("run1", "exec-rb");
        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(PRODS_FONT);
    }

    @Test
    void underOverwrite_aRecordProductionHolds_isJournaledWithItsPreImage_writtenOver_andPutBackByARollback() {
        copiedAndMarkedWithProductionsFont("overwrite");
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("serif")));

        cutOver(app, follower, "run1");

        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(item("id", s("font"), "value", s("serif")));
        JournalRecord font = followRecords(app, "AppPreferences").stream().filter(r -> r.key().toString().contains("font"))
                .findFirst().orElseThrow();
        assertThat(font.action()).isEqualTo(JournalRecord.Action.OVERWRITTEN);
        assertThat(DynamoJson.item(font.preImage())).isEqualTo(PRODS_FONT);
        assertThat(font.written()).isEqualTo(dev.dmig.store.ContentDigest.itemHash(item("id", s("font"), "value", s("serif"))));
    }

    /** A store through which production writes {@code record} to {@code table} just before following's next guarded write. */
    private static final class WritesFirst extends dev.dmig.store.ForwardingItemStore {
        private final String table;
        private final Map<String, AttributeValue> record;
        private boolean written;

        WritesFirst(dev.dmig.store.InMemoryItemStore inner, String table, Map<String, AttributeValue> record) {
            super(inner);
            this.table = table;
            this.record = record;
        }

        @Override
        public synchronized dev.dmig.store.GuardedOutcome writeIfOnce(String name, List<dev.dmig.store.GuardedWrite> writes) {
            if (!written && name.equals(table)) {
                written = true;
                ((dev.dmig.store.InMemoryItemStore) inner).put(table, record);
            }
            return inner.writeIfOnce(name, writes);
        }
    }

    /**
     * A write of an earlier attempt of a page (cut off mid-call, as a killed run's is) lands after the next attempt read
     * the key: the key holds a state the run's journal says it left there, so it is the run's own, and following writes
     * over it under abort too, holding nothing and counting no conflict.
     */
    @Test
    void anEarlierAttemptsWriteLandingAfterTheRead_isTheRunsOwn_andWrittenOver_evenUnderAbort() {
        app = app("abort");
        source = streams(app);
        LandsLate store = new LandsLate(app.items, target("Contacts"));
        follower = follower(app, store, source);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        source.put(source("Contacts"), with(app, "Contacts", "c2", "name", s("Bo, first rename")));

        assertThatThrownBy(() -> follower.follow("run1", Deadline.in(0))).hasMessageContaining("cut off");
        Map<String, AttributeValue> renamed = with(app, "Contacts", "c2", "name", s("Bo, second rename"));
        source.put(source("Contacts"), renamed);
        follower.follow("run1", Deadline.in(0));
        assertThat(table(app, "Contacts").held()).isEmpty();
        cutOver(app, follower, "run1");

        assertThat(store.landed).as("the first attempt's write landed after the second attempt's read").isTrue();
        Map<String, AttributeValue> key = item("id", s(app.newId("Contacts", "c2")));
        assertThat(app.items.item(target("Contacts"), key)).contains(new ItemTransformer(app.plan()).transform("Contacts", renamed));
        FollowStatus status = FollowStatus.read(app.artifacts, "run1").orElseThrow();
        assertThat(status.conflicts() + status.edited()).isZero();
        assertThat(table(app, "Contacts").held()).isEmpty();
        assertThat(validated(app)).isTrue();
    }

    /**
     * An attempt killed after its journal entry and its write, before its checkpoint: the next attempt reads more of the
     * stream, and its write at the key the first created leaves another state there. Both are the run's: a later change
     * to the record is applied under abort, holding nothing, not taken for production's edit.
     */
    @Test
    void aKilledAttemptsRecord_andTheNextAttemptsLaterStateAtItsKey_areBothTheRuns_soALaterChangeIsApplied_underAbort() {
        app = app("abort");
        source = streams(app);
        DiesAfterWrite store = new DiesAfterWrite(app.items, target("Contacts"));
        follower = follower(app, store, source);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        source.put(source("Contacts"), item("id", s("c9"), "name", s("Hal")));

        assertThatThrownBy(() -> follower.follow("run1", Deadline.in(0))).hasMessageContaining("killed");
        source.put(source("Contacts"), item("id", s("c9"), "name", s("Hal, renamed")));
        follower.follow("run1", Deadline.in(0));
        Map<String, AttributeValue> last = item("id", s("c9"), "name", s("Hal, renamed again"));
        source.put(source("Contacts"), last);
        follower.follow("run1", Deadline.in(0));

        assertThat(table(app, "Contacts").held()).isEmpty();
        cutOver(app, follower, "run1");
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c9")))))
                .contains(new ItemTransformer(app.plan()).transform("Contacts", last));
        FollowStatus status = FollowStatus.read(app.artifacts, "run1").orElseThrow();
        assertThat(status.conflicts() + status.edited()).isZero();
        assertThat(validated(app)).isTrue();
    }

    /**
     * A run asked to follow is killed while Analyze takes its streams' marks (one taken, the next cut off): its resumed
     * Analyze, whose input does not ask to follow, takes the rest before any copy, and the run is followed to the end.
     */
    @Test
    void aRunKilledWhileItsMarksAreTaken_takesTheRestWhenResumed_beforeItsCopy_andIsFollowedToTheEnd() {
        app = app("abort");
        source = streams(app);
        before = snapshot(app);
        SourceStream cutAtRequests = new ForwardingSourceStream(source) {
            @Override
            public java.util.Optional<StreamDescription> describe(String table) {
                if (table.equals(source("Requests"))) {
                    throw new IllegalStateException("killed while marking");
                }
                return inner.describe(table);
            }
        };
        RunRequest asked = new RunRequest("full", "run1", null, app.planNode(), null, null, null, null, true, null, null,
                null, null, null, null, true);
        RunState analyzed = app.analyze(asked);
        assertThatThrownBy(() -> follower(app, cutAtRequests).marks().ready(asked, analyzed, Deadline.none()))
                .hasMessage("killed while marking");
        assertThat(app.artifacts.getJson(RunLayout.followCheckpoint("run1", "Contacts"), FollowCheckpoint.class)).isPresent();
        assertThat(app.artifacts.getJson(RunLayout.followCheckpoint("run1", "Requests"), FollowCheckpoint.class)).isEmpty();

        follower = follower(app, source);
        RunRequest resumed = new RunRequest("full", "run1", null, null, null, null, null, null, null, null, null, true, null);
        RunState ready = follower.marks().ready(resumed, analyzed, Deadline.none());

        assertThat(ready.follow()).isTrue();
        SampleMigration.MIGRATED.forEach(model -> assertThat(app.artifacts.getJson(RunLayout.followCheckpoint("run1", model),
                FollowCheckpoint.class)).as(model).isPresent());
        app.migrate(ready, 60_000);
        liveWrites(app, source);
        cutOver(app, follower, "run1");
        assertThat(targets(app)).isEqualTo(expected(app, before));
        assertThat(validated(app)).isTrue();
    }

    /** A store whose first guarded write to {@code table} is carried out, and then its caller dies, as a killed run does. */
    private static final class DiesAfterWrite extends dev.dmig.store.ForwardingItemStore {
        private final String table;
        private boolean died;

        DiesAfterWrite(dev.dmig.store.InMemoryItemStore inner, String table) {
            super(inner);
            this.table = table;
        }

        @Override
        public synchronized dev.dmig.store.GuardedOutcome writeIfOnce(String name, List<dev.dmig.store.GuardedWrite> writes) {
            dev.dmig.store.GuardedOutcome outcome = inner.writeIfOnce(name, writes);
            if (name.equals(table) && !died) {
                died = true;
                throw new IllegalStateException("killed after its write");
            }
            return outcome;
        }
    }

    /**
     * A store whose first guarded write to {@code table} is cut off before it is carried out, and carried out just before
     * the next guarded write to it: an earlier attempt's write on its way when the next attempt reads.
     */
    private static final class LandsLate extends dev.dmig.store.ForwardingItemStore {
        private final String table;
        private List<dev.dmig.store.GuardedWrite> cutOff;
        boolean landed;

        LandsLate(dev.dmig.store.InMemoryItemStore inner, String table) {
            super(inner);
            this.table = table;
        }

        @Override
        public synchronized dev.dmig.store.GuardedOutcome writeIfOnce(String name, List<dev.dmig.store.GuardedWrite> writes) {
            if (name.equals(table) && cutOff == null) {
                cutOff = writes;
                throw new IllegalStateException("connection cut off");
            }
            if (name.equals(table) && !landed) {
                landed = true;
                cutOff.forEach(write -> ((dev.dmig.store.InMemoryItemStore) inner).put(table, write.request().putRequest().item()));
            }
            return inner.writeIfOnce(name, writes);
        }
    }

    /**
     * Production writes its record at the key after following read it empty and before its write: the write is guarded by
     * what following read, so the record is not overwritten, and onConflict decides as for one there at the read.
     */
    @ParameterizedTest
    @ValueSource(strings = {"abort", "skip"})
    void aRecordProductionWritesBetweenFollowingsReadAndItsWrite_isNotOverwritten(String onConflict) {
        app = app(onConflict);
        source = streams(app);
        follower = follower(app, new WritesFirst(app.items, target("AppPreferences"), PRODS_FONT), source);
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.marks().mark("run1");
        source.put(source("AppPreferences"), item("id", s("font"), "value", s("serif")));

        if (onConflict.equals("abort")) {
            follower.follow("run1", Deadline.in(0));
            assertThat(table(app, "AppPreferences").held()).containsExactly("id=font (written by production while following wrote there)");
            FollowDecisions.decide(app.artifacts, "run1", dev.dmig.plan.ConflictPolicy.SKIP);
        }
        cutOver(app, follower, "run1");
        assertThat(FollowStatus.read(app.artifacts, "run1").orElseThrow().conflicts()).isEqualTo(1);
        assertThat(followRecords(app, "AppPreferences")).extracting(JournalRecord::action)
                .containsExactly(JournalRecord.Action.LATE);
        assertThat(validated(app)).isTrue();
        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(PRODS_FONT);
        app.rollBack("run1", "exec-rb");
        assertThat(app.items.item(target("AppPreferences"), item("id", s("font")))).contains(PRODS_FONT);
    }

    /**
     * A key the run already journaled (the copy's) written again by following: its journal entry names it as a later
     * write with the hash of what it leaves (none for a delete), stored before the write, which fails here; a key
     * following writes first is journaled with the hash of what it writes.
     */
    @Test
    void aKeyTheRunAlreadyJournaled_isJournaledAgainAsALaterWrite_withWhatItLeaves_beforeTheWrite() {
        copiedAndMarked();
        Map<String, AttributeValue> renamed = with(app, "Contacts", "c2", "name", s("Bo (renamed)"));
        source.put(source("Contacts"), renamed);
        source.delete(source("Contacts"), "c3");
        source.put(source("Contacts"), item("id", s("c9"), "name", s("new")));
        app.items.failAlways(dev.dmig.store.InMemoryItemStore.Operation.CONDITIONAL_WRITE, target("Contacts"));

        assertThatThrownBy(() -> follower.follow("run1", Deadline.in(0))).isInstanceOf(RuntimeException.class);

        dev.dmig.journal.Journal journal = new dev.dmig.journal.Journal(app.artifacts);
        dev.dmig.journal.JournalEntry entry = journal.read(journal.entries("run1", "Contacts", ChangeApplier.SEGMENT).get(0))
                .orElseThrow();
        ItemTransformer transformer = new ItemTransformer(app.plan());
        assertThat(entry.laterWrites()).extracting(w -> w.key().get("id").get("S").asText(), dev.dmig.journal.JournalEntry.LaterWrite::written)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(app.newId("Contacts", "c2"),
                                dev.dmig.store.ContentDigest.itemHash(transformer.transform("Contacts", renamed))),
                        org.assertj.core.groups.Tuple.tuple(app.newId("Contacts", "c3"), null));
        assertThat(entry.records()).extracting(r -> r.key().get("id").get("S").asText(), JournalRecord::written)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(app.newId("Contacts", "c9"), dev.dmig.store.ContentDigest
                        .itemHash(transformer.transform("Contacts", item("id", s("c9"), "name", s("new"))))));
        assertThat(app.items.item(target("Contacts"), item("id", s(app.newId("Contacts", "c9"))))).isEmpty();
    }

    /**
     * A removal in the source that following never applied (lost from the stream): the item the copy wrote stays in the
     * target, and the cut-over's validation, looking at every key the run wrote, fails naming the table, the key and why.
     */
    @Test
    void aRemovalFollowingNeverApplied_failsTheValidation_namingTheTableTheKeyAndTheCause() {
        copiedAndMarked();
        // Removed without a record in the stream, as a removal trimmed from it before it was read would be.
        app.items.delete(source("Contacts"), item("id", s("c4")));
        source.put(source("Contacts"), item("id", s("c9"), "name", s("new")));
        cutOver(app, follower, "run1");

        ValidationProgress validated = app.validate("run1", "exec-run1");

        assertThat(validated.passed()).isFalse();
        assertThat(app.artifacts.json(RunLayout.validation("run1"), ValidationReport.class).failures()).containsExactly(
                "table Contacts: 1 target item(s) the run wrote are there though no source item maps to them any more, as a"
                        + " removal in the source that following did not apply leaves them (first: id="
                        + app.newId("Contacts", "c4") + " (source item c4 no longer exists))");
    }

    @Test
    void aTableWithoutAStreamOfImages_isRefusedInOneLine_namingItAndTheCommand() {
        SampleMigration app = app("abort");
        StreamedSource source = new StreamedSource(app.items);
        SampleMigration.MIGRATED.stream().filter(m -> !m.equals("Properties")).forEach(m -> source.streamed(source(m)));
        app.analyze(app.fullRequest("run1"));

        assertThatThrownBy(() -> follower(app, source).marks().mark("run1")).isInstanceOf(StreamNotReadyException.class)
                .hasMessage("table Properties-dev111-NONE has no stream; following its writes needs one with the item before and "
                        + "after each change: aws dynamodb update-table --table-name Properties-dev111-NONE --stream-specification "
                        + "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES (or, for a run from your machine, add --enable-streams); nothing was written");
        source.streamed(source("Properties"), "KEYS_ONLY");
        assertThatThrownBy(() -> follower(app, source).marks().check(app.plan())).hasMessageContaining(
                "table Properties-dev111-NONE has a stream of KEYS_ONLY; following");
    }

    @Test
    void severalTablesWithoutAStreamOfImages_areNamedEveryOne_withTheOptionThatTurnsOnThoseWithout() {
        SampleMigration app = app("abort");
        StreamedSource source = new StreamedSource(app.items);
        source.streamed(source("Requests"));
        app.analyze(app.fullRequest("run1"));

        assertThatThrownBy(() -> follower(app, source).marks().check(app.plan())).isInstanceOf(StreamNotReadyException.class)
                .hasMessage("3 source tables have no stream (Contacts-dev111-NONE, Properties-dev111-NONE, "
                        + "AppPreferences-dev111-NONE); following their writes needs one with the item before and after each "
                        + "change: for a run from your machine, add --enable-streams, which turns on every one; else turn each on "
                        + "with aws dynamodb update-table --table-name <table> --stream-specification "
                        + "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES; nothing was written");
        source.streamed(source("Properties"), "KEYS_ONLY");
        assertThatThrownBy(() -> follower(app, source).marks().check(app.plan())).hasMessage("3 source tables have no stream with the "
                + "item before and after each change, which following their writes needs: Contacts-dev111-NONE, "
                + "AppPreferences-dev111-NONE have no stream; Properties-dev111-NONE has a stream of KEYS_ONLY; turn each on with "
                + "aws dynamodb update-table --table-name <table> --stream-specification "
                + "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES (for a run from your machine, --enable-streams turns on "
                + "those that have none); nothing was written");
    }
    /** A source reached at an endpoint with no region of the plan's: the printed command names the region dmig used there. */
    @Test
    void theCommandsPrinted_forASourceAtAnEndpointWithoutARegion_nameTheRegionItsClientUses() {
        java.net.URI endpoint = java.net.URI.create("http://localhost:8000");
        dev.dmig.store.Account planned = new dev.dmig.store.Account(null, null, null, endpoint, null);
        try (software.amazon.awssdk.services.dynamodb.DynamoDbClient client = software.amazon.awssdk.services.dynamodb.DynamoDbClient
                .builder().region(software.amazon.awssdk.regions.Region.EU_WEST_1).endpointOverride(endpoint)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("key", "secret"))).build()) {

            assertThat(StreamCommand.turnOn("Team-dev", StreamCommand.reachedAt(planned, client))).isEqualTo("aws dynamodb update-table"
                    + " --table-name Team-dev --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES"
                    + " --region eu-west-1 --endpoint-url http://localhost:8000");
            dev.dmig.store.Account own = new dev.dmig.store.Account("us-west-2", null, null, endpoint, null);
            assertThat(StreamCommand.reachedAt(own, client)).as("a region of the plan's own stays").isEqualTo(own);
        }
    }
}
