package dev.dmig.feature.match;

import static dev.dmig.store.Items.bool;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dmig.Settings;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.Analyzer;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.json.Json;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.CheckpointTotals;
import dev.dmig.migrate.ConflictsFoundException;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.migrate.LateArrivalException;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.migrate.SegmentMigrator;
import dev.dmig.migrate.SegmentProgress;
import dev.dmig.migrate.TestRecords;
import dev.dmig.migrate.TestResult;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.Rollback;
import dev.dmig.rollback.RollbackProgress;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationProgress;
import dev.dmig.validate.ValidationReport;
import dev.dmig.validate.Validator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A table's {@code match} through a whole run on the in-memory stores: dev's users paired with the users production
 * already holds by username, every job's references to them following to production's records, nothing duplicated;
 * {@code keep} leaving production's records as they are, {@code update} writing over them and a rollback putting them
 * back; ambiguous pairs refused before anything is written.
 */
class MatchedRecordsFlowTest {
    private static final String SRC = "-m-dev";
    private static final String DST = "-m-prod";

    private final InMemoryItemStore items = new InMemoryItemStore()
            .createTable("Users" + SRC, "id", ScalarAttributeType.S)
            .createTable("Users" + DST, "id", ScalarAttributeType.S)
            .createTable("Jobs" + SRC, "id", ScalarAttributeType.S)
            .createTable("Jobs" + DST, "id", ScalarAttributeType.S)
            .withPointInTimeRecovery("Users" + DST)
            .withPointInTimeRecovery("Jobs" + DST);
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final ExecutorService scanPool = Executors.newFixedThreadPool(2);
    private final ExecutorService writePool = Executors.newFixedThreadPool(2);
    private final Settings settings = new Settings("b", 2, 2, 2, 0, 5, 25_000, 32, 500);
    private final IdMapper ids = new IdMapper("m-prod");
    /** The analysis's time: what a record past its time to live is told by. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void close() {
        scanPool.shutdownNow();
        writePool.shutdownNow();
    }

    private void seed() {
        items.put("Users" + SRC,
                item("id", s("u1"), "username", s("alice"), "name", s("Alice (dev)")),
                item("id", s("u2"), "username", s("bob"), "name", s("Bob (dev)")),
                item("id", s("u3"), "username", s("carol"), "name", s("Carol (dev)")));
        items.put("Users" + DST,
                item("id", s("P1"), "username", s("alice"), "name", s("Alice"), "plan", s("gold")),
                item("id", s("P2"), "username", s("bob"), "name", s("Bob")),
                item("id", s("P9"), "username", s("zed"), "name", s("Zed")));
        items.put("Jobs" + SRC,
                item("id", s("j1"), "client", s("u1"), "operator", s("u3")),
                item("id", s("j2"), "client", s("u2"), "operator", s("u1")));
    }

    @Test
    void keep_pointsEveryReferenceAtProductionsRecord_writesNothingForIt_andNoUsernameIsHeldTwice() {
        seed();
        Map<String, Map<String, AttributeValue>> prodUsersBefore = items.snapshot("Users" + DST);

        RunState state = fullRun(plan("\"whenMatched\": \"keep\""), "k1");

        assertThat(MatchedRecords.of(artifacts, "k1").tables().get("Users").pairs()).containsExactly(
                Map.entry("u1", "P1"), Map.entry("u2", "P2"));
        Map<String, Map<String, AttributeValue>> users = byId("Users" + DST);
        assertThat(users.keySet()).containsExactlyInAnyOrder("P1", "P2", "P9", ids.newId("Users", "u3"));
        for (String id : List.of("P1", "P2", "P9")) {
            assertThat(users.get(id)).as("production's own record %s, untouched", id).isEqualTo(prodUsersBefore.values().stream()
                    .filter(u -> u.get("id").s().equals(id)).findFirst().orElseThrow());
        }
        assertThat(users.values().stream().map(u -> u.get("username").s()).toList()).doesNotHaveDuplicates();
        Map<String, Map<String, AttributeValue>> jobs = byId("Jobs" + DST);
        assertThat(jobs.get(ids.newId("Jobs", "j1"))).containsEntry("client", s("P1"))
                .containsEntry("operator", s(ids.newId("Users", "u3")));
        assertThat(jobs.get(ids.newId("Jobs", "j2"))).containsEntry("client", s("P2")).containsEntry("operator", s("P1"));
        assertThat(journal("k1", "Users")).as("the kept records journaled as left alone, which a rollback does not touch")
                .extracting(r -> r.key().get("id").get("S").asText() + " " + r.action() + " " + r.sourceId())
                .containsExactlyInAnyOrder("P1 SKIPPED u1", "P2 SKIPPED u2", ids.newId("Users", "u3") + " CREATED u3");

        assertThat(artifacts.json(RunLayout.analysis("k1"), dev.dmig.analysis.Analysis.class).totals().orphans())
                .as("references to the kept records resolve, to production's").isZero();
        assertThat(validate("k1").passed()).isTrue();
        assertThat(state.blockingConflicts()).isZero();
        RollbackProgress rolledBack = rollBack("k1");
        assertThat(rolledBack.complete()).isTrue();
        assertThat(items.snapshot("Users" + DST)).isEqualTo(prodUsersBefore);
        assertThat(items.items("Jobs" + DST)).isEmpty();
    }

    @Test
    void update_writesDevsValuesOverProductionsRecord_journaledWithItsPreImage_andRollbackRestoresItExactly() {
        seed();
        Map<String, Map<String, AttributeValue>> prodUsersBefore = items.snapshot("Users" + DST);

        fullRun(plan("\"whenMatched\": \"update\""), "u1");

        Map<String, Map<String, AttributeValue>> users = byId("Users" + DST);
        assertThat(users.get("P1")).as("dev's values over production's; the attribute only production's record has, kept")
                .isEqualTo(Map.of("id", s("P1"), "username", s("alice"), "name", s("Alice (dev)"), "plan", s("gold")));
        assertThat(users.get("P2")).containsEntry("name", s("Bob (dev)"));
        assertThat(users.get("P9")).containsEntry("name", s("Zed"));
        assertThat(users).hasSize(4);
        JournalRecord p1 = journal("u1", "Users").stream().filter(r -> r.key().get("id").get("S").asText().equals("P1"))
                .findFirst().orElseThrow();
        assertThat(p1.action()).isEqualTo(JournalRecord.Action.OVERWRITTEN);
        assertThat(p1.sourceId()).isEqualTo("u1");
        assertThat(byId("Jobs" + DST).get(ids.newId("Jobs", "j2"))).containsEntry("client", s("P2")).containsEntry("operator", s("P1"));
        assertThat(validate("u1").passed()).isTrue();

        assertThat(rollBack("u1").complete()).isTrue();
        assertThat(items.snapshot("Users" + DST)).as("production's users exactly as they were").isEqualTo(prodUsersBefore);
        assertThat(items.items("Jobs" + DST)).isEmpty();
    }

    @Test
    void update_underOverwrite_anUnpairedRecordWrittenOverAnotherAtItsKey_isValidatedAsTheMappedRecord_notBuiltOverThatOne() {
        seed();
        // Carol pairs with no one; under preserved IDs her record's key is u3, where production holds another user.
        items.put("Users" + DST, item("id", s("u3"), "username", s("zed2"), "name", s("Zed II"), "plan", s("silver")));
        String plan = """
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "m-prod", "onConflict": "overwrite",
                 "tables": {"Users": {"ids": "preserve", "match": {"on": ["username"], "whenMatched": "update"}},
                            "Jobs": {"references": {"client": "Users", "operator": "Users"}}}}
                """.formatted(SRC, DST);

        fullRun(plan, "uo");

        assertThat(byId("Users" + DST).get("u3")).as("written over as onConflict overwrite writes: the mapped record alone")
                .isEqualTo(Map.of("id", s("u3"), "username", s("carol"), "name", s("Carol (dev)")));
        assertThat(byId("Users" + DST).get("P1")).containsEntry("plan", s("gold")).containsEntry("name", s("Alice (dev)"));
        ValidationProgress validated = validate("uo");
        assertThat(validated.passed()).as(String.valueOf(validated)).isTrue();
    }

    /** Users keyed by their own IDs (preserved), written over where paired; {@code onConflict} as given. */
    private static String preservedUpdate(String onConflict) {
        return """
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "m-prod", "onConflict": "%s",
                 "tables": {"Users": {"ids": "preserve", "match": {"on": ["username"], "whenMatched": "update"}},
                            "Jobs": {"references": {"client": "Users", "operator": "Users"}}}}
                """.formatted(SRC, DST, onConflict);
    }

