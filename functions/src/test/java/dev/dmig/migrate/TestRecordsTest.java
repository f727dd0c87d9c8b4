package dev.dmig.migrate;

import static dev.dmig.SampleMigration.target;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analysis;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunState;
import dev.dmig.validate.ValidationProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TestRecordsTest {
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

    private static TestResult test(SampleMigration app, String runId, String table, String sourceId, Integer limit,
                                   boolean withParents) {
        RunState state = app.analyze(app.testRequest(runId, table, sourceId, limit, withParents));
        assertThat(state.done()).isTrue();
        TestResult result = app.testRecords().run(runId);
        // As the state machine does next: Finalize records the outcome and frees the environment's run lock.
        new dev.dmig.report.Finalizer(app.artifacts).finish(runId, result.passed() ? "succeeded" : "failed", null);
        return result;
    }

    private static Map<String, AttributeValue> expected(SampleMigration app, String model, String oldId) {
        String newId = model.equals("AppPreferences") ? oldId : app.newId(model, oldId);
        return app.expectedTarget(model).stream().filter(i -> i.get("id").s().equals(newId)).findFirst().orElseThrow();
    }

    @Test
    void limitOneWithParents_movesOneRecordAndEveryParent() {
        SampleMigration app = app("abort");
        var sourcesBefore = app.snapshot(app.sourceTables());
        TestResult result = test(app, "t1", "Requests", null, 1, true);
        assertThat(result.passed()).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.written()).isEqualTo(7);
        assertThat(result.alreadyPresent()).isZero();
        // Parents first (level order), the picked record last.
        assertThat(result.records()).extracting(TestResult.Record::model, TestResult.Record::sourceKey, TestResult.Record::action)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Contacts", "id=c1", "created"),
                        org.assertj.core.groups.Tuple.tuple("Contacts", "id=c2", "created"),
                        org.assertj.core.groups.Tuple.tuple("Contacts", "id=c3", "created"),
                        org.assertj.core.groups.Tuple.tuple("Contacts", "id=c4", "created"),
                        org.assertj.core.groups.Tuple.tuple("Properties", "id=p1", "created"),
                        org.assertj.core.groups.Tuple.tuple("AppPreferences", "id=theme", "created"),
                        org.assertj.core.groups.Tuple.tuple("Requests", "id=r1", "created"));
        assertThat(result.records().get(result.records().size() - 1).model()).isEqualTo("Requests");
        assertThat(app.items.items(target("Requests"))).containsExactly(expected(app, "Requests", "r1"));
        assertThat(app.items.items(target("Properties"))).containsExactly(expected(app, "Properties", "p1"));
        assertThat(app.items.items(target("AppPreferences"))).containsExactly(expected(app, "AppPreferences", "theme"));
        assertThat(app.items.items(target("Contacts"))).containsExactlyInAnyOrder(
                item("id", s("prod-only-contact"), "name", s("Prod")),
                expected(app, "Contacts", "c1"), expected(app, "Contacts", "c2"),
                expected(app, "Contacts", "c3"), expected(app, "Contacts", "c4"));
        assertThat(app.snapshot(app.sourceTables())).isEqualTo(sourcesBefore);
        assertThat(app.artifacts.json(RunLayout.testResult("t1"), TestResult.class)).isEqualTo(result);
        assertThat(app.journal("t1", "Contacts")).hasSize(4);
    }

    @Test
    void repeating_isSafe_alreadyPresent_andNothingRewritten() {
        SampleMigration app = app("abort");
        test(app, "t1", "Requests", null, 1, true);
        var after = app.snapshot(app.targetTables());
        int writeCalls = app.items.writeCalls().size();
        TestResult again = test(app, "t2", "Requests", null, 1, true);
        assertThat(again.passed()).isTrue();
        assertThat(again.written()).isZero();
        assertThat(again.alreadyPresent()).isEqualTo(7);
        assertThat(again.records()).extracting(TestResult.Record::action).containsOnly("skipped");
        assertThat(app.items.writeCalls()).hasSize(writeCalls);
        assertThat(app.snapshot(app.targetTables())).isEqualTo(after);
    }

    @Test
    void conflictingContent_underAbort_throws_andWritesNothing() {
        SampleMigration app = app("abort");
        app.items.put(target("Contacts"), item("id", s(app.newId("Contacts", "c3")), "name", s("someone else")));
        var before = app.snapshot(app.targetTables());
        app.analyze(app.testRequest("t1", "Requests", null, 1, true));
        assertThatThrownBy(() -> app.testRecords().run("t1"))
                .isInstanceOf(ConflictsFoundException.class)
                .hasMessage("1 target items already exist with other content (onConflict is abort), nothing was written: "
                        + "Contacts id=" + app.newId("Contacts", "c3") + " (source id=c3)");
        assertThat(app.items.writeCalls()).isEmpty();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
        assertThat(app.artifacts.list(RunLayout.journal("t1"))).isEmpty();
    }

    @Test
    void withoutParents_onlyThePickedRecordMoves_andMissingParentsAreWarnings() {
        SampleMigration app = app("abort");
        TestResult result = test(app, "t1", "Requests", "r5", null, false);
        assertThat(result.passed()).isTrue();
        assertThat(result.written()).isEqualTo(1);
        assertThat(result.warnings()).containsExactlyInAnyOrder(
                "table Requests: target item id=" + app.newId("Requests", "r5") + ", attribute agentContactId: Contacts "
                        + app.newId("Contacts", "c2") + " is not in the target (run with --with-parents to include it)",
                "table Requests: target item id=" + app.newId("Requests", "r5") + ", attribute addressId: Properties "
                        + app.newId("Properties", "p1") + " is not in the target (run with --with-parents to include it)");
    }

    @Test
    void bySourceId_withAnOrphanReference_listsTheOrphan_andStillPasses() {
        SampleMigration app = app("abort");
        TestResult result = test(app, "t1", "Requests", "r2", null, true);
        assertThat(result.passed()).isTrue();
        assertThat(result.orphans()).containsExactly("Contacts id=ghost is referenced but not in the source");
        assertThat(result.records()).extracting(TestResult.Record::sourceKey)
                .containsExactlyInAnyOrder("id=c1", "id=c5", "id=p2", "id=r2");
        assertThat(result.warnings()).containsExactly("table Requests: target item id=" + app.newId("Requests", "r2")
                + ", attribute agentContactId: Contacts " + app.newId("Contacts", "ghost")
                + " is not in the target (the source has no such record)");
    }

    @Test
    void unknownSourceIdOrTable_isAnInputError() {
        SampleMigration app = app("abort");
        app.analyze(app.testRequest("t1", "Requests", "nope", null, false));
        assertThatThrownBy(() -> app.testRecords().run("t1")).isInstanceOf(RunInputInvalidException.class)
                .hasMessage("table Requests: no source item with id=nope in Requests" + SampleMigration.SOURCE);
        assertThatThrownBy(() -> app.analyze(app.testRequest("t2", "Auth", null, 1, false)))
                .isInstanceOf(RunInputInvalidException.class)
                .hasMessage("table Auth is skipped by the plan; test one of: Contacts, Properties, Requests, AppPreferences");
        assertThatThrownBy(() -> app.analyze(app.testRequest("t3", null, null, 1, false)))
                .isInstanceOf(RunInputInvalidException.class)
                .hasMessage("mode test needs \"table\": the model to take test records from");
        assertThatThrownBy(() -> app.analyze(app.testRequest("t4", "Contacts", null, 0, false)))
                .isInstanceOf(RunInputInvalidException.class)
                .hasMessage("table Contacts: limit must be from 1 to 1000, not 0");
    }

    @Test
    void rollingBackATestRun_removesWhatItWrote() {
        SampleMigration app = app("abort");
        var before = app.snapshot(app.targetTables());
        test(app, "t1", "Requests", null, 1, true);
        assertThat(app.rollBack("t1", "exec-rb").complete()).isTrue();
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }

    @Test
    void testThenFullRun_adoptsTheTestedRecords_insteadOfCallingThemConflicts() {
        SampleMigration app = app("abort");
        test(app, "t1", "Requests", null, 1, true);
        RunState state = app.analyze(app.fullRequest("full1"));
        Analysis analysis = app.artifacts.json(RunLayout.analysis("full1"), Analysis.class);
        assertThat(analysis.totals().conflicts()).isZero();
        assertThat(analysis.totals().adopted()).isEqualTo(7);
        assertThat(state.blockingConflicts()).isZero();
        app.migrate(state, 60_000);
        assertThat(app.validate("full1", "exec-v").passed()).isTrue();
        for (String model : List.of("Contacts", "Properties", "Requests", "AppPreferences")) {
            assertThat(app.items.items(target(model))).containsAll(app.expectedTarget(model));
        }
        // Rolling back the full run leaves the test run's records: they were not the full run's to delete.
        app.rollBack("full1", "exec-rb");
        assertThat(app.items.items(target("Requests"))).containsExactly(expected(app, "Requests", "r1"));
    }

    /** A test run's record the full run took over is the full run's content: validation checks it as it checks the rest. */
    @Test
    void testThenFullRun_aTakenOverRecordChangedInTheTarget_failsValidation() {
        SampleMigration app = app("abort");
        test(app, "t1", "Requests", null, 1, true);
        app.migrate(app.analyze(app.fullRequest("full1")), 60_000);
        Map<String, AttributeValue> taken = expected(app, "Requests", "r1");
        Map<String, AttributeValue> changed = new java.util.HashMap<>(taken);
        changed.put("status", s("changed in the target"));
        app.items.put(target("Requests"), changed);

        ValidationProgress validation = app.validate("full1", "exec-v");

        assertThat(validation.passed()).as("the taken-over record, changed, is found").isFalse();
        assertThat(app.artifacts.text(RunLayout.validation("full1"))).contains(taken.get("id").s());
    }

    /** The items a run finds already there are named by who wrote them: the full run its own, the test run the ones it left. */
    @Test
    void testThenFullRun_thenTheSamePlanAgain_isNothingToDo_sayingHowManyItemsEachRunWrote() {
        SampleMigration app = app("abort");
        test(app, "t1", "Requests", null, 1, true);
        app.migrate(app.analyze(app.fullRequest("full1")), 60_000);
        assertThat(app.validate("full1", "exec-v").passed()).isTrue();
        app.finalizer().finish("full1", "succeeded", null);

        RunState again = app.analyze(app.fullRequest("again"));

        assertThat(again.nothingToDo()).isTrue();
        Analysis analysis = app.artifacts.json(RunLayout.analysis("again"), Analysis.class);
        assertThat(analysis.totals().adopted()).isEqualTo(7);
        assertThat(app.artifacts.json(RunLayout.manifest("again"), RunManifest.class).verdict())
                .isEqualTo("the target already holds exactly what this plan writes (" + analysis.totals().items() + " items in 4 tables): "
                        + (analysis.totals().items() - 7) + " written by run full1, 7 written by test runs; nothing to do");
    }

    @Test
    void underSkip_aDifferingTargetItemIsLeftAlone_andTheTestStillPasses() {
        SampleMigration app = app("skip");
        Map<String, AttributeValue> existing = item("id", s(app.newId("Contacts", "c3")), "name", s("production's own"));
        app.items.put(target("Contacts"), existing);
        TestResult result = test(app, "t1", "Requests", null, 1, true);
        assertThat(app.items.item(target("Contacts"), item("id", existing.get("id")))).contains(existing);
        assertThat(result.records()).filteredOn(r -> r.sourceKey().equals("id=c3"))
                .extracting(TestResult.Record::action).containsExactly("skipped");
        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void underOverwrite_aDifferingTargetItemIsReplaced_andRestoredByRollback() {
        SampleMigration app = app("overwrite");
        Map<String, AttributeValue> existing = item("id", s(app.newId("Contacts", "c3")), "name", s("production's own"));
        app.items.put(target("Contacts"), existing);
        var before = app.snapshot(app.targetTables());
        TestResult result = test(app, "t1", "Requests", null, 1, true);
        assertThat(result.passed()).isTrue();
        assertThat(result.overwritten()).isEqualTo(1);
        assertThat(app.items.item(target("Contacts"), item("id", existing.get("id")))).contains(expected(app, "Contacts", "c3"));
        app.rollBack("t1", "exec-rb");
        assertThat(app.snapshot(app.targetTables())).isEqualTo(before);
    }
}
