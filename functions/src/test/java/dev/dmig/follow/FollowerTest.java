package dev.dmig.follow;

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
        follower.mark("run1");
    }

    private static StreamedSource streams(SampleMigration app) {
        StreamedSource streams = new StreamedSource(app.items);
        SampleMigration.MIGRATED.forEach(model -> streams.streamed(source(model)));
        return streams;
    }

    private static Follower follower(SampleMigration app, SourceStream streams) {
        return new Follower(app.items, app.artifacts, plan -> streams, app.writePool,
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
    private static Map<String, Set<Map<String, AttributeValue>>> expected(SampleMigration app,
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

    private static Map<String, Set<Map<String, AttributeValue>>> targets(SampleMigration app) {
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
        follower.mark("run1");
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
    void aChangeMadeBeforeTheCopyReadItsItem_neverPutsBackAnOlderState_andTheTargetEndsAsTheSource() {
        SampleMigration app = app("abort");
        StreamedSource source = streams(app).pagesOf(1);
        Follower follower = follower(app, source);
        var before = snapshot(app);
        RunState state = app.analyze(app.fullRequest("run1"));
        follower.mark("run1");
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
        follower.mark("run1");
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
        assertThat(report.failures()).contains("table Contacts: 1 target items missing",
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
        Follower follower = follower(app, source);
        source.put(source("Contacts"), item("id", s("c1"), "name", s("before the mark")));
        app.migrate(app.analyze(app.fullRequest("run1")), 60_000);
        follower.mark("run1");
        source.put(source("Contacts"), item("id", s("c1"), "name", s("after the mark")));
        source.split(source("Contacts")).expire(source("Contacts"));

        assertThatThrownBy(() -> follower.follow("run1", Deadline.in(0))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("table Contacts: the stream no longer holds shard Contacts-dev111-NONE-0, followed from "
                        + "the mark taken before the copy");
    }

    @Test
    void aTableWithoutAStreamOfImages_isRefusedInOneLine_namingItAndTheCommand() {
        SampleMigration app = app("abort");
        StreamedSource source = new StreamedSource(app.items);
        SampleMigration.MIGRATED.stream().filter(m -> !m.equals("Properties")).forEach(m -> source.streamed(source(m)));
        app.analyze(app.fullRequest("run1"));

        assertThatThrownBy(() -> follower(app, source).mark("run1")).isInstanceOf(StreamNotReadyException.class)
                .hasMessage("table Properties-dev111-NONE has no stream; following its writes needs one with the item before and "
                        + "after each change: aws dynamodb update-table --table-name Properties-dev111-NONE --stream-specification "
                        + "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES (or, for a run from your machine, add --enable-streams); nothing was written");
        source.streamed(source("Properties"), "KEYS_ONLY");
        assertThatThrownBy(() -> follower(app, source).check(app.plan())).hasMessageContaining(
                "table Properties-dev111-NONE has a stream of KEYS_ONLY; following");
    }
}