    /**
     * Production writes {@code item} at its key once the run has journaled that key, just before the run's write of it
     * (the page's batches are submitted right after its journal entry).
     */
    private FaultInjector productionWritesBeforeTheRun(String runId, Map<String, AttributeValue> item) {
        AtomicBoolean written = new AtomicBoolean();
        return (run, model, segment, done) -> {
            if (model.equals("Users") && journaled(runId, item.get("id").s()) && written.compareAndSet(false, true)) {
                items.put("Users" + DST, item);
            }
        };
    }

    private boolean journaled(String runId, String id) {
        return journal(runId, "Users").stream().anyMatch(r -> r.key().get("id").get("S").asText().equals(id));
    }

    @Test
    void update_underAbort_anUnpairedRecordWhoseKeyProductionTakesBeforeTheWrite_isLeftAsLate_andFailsTheRun() {
        seed();
        RunState state = analyze(preservedUpdate("abort"), "full", "la");
        Map<String, AttributeValue> productions = item("id", s("u3"), "username", s("carol.p"), "name", s("Production's own"));

        assertThatThrownBy(() -> migrate(state, "la", productionWritesBeforeTheRun("la", productions)))
                .isInstanceOf(LateArrivalException.class)
                .hasMessageStartingWith("table Users: 1 item(s) appeared in target table Users" + DST + " after analysis, at keys"
                        + " this run was writing (first: id=u3)");

        assertThat(byId("Users" + DST).get("u3")).as("production's item, not written over").isEqualTo(productions);
        assertThat(journal("la", "Users")).filteredOn(r -> r.key().get("id").get("S").asText().equals("u3"))
                .extracting(JournalRecord::action).containsExactly(JournalRecord.Action.LATE);
        assertThat(rollBack("la").complete()).isTrue();
        assertThat(byId("Users" + DST).get("u3")).isEqualTo(productions);
        assertThat(byId("Users" + DST).get("P1")).containsEntry("name", s("Alice"));
    }

    @Test
    void update_underAbort_anUnpairedRecordWhoseKeyProductionTookAfterTheAnalysis_isNotWrittenOver_andFailsTheRun() {
        seed();
        RunState state = analyze(preservedUpdate("abort"), "full", "lb");
        Map<String, AttributeValue> productions = item("id", s("u3"), "username", s("carol.p"), "name", s("Production's own"));
        items.put("Users" + DST, productions);

        assertThatThrownBy(() -> migrate(state, "lb")).isInstanceOf(LateArrivalException.class)
                .hasMessageContaining("(first: id=u3)");

        assertThat(byId("Users" + DST).get("u3")).isEqualTo(productions);
        assertThat(journal("lb", "Users")).filteredOn(r -> r.key().get("id").get("S").asText().equals("u3"))
                .extracting(JournalRecord::action).containsExactly(JournalRecord.Action.LATE);
    }

    @Test
    void update_underSkip_anUnpairedRecordWhoseKeyProductionTakesBeforeTheWrite_isLeftAndCountedLate() {
        seed();
        RunState state = analyze(preservedUpdate("skip"), "full", "ls");
        Map<String, AttributeValue> productions = item("id", s("u3"), "username", s("carol.p"), "name", s("Production's own"));

        migrate(state, "ls", productionWritesBeforeTheRun("ls", productions));

        assertThat(byId("Users" + DST).get("u3")).isEqualTo(productions);
        assertThat(byId("Users" + DST).get("P1")).containsEntry("name", s("Alice (dev)"));
        assertThat(artifacts.json(RunLayout.checkpoint("ls", "Users", 0), Checkpoint.class).lateArrivals()).isEqualTo(1);
    }

    @Test
    void update_aRedoAfterProductionEditedAPairedRecord_keepsTheEdit_countsIt_andTheRunGoesOn() {
        seed();
        RunState state = analyze(plan("\"whenMatched\": \"update\""), "full", "re");
        // The page holding alice is journaled, then its task dies before writing it; production edits alice meanwhile.
        AtomicBoolean crashed = new AtomicBoolean();
        FaultInjector crash = (run, model, segment, done) -> {
            if (model.equals("Users") && journaled("re", "P1") && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected crash between the journal and the write");
            }
        };
        assertThatThrownBy(() -> migrate(state, "re", crash)).hasMessage("injected crash between the journal and the write");
        // An attribute added, none changed: what a write's condition on the journaled pre-image cannot see; the redo's read does.
        Map<String, AttributeValue> edited = item("id", s("P1"), "username", s("alice"), "name", s("Alice"), "plan", s("gold"),
                "phone", s("+15550199"));
        items.put("Users" + DST, edited);

        migrate(state, "re");

        assertThat(byId("Users" + DST).get("P1")).as("production's edit, not dev's values over the pre-image").isEqualTo(edited);
        assertThat(byId("Users" + DST).get("P2")).containsEntry("name", s("Bob (dev)"));
        assertThat(journal("re", "Users")).filteredOn(r -> r.key().get("id").get("S").asText().equals("P1"))
                .extracting(JournalRecord::action).containsExactly(JournalRecord.Action.CHANGED);
        Checkpoint users = artifacts.json(RunLayout.checkpoint("re", "Users", 0), Checkpoint.class);
        assertThat(users.lateArrivals()).as("counted among the items left as they are").isEqualTo(1);
        assertThat(users.itemsWritten()).isEqualTo(2);
        ValidationProgress validated = validate("re");
        assertThat(validated.passed()).as(String.valueOf(validated)).isTrue();
    }

    @Test
    void update_aPairedRecordProductionSoftDeletesOrDeletesAfterTheAnalysis_isNotBroughtBack_andIsCountedLeft() {
        seed();
        RunState state = analyze(plan("\"whenMatched\": \"update\""), "full", "gone");
        // Between the analysis (which paired alice with P1 and bob with P2) and the copy, production deletes both users.
        Map<String, AttributeValue> softDeleted = item("id", s("P1"), "username", s("alice"), "name", s("Alice"),
                "plan", s("gold"), "_deleted", AttributeValue.fromBool(true));
        items.put("Users" + DST, softDeleted);
        items.delete("Users" + DST, Map.of("id", s("P2")));

        migrate(state, "gone");

        assertThat(byId("Users" + DST).get("P1")).as("still production's tombstone, not dev's alice over it").isEqualTo(softDeleted);
        assertThat(byId("Users" + DST)).as("bob, deleted by production, is not created again").doesNotContainKey("P2");
        assertThat(journal("gone", "Users")).filteredOn(r -> r.key().get("id").get("S").asText().startsWith("P"))
                .extracting(JournalRecord::action).containsExactly(JournalRecord.Action.CHANGED, JournalRecord.Action.CHANGED);
        Checkpoint users = artifacts.json(RunLayout.checkpoint("gone", "Users", 0), Checkpoint.class);
        assertThat(users.lateArrivals()).as("counted among the items left as production left them").isEqualTo(2);
    }

    /**
     * The pairs are frozen at the analysis; production renames a paired user after it. The copy builds the update over the
     * record as it reads it then, so production's new username stays: dev's spelling of the key the pair was made on is
     * never written back.
     */
    @Test
    void update_aNaturalKeyProductionChangedAfterTheAnalysis_staysAsProductionHasIt() {
        seed();
        RunState state = analyze(plan("\"whenMatched\": \"update\""), "full", "nk");
        items.put("Users" + DST, item("id", s("P1"), "username", s("alice.prod"), "name", s("Alice"), "plan", s("gold")));

        migrate(state, "nk");

        assertThat(byId("Users" + DST).get("P1")).as("dev's values over production's record, production's username kept")
                .isEqualTo(Map.of("id", s("P1"), "username", s("alice.prod"), "name", s("Alice (dev)"), "plan", s("gold")));
        assertThat(byId("Users" + DST).values().stream().map(u -> u.get("username").s()).toList()).doesNotHaveDuplicates()
                .doesNotContain("alice");
        ValidationProgress validated = validate("nk");
        assertThat(validated.passed()).as(String.valueOf(validated)).isTrue();
    }

    @Test
    void update_aProductionEditToAPairedRecordBetweenTheJournalAndTheWrite_isKept_underAbortToo() {
        seed();
        RunState state = analyze(plan("\"whenMatched\": \"update\""), "full", "ed");
        Map<String, AttributeValue> edited = item("id", s("P2"), "username", s("bob"), "name", s("Bob, as production renamed him"));

        migrate(state, "ed", productionWritesBeforeTheRun("ed", edited));

        assertThat(byId("Users" + DST).get("P2")).isEqualTo(edited);
        assertThat(byId("Users" + DST).get("P1")).containsEntry("name", s("Alice (dev)"));
        assertThat(artifacts.json(RunLayout.checkpoint("ed", "Users", 0), Checkpoint.class).lateArrivals()).isEqualTo(1);
    }

    @Test
    void update_aRollbackAfterProductionEditedAMergedRecordAndACreatedOne_leavesBoth_namesThem_andUndoesTheRest() {
        seed();
        Map<String, Map<String, AttributeValue>> prodUsersBefore = items.snapshot("Users" + DST);
        fullRun(plan("\"whenMatched\": \"update\""), "rb");
        String carol = ids.newId("Users", "u3");
        Map<String, AttributeValue> alice = item("id", s("P1"), "username", s("alice"), "name", s("Alice (dev)"), "plan", s("gold"),
                "lastLogin", s("2026-11-27"));
        Map<String, AttributeValue> carols = item("id", s(carol), "username", s("carol"), "name", s("Carol, as production renamed her"));
        items.put("Users" + DST, alice);
        items.put("Users" + DST, carols);

        RollbackProgress progress = rollBack("rb");

        assertThat(progress.complete()).as("everything the run's own undone").isTrue();
        Map<String, Map<String, AttributeValue>> users = byId("Users" + DST);
        assertThat(users.get("P1")).as("the merged record production edited since").isEqualTo(alice);
        assertThat(users.get(carol)).as("the created record production edited since").isEqualTo(carols);
        Map<String, Map<String, AttributeValue>> expected = new java.util.TreeMap<>();
        prodUsersBefore.values().forEach(user -> expected.put(user.get("id").s(), user));
        expected.put("P1", alice);
        expected.put(carol, carols);
        assertThat(users).as("the rest exactly as before the run").isEqualTo(expected);
        assertThat(items.items("Jobs" + DST)).isEmpty();
        RollbackResult result = artifacts.json(RunLayout.rollback("rb"), RollbackResult.class);
        assertThat(result.itemsLeft()).isEqualTo(2);
        assertThat(result.itemsLeftKeys()).containsExactlyInAnyOrder("Users" + DST + " id=P1", "Users" + DST + " id=" + carol);
        assertThat(result.restored()).as("bob's record put back").isEqualTo(1);
        assertThat(result.deleted()).as("two jobs").isEqualTo(2);
        assertThat(result.describeInexact()).isEqualTo("3 items undone; 2 items left as production changed them since (first: "
                + result.itemsLeftKeys().get(0) + ")");
        assertThat(artifacts.json(RunLayout.manifest("rb"), RunManifest.class).status()).isEqualTo(RunStatus.ROLLED_BACK);
    }

    @Test
    void aSourceRecordMatchingTwoTargetRecords_isRefusedBeforeAnyWrite_namingBothKeys() {
        seed();
        items.put("Users" + DST, item("id", s("P1b"), "username", s("alice"), "name", s("Alice again")));

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class,
                () -> analyze(plan("\"whenMatched\": \"keep\""), "full", "a1"));

        assertThat(refused.problems()).extracting(Object::toString).containsExactly(
                "table Users, attribute username: source item id=u1 matches 2 target items, id=P1 and id=P1b, by username"
                        + " 'a***'; make the values unique in the target, or match on more attributes");
        assertThat(items.writeCalls()).isEmpty();
        assertThat(artifacts.json(RunLayout.manifest("a1"), RunManifest.class).status()).isEqualTo(RunStatus.REFUSED);
        assertThat(artifacts.keys()).as("no pairs frozen, no target held").noneMatch(k -> k.contains("match/") || k.startsWith("locks/"));
    }

    @Test
    void twoSourceRecordsMatchingOneTargetRecord_caseInsensitive_areRefused_namingBoth() {
        seed();
        items.put("Users" + SRC, item("id", s("u4"), "username", s("ALICE"), "name", s("Alice's twin")));

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class,
                () -> analyze(plan("\"whenMatched\": \"keep\", \"caseInsensitive\": true"), "dry-run", "a2"));

        assertThat(refused.problems()).extracting(Object::toString).containsExactly(
                "table Users, attribute username: 2 source items, id=u1 and id=u4, all match target item id=P1 by username"
                        + " 'a***'; make the values unique in the source, or match on more attributes");
        assertThat(items.writeCalls()).isEmpty();
    }

    @Test
    void whenMatchedFail_theDefault_refusesAsConflicts_listingEachMatch() {
        seed();

        ConflictsFoundException refused = catchThrowableOfType(ConflictsFoundException.class, () -> analyze(plan(""), "full", "f1"));

        assertThat(refused.getMessage()).isEqualTo("2 source records match records the target already holds and match.whenMatched is fail");
        RunManifest.Failure failure = artifacts.json(RunLayout.manifest("f1"), RunManifest.class).failure();
        assertThat(failure.error()).as("refused as conflicts are, not as a data problem").isEqualTo("ConflictsFound");
        assertThat(failure.problems()).containsExactly(
                "table Users, attribute username: source item id=u1 matches target item id=P1 by username 'a***'"
                        + " (match.whenMatched is fail); set whenMatched to keep or update, or remove the target's record",
                "table Users, attribute username: source item id=u2 matches target item id=P2 by username 'b***'"
                        + " (match.whenMatched is fail); set whenMatched to keep or update, or remove the target's record");
        assertThat(items.writeCalls()).isEmpty();
    }

    @Test
    void whenNotMatchedSkip_writesNoUnmatchedRecord_andAReferenceToOneIsASourceOrphanInValidation() {
        seed();

        fullRun(plan("\"whenMatched\": \"keep\", \"whenNotMatched\": \"skip\""), "s1");

        assertThat(byId("Users" + DST).keySet()).containsExactlyInAnyOrder("P1", "P2", "P9");
        assertThat(byId("Jobs" + DST).get(ids.newId("Jobs", "j1"))).as("carol was not copied: her reference dangles")
                .containsEntry("operator", s(ids.newId("Users", "u3")));
        ValidationProgress progress = validate("s1");
        assertThat(progress.passed()).isTrue();
        TableValidation jobs = artifacts.json(RunLayout.validation("s1"), ValidationReport.class).tables().stream()
                .filter(t -> t.model().equals("Jobs")).findFirst().orElseThrow();
        assertThat(jobs.sourceOrphans()).isEqualTo(1);
        assertThat(jobs.brokenReferences()).isZero();
        List<Checkpoint> segments = Checkpoint.all(artifacts, "s1").stream().filter(c -> c.model().equals("Users")).toList();
        CheckpointTotals users = CheckpointTotals.of(segments, segments.size());
        assertThat(users.droppedBy()).as("counted as unpaired, not as soft-deleted rows").isEqualTo(new LeftBehind(java.util.Map.of("unpaired", 1L)));
        assertThat(RunReport.notWritten(users.droppedBy(), users.leftAlone())).isEqualTo(", 1 not written: no matching record"
                + " in the target (match.whenNotMatched is skip), 2 already in the target (left as they are)");
    }

    @Test
    void aNaturalKeyHeldTwiceAfterTheRun_failsValidation_namingBothRecords() {
        seed();
        RunState state = analyze(plan("\"whenMatched\": \"keep\""), "full", "d1");
        // After the analysis paired the users, production gets its own carol: the run inserts development's beside her.
        items.put("Users" + DST, item("id", s("P3"), "username", s("carol")));
        migrate(state, "d1");

        ValidationProgress progress = validate("d1");

        assertThat(progress.passed()).isFalse();
        assertThat(artifacts.json(RunLayout.validation("d1"), ValidationReport.class).failures()).containsExactly(
                "table Users, attribute username: the target holds username 'c***' in 2 live records after the run, id=P3 and id="
                        + ids.newId("Users", "u3") + ", of which the run wrote or kept id=" + ids.newId("Users", "u3") + "; one natural"
                        + " key is one record: merge or remove the others, or roll the run back");
        assertThat(rollBack("d1").complete()).isTrue();
        assertThat(byId("Users" + DST).keySet()).containsExactlyInAnyOrder("P1", "P2", "P3", "P9");
    }

    /**
     * The same in a table keyed by two attributes, where production's own record carries no ID attribute: the natural key
     * held twice is found and named by each record's whole key (it was compared by the ID alone, and never found).
     */
    @Test
    void aNaturalKeyHeldTwiceInATableKeyedByTwoAttributes_failsValidation_namingBothRecordsByTheirKeys() {
        items.createTable("Members" + SRC, "org", ScalarAttributeType.S, "id", ScalarAttributeType.S)
                .createTable("Members" + DST, "org", ScalarAttributeType.S, "id", ScalarAttributeType.S)
                .withPointInTimeRecovery("Members" + DST);
        items.put("Members" + SRC, item("org", s("o1"), "id", s("m1"), "email", s("ann@example.com")),
                item("org", s("o1"), "id", s("m2"), "email", s("cid@example.com")));
        items.put("Members" + DST, item("org", s("o1"), "id", s("P1"), "email", s("ann@example.com")));
        String plan = """
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "m-prod",
                 "tables": {"Members": {"ids": "preserve", "match": {"on": ["email"], "whenMatched": "keep"}}}}
                """.formatted(SRC, DST);
        RunState state = analyze(plan, "full", "k1");
        // After the analysis paired the members, production gets its own cid, keyed by another sort key, without an id.
        items.put("Members" + DST, item("org", s("o2"), "id", s("x"), "email", s("cid@example.com")));
        migrate(state, "k1");

        ValidationProgress progress = validate("k1");

        assertThat(progress.passed()).isFalse();
        assertThat(artifacts.json(RunLayout.validation("k1"), ValidationReport.class).failures()).singleElement().asString()
                .contains("in 2 live records after the run, id=m2, org=o1 and id=x, org=o2, of which the run wrote or kept id=m2,"
                        + " org=o1");
    }

    @Test
    void aTestRunWithParents_leavesTheKeptProductionRecordAsItIs_andItsRecordNamesIt() {
        seed();
        Map<String, Map<String, AttributeValue>> prodUsersBefore = items.snapshot("Users" + DST);
        RunRequest test = new RunRequest("test", "t1", null, Json.tree(plan("\"whenMatched\": \"keep\"").getBytes(StandardCharsets.UTF_8)),
                "Jobs", "j1", null, true, null, null, null, null, null);
        assertThat(new Analyzer(items, artifacts, settings, scanPool, CLOCK).analyze(test, "exec-t1", Deadline.in(60_000)).done()).isTrue();

        TestResult result = new TestRecords(items, artifacts, writePool, settings).run("t1");

        assertThat(result.failures()).isEmpty();
        assertThat(result.records()).extracting(r -> r.model() + " " + r.sourceKey() + " → " + r.targetKey() + " " + r.action())
                .containsExactlyInAnyOrder("Users id=u1 → id=P1 skipped", "Users id=u3 → id=" + ids.newId("Users", "u3") + " created",
                        "Jobs id=j1 → id=" + ids.newId("Jobs", "j1") + " created");
        assertThat(byId("Users" + DST).get("P1")).isEqualTo(prodUsersBefore.values().stream()
                .filter(u -> u.get("id").s().equals("P1")).findFirst().orElseThrow());
        assertThat(byId("Jobs" + DST).get(ids.newId("Jobs", "j1"))).containsEntry("client", s("P1"));
    }

    @Test
    void aTestRunUnderUpdate_writesDevsValuesOverTheProductionRecord_keepingWhatOnlyItHas() {
        seed();
        RunRequest test = new RunRequest("test", "t2", null, Json.tree(plan("\"whenMatched\": \"update\"").getBytes(StandardCharsets.UTF_8)),
                "Jobs", "j1", null, true, null, null, null, null, null);
        assertThat(new Analyzer(items, artifacts, settings, scanPool, CLOCK).analyze(test, "exec-t2", Deadline.in(60_000)).done()).isTrue();

        TestResult result = new TestRecords(items, artifacts, writePool, settings).run("t2");

        assertThat(result.failures()).isEmpty();
        assertThat(result.records()).extracting(r -> r.model() + " " + r.sourceKey() + " → " + r.targetKey() + " " + r.action())
                .contains("Users id=u1 → id=P1 overwritten");
        assertThat(byId("Users" + DST).get("P1")).isEqualTo(Map.of("id", s("P1"), "username", s("alice"), "name", s("Alice (dev)"),
                "plan", s("gold")));
    }

    @Test
    void aTestRunUnderSkip_saysWhyAnUnpairedRecordIsNotCopied() {
        seed();
        RunRequest test = new RunRequest("test", "t3", null, Json.tree(plan("\"whenMatched\": \"keep\", \"whenNotMatched\": \"skip\"")
                .getBytes(StandardCharsets.UTF_8)), "Jobs", "j1", null, true, null, null, null, null, null);
        assertThat(new Analyzer(items, artifacts, settings, scanPool, CLOCK).analyze(test, "exec-t3", Deadline.in(60_000)).done()).isTrue();

        TestResult result = new TestRecords(items, artifacts, writePool, settings).run("t3");

        assertThat(result.warnings()).containsExactly("table Users: item id=u3 has no matching record in the target and is not"
                + " copied (match.whenNotMatched is skip)", "table Jobs: target item id=" + ids.newId("Jobs", "j1") + ", attribute"
                + " operator: Users " + ids.newId("Users", "u3") + " is not in the target: its source record has no matching record"
                + " in the target and is not copied (match.whenNotMatched is skip)");
    }

    @Test
    void pins_pairChosenRecordsByHand_whateverTheirValues_andAreCheckedAgainstBothTables() {
        seed();
        // Carol is production's Zed under another name: pinned, her references follow; alice and bob pair by their values.
        fullRun(plan("\"whenMatched\": \"keep\", \"pins\": {\"u3\": \"P9\"}"), "p1");

        assertThat(MatchedRecords.of(artifacts, "p1").tables().get("Users").pairs()).containsOnly(
                Map.entry("u3", "P9"), Map.entry("u1", "P1"), Map.entry("u2", "P2"));
        assertThat(byId("Users" + DST).keySet()).containsExactlyInAnyOrder("P1", "P2", "P9");
        assertThat(byId("Jobs" + DST).get(ids.newId("Jobs", "j1"))).containsEntry("operator", s("P9"));

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class, () -> analyze(
                plan("\"whenMatched\": \"keep\", \"pins\": {\"u3\": \"nobody\", \"u4\": \"P9\", \"u2\": \"P1\"}"), "dry-run", "p2"));
        assertThat(refused.problems()).extracting(Object::toString).containsExactly(
                "table Users, attribute username: match.pins pairs source ID u3 with target ID nobody, but the target table holds"
                        + " no record with that ID; pin records both tables hold",
                "table Users, attribute username: match.pins pairs source ID u4 with target ID P9, but the source table holds"
                        + " no record with that ID; pin records both tables hold",
                "table Users, attribute username: source item id=u1 matches target item id=P1 by username 'a***', which"
                        + " match.pins pairs with source item id=u2; pin this one too, or change its values");
    }

    @Test
    void theTargetIsRead_throughAnIndexKeyedByExactlyTheMatchAttributes_elseByAScanOfTheKeysAndThoseAttributes() {
        seed();
        items.withIndex("Users" + DST, "byUsernameAndPlan", "username", "plan");

        analyze(plan("\"whenMatched\": \"keep\""), "dry-run", "g1");

        assertThat(items.projectedScans()).as("no index keyed by username alone: the table, projected").containsOnly("Users" + DST);
        items.withIndex("Users" + DST, "byUsername", "username");

        analyze(plan("\"whenMatched\": \"keep\""), "dry-run", "g2");

        assertThat(items.projectedScans()).as("then the index").containsOnly("Users" + DST, "Users" + DST + "/byUsername")
                .contains("Users" + DST + "/byUsername");
        assertThat(MatchedRecords.of(artifacts, "g2")).isEqualTo(MatchedRecords.of(artifacts, "g1"));
        assertThat(MatchedRecords.of(artifacts, "g2").tables().get("Users").pairs()).containsExactly(
                Map.entry("u1", "P1"), Map.entry("u2", "P2"));
    }

    @Test
    void aRunOfTheReferringTableAlone_isRefused_sayingToRunThemTogether() {
        seed();
        RunRequest jobsOnly = new RunRequest("full", "o1", null, Json.tree(plan("\"whenMatched\": \"keep\"").getBytes(StandardCharsets.UTF_8)),
                null, null, null, null, true, null, List.of("Jobs"), null, null);

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class,
                () -> new Analyzer(items, artifacts, settings, scanPool, CLOCK).analyze(jobsOnly, "exec-o1", Deadline.in(60_000)));

        assertThat(refused.problems()).extracting(Object::toString).containsExactly("table Jobs: refers to Users, whose match pairs"
                + " its records with the target's, and this run leaves Users out: its references would name no target record; run"
                + " them together (--tables Jobs,Users)");
        assertThat(items.writeCalls()).isEmpty();
    }

    @Test
    void thePairsAreFrozenWithTheRun_theAnalysisCallsAfterTheFirstDoNotPairAgain() {
        seed();
        Analyzer analyzer = new Analyzer(items, artifacts, settings, scanPool, CLOCK);
        RunRequest request = request(plan("\"whenMatched\": \"keep\""), "dry-run", "r1");
        // No time at all: each call reads a page and comes back, as a Lambda call out of time does.
        RunState state = analyzer.analyze(request, "exec-r1", Deadline.in(0));
        assertThat(state.done()).isFalse();
        MatchedRecords frozen = MatchedRecords.of(artifacts, "r1");
        assertThat(frozen.tables().get("Users").pairs()).hasSize(2);
        items.put("Users" + DST, item("id", s("P1b"), "username", s("alice")));

        for (int call = 0; call < 100 && !state.done(); call++) {
            state = analyzer.analyze(request, "exec-r1", Deadline.in(0));
        }

        assertThat(state.done()).isTrue();
        assertThat(MatchedRecords.of(artifacts, "r1")).as("paired once, as the first call found the target").isEqualTo(frozen);
    }

    @Test
    void aSoftDeletedProductionRecord_isNoCandidate_theSourceRecordIsInsertedBesideIt_counted_andValidationPasses() {
        seed();
        items.put("Users" + DST, item("id", s("P3"), "username", s("carol"), "_deleted", bool(true), "_version", n("4"),
                "_lastChangedAt", n("1700000000000")));

        fullRun(plan("\"whenMatched\": \"keep\""), "t1");

        assertThat(MatchedRecords.of(artifacts, "t1").tables().get("Users").pairs()).as("carol pairs with no tombstone")
                .containsOnly(Map.entry("u1", "P1"), Map.entry("u2", "P2"));
        assertThat(byId("Users" + DST).get(ids.newId("Users", "u3"))).containsEntry("username", s("carol"));
        assertThat(byId("Jobs" + DST).get(ids.newId("Jobs", "j1"))).as("a reference to her names the new record")
                .containsEntry("operator", s(ids.newId("Users", "u3")));
        MatchSummary.Table users = matchSummary("t1");
        assertThat(users.tombstones()).isEqualTo(1);
        assertThat(users.tombstoneExamples()).containsExactly("id=P3: _deleted");
        assertThat(users.describe()).endsWith(", 1 inserted, 0 skipped, 0 ambiguous, 1 tombstone not a candidate (e.g. id=P3:"
                + " _deleted)");
        ValidationProgress validated = validate("t1");
        assertThat(validated.passed()).as("a tombstone holds no natural key: " + validated).isTrue();
    }

    @Test
    void aRecordPastItsTimeToLive_isNoCandidate_oneWhoseTimeToLiveIsAhead_is_andUpdateCarriesNeitherItsTtlNorItsDeletedFlag() {
        seed();
        long now = CLOCK.instant().getEpochSecond();
        items.withTimeToLive("Users" + DST, "expiresAt");
        items.put("Users" + DST,
                item("id", s("P1"), "username", s("alice"), "name", s("Alice"), "expiresAt", n(String.valueOf(now - 60))),
                item("id", s("P2"), "username", s("bob"), "name", s("Bob"), "_deleted", bool(false), "trial", s("yes"),
                        "expiresAt", n(String.valueOf(now + 86_400))));
        Map<String, Map<String, AttributeValue>> prodUsersBefore = items.snapshot("Users" + DST);

        fullRun(plan("\"whenMatched\": \"update\""), "t2");

        assertThat(MatchedRecords.of(artifacts, "t2").tables().get("Users").pairs()).as("as the clock tells the time, not the"
                + " machine's: bob's TTL is a day after it").containsOnly(Map.entry("u2", "P2"));
        assertThat(matchSummary("t2").tombstoneExamples()).containsExactly("id=P1: expiresAt in the past");
        Map<String, Map<String, AttributeValue>> users = byId("Users" + DST);
        assertThat(users.get("P2")).as("dev's values over production's, what only production has kept but its TTL and flag")
                .isEqualTo(Map.of("id", s("P2"), "username", s("bob"), "name", s("Bob (dev)"), "trial", s("yes")));
        assertThat(users.get("P1")).as("the expired record is left as it is").containsEntry("name", s("Alice"));
        assertThat(users.get(ids.newId("Users", "u1"))).containsEntry("username", s("alice")).doesNotContainKey("expiresAt");
        assertThat(validate("t2").passed()).isTrue();
        assertThat(rollBack("t2").complete()).isTrue();
        assertThat(items.snapshot("Users" + DST)).as("the rollback puts the TTL back with the rest").isEqualTo(prodUsersBefore);
    }

    @Test
    void aTombstoneFoundThroughAnIndex_isToldByItsRecordInTheTable() {
        seed();
        items.withIndex("Users" + DST, "byUsername", "username");
        items.put("Users" + DST, item("id", s("P3"), "username", s("carol"), "_deleted", bool(true)));

        analyze(plan("\"whenMatched\": \"keep\""), "dry-run", "t3");

        assertThat(items.projectedScans()).contains("Users" + DST + "/byUsername");
        assertThat(MatchedRecords.of(artifacts, "t3").tables().get("Users").pairs()).doesNotContainKey("u3");
        assertThat(matchSummary("t3").tombstones()).isEqualTo(1);
    }

    @Test
    void naturalKeys_areComparedComposedAndWithoutSurroundingBlanks_inPairingAndInValidation() {
        seed();
        items.put("Users" + SRC, item("id", s("u1"), "username", s("alice "), "name", s("Alice (dev)")),
                item("id", s("u5"), "username", s("Jose\u0301"), "name", s("José (dev)")));
        items.put("Users" + DST, item("id", s("P5"), "username", s("Jos\u00e9"), "name", s("José")));
        RunState state = analyze(plan("\"whenMatched\": \"keep\""), "full", "n1");

        assertThat(MatchedRecords.of(artifacts, "n1").tables().get("Users").pairs()).containsOnly(Map.entry("u1", "P1"),
                Map.entry("u2", "P2"), Map.entry("u5", "P5"));
        // After the pairing, production gets a carol of its own, with a blank after her name: the run inserts dev's beside her.
        items.put("Users" + DST, item("id", s("P6"), "username", s(" carol\t")));
        migrate(state, "n1");

        assertThat(byId("Users" + DST)).doesNotContainKeys(ids.newId("Users", "u1"), ids.newId("Users", "u5"));
        assertThat(validate("n1").passed()).as("validation compares as the pairing does").isFalse();
        assertThat(artifacts.json(RunLayout.validation("n1"), ValidationReport.class).failures()).singleElement().asString()
                .startsWith("table Users, attribute username: the target holds username 'c***' in 2 live records after the run, id=P6");
    }

    @Test
    void twoSourceRecordsWithOneNaturalKey_areRefusedBeforeAnyWrite_oneLinePerKeyWithItsCount_theFirst20Listed() {
        seed();
        for (int i = 0; i < 48; i++) {
            items.put("Users" + SRC, item("id", s("z" + (100 + i)), "username", s("zoe")));
        }
        for (int key = 0; key < 24; key++) {
            items.put("Users" + SRC, item("id", s("d" + (100 + key) + "a"), "username", s("twin" + (100 + key))),
                    item("id", s("d" + (100 + key) + "b"), "username", s("twin" + (100 + key) + " ")));
        }

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class,
                () -> analyze(plan("\"whenMatched\": \"keep\""), "full", "w1"));

        assertThat(refused.getMessage()).startsWith("25 problems, nothing was written; the first 20 are listed: ");
        assertThat(refused.problems()).hasSize(20).extracting(Object::toString).contains("table Users, attribute username: 48 source"
                + " items, id=z100 and id=z101 and id=z102 and id=z103 and id=z104 and 43 more, hold username 'z***' and no target"
                + " item does: each would be inserted as a new record (match.whenNotMatched is insert), one natural key held 48"
                + " times; make the values unique in the source, or match on more attributes");
        assertThat(refused.problems()).extracting(Object::toString).filteredOn(p -> p.contains("id=d"))
                .allMatch(p -> p.contains(": 2 source items, id=d1") && p.contains(" hold username 't***' and no target item does"));
        assertThat(items.writeCalls()).isEmpty();
        assertThat(artifacts.json(RunLayout.manifest("w1"), RunManifest.class).status()).isEqualTo(RunStatus.REFUSED);

        analyze(plan("\"whenMatched\": \"keep\", \"whenNotMatched\": \"skip\""), "dry-run", "w2");
        assertThat(matchSummary("w2").skipped()).as("under skip, none of them would be written: not refused").isEqualTo(97);
    }

    @Test
    void refusals_nameTheKeysAndTheValuesMasked_neverAnEmailAsItIs() {
        seed();
        items.put("Users" + SRC, item("id", s("u9"), "username", s("zed@example.com")));
        items.put("Users" + DST, item("id", s("P9a"), "username", s("zed@example.com")),
                item("id", s("P9b"), "username", s("ZED@example.com")));

        PlanInvalidException refused = catchThrowableOfType(PlanInvalidException.class,
                () -> analyze(plan("\"whenMatched\": \"keep\", \"caseInsensitive\": true"), "full", "e1"));

        assertThat(refused.problems()).extracting(Object::toString).containsExactly("table Users, attribute username: source item"
                + " id=u9 matches 2 target items, id=P9a and id=P9b, by username 'z***@e***.com'; make the values unique in the"
                + " target, or match on more attributes");
        RunManifest.Failure failure = artifacts.json(RunLayout.manifest("e1"), RunManifest.class).failure();
        assertThat(String.join("\n", failure.problems()) + failure.cause() + refused.getMessage()).as("what the history and manifest keep")
                .doesNotContainIgnoringCase("zed@example.com");
    }

    private MatchSummary.Table matchSummary(String runId) {
        return artifacts.json(RunLayout.analysis(runId), Analysis.class).section(MatchSummary.SECTION.name(), MatchSummary.class).tables().stream()
                .filter(t -> t.model().equals("Users")).findFirst().orElseThrow();
    }

    // ---- the run's steps, as the state machine calls them ----------------------------------------------

    @Test
    void aMatchIntoEmptyTargets_keepsTheLevels_theUsersWrittenBeforeTheJobsThatNameThem() {
        items.put("Users" + SRC, item("id", s("u1"), "username", s("alice")));
        items.put("Jobs" + SRC, item("id", s("j1"), "client", s("u1"), "operator", s("u1")));

        RunState state = analyze(plan("\"whenMatched\": \"keep\""), "full", "o1");

        assertThat(state.levels()).as("a match's references point at production's records: written level by level")
                .flatMap(RunState.Level::byParents)
                .extracting(level -> level.tables().stream().map(RunState.TableWork::table).toList())
                .containsExactly(List.of("Users"), List.of("Jobs"));
        assertThat(state.levels().get(0).tables()).as("Jobs starts once Users is copied")
                .extracting(RunState.TableWork::after).containsExactly(List.of(), List.of("Users"));
    }

    private static String plan(String match) {
        return """
                {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "m-prod",
                 "tables": {"Users": {"match": {"on": ["username"]%s}},
                            "Jobs": {"references": {"client": "Users", "operator": "Users"}}}}
                """.formatted(SRC, DST, match.isEmpty() ? "" : ", " + match);
    }

    private static RunRequest request(String plan, String mode, String runId) {
        return new RunRequest(mode, runId, null, Json.tree(plan.getBytes(StandardCharsets.UTF_8)), null, null, null, null,
                true, null, null, null, null);
    }

    private RunState analyze(String plan, String mode, String runId) {
        Analyzer analyzer = new Analyzer(items, artifacts, settings, scanPool, CLOCK);
        for (int call = 0; call < 100; call++) {
            RunState state = analyzer.analyze(request(plan, mode, runId), "exec-" + runId, Deadline.in(60_000));
            if (state.done()) {
                return state;
            }
        }
        throw new IllegalStateException("Analyze did not finish");
    }

    private RunState fullRun(String plan, String runId) {
        RunState state = analyze(plan, "full", runId);
        migrate(state, runId);
        return state;
    }

    private void migrate(RunState state, String runId) {
        migrate(state, runId, FaultInjector.NONE);
    }

    private void migrate(RunState state, String runId, FaultInjector faults) {
        assertThat(state.levels()).as("the run goes on to write").isNotEmpty();
        SegmentMigrator migrator = new SegmentMigrator(items, artifacts, writePool, faults,
                settings.pageSize(), new dev.dmig.migrate.WriteWindows(settings.writeConcurrency(), settings.throttlePatienceMillis()));
        for (RunState.Level level : state.levels()) {
            for (RunState.TableWork table : level.tables()) {
                for (int segment = 0; segment < table.segments(); segment++) {
                    SegmentProgress progress;
                    int calls = 0;
                    do {
                        progress = migrator.migrate(runId, table.table(), segment, table.segments(), Deadline.in(60_000));
                    } while (!progress.done() && ++calls < 100);
                }
            }
        }
    }

    private ValidationProgress validate(String runId) {
        Validator validator = new Validator(items, artifacts, settings, scanPool);
        for (int call = 0; call < 100; call++) {
            ValidationProgress progress = validator.validate(runId, "exec-v-" + runId, Deadline.in(60_000));
            if (progress.done()) {
                return progress;
            }
        }
        throw new IllegalStateException("Validate did not finish");
    }

    private RollbackProgress rollBack(String runId) {
        Rollback rollback = new Rollback(items, artifacts, writePool, scanPool, settings, millis -> { });
        for (int call = 0; call < 100; call++) {
            RollbackProgress progress = rollback.rollBack(runId, "exec-rb-" + runId, null, Deadline.in(60_000));
            if (progress.done()) {
                return progress;
            }
        }
        throw new IllegalStateException("Rollback did not finish");
    }

    private Map<String, Map<String, AttributeValue>> byId(String table) {
        Map<String, Map<String, AttributeValue>> all = new java.util.TreeMap<>();
        items.items(table).forEach(item -> all.put(item.get("id").s(), item));
        return all;
    }

    private List<JournalRecord> journal(String runId, String model) {
        Journal journal = new Journal(artifacts);
        List<JournalRecord> records = new ArrayList<>();
        for (String key : journal.entries(runId, model)) {
            records.addAll(journal.read(key).orElseThrow().records());
        }
        return records;
    }
}
