package dev.dmig.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.executor.Execution;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.StateRecord;
import dev.dmig.local.LocalRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Step Functions histories read into the local executor's records: the path, Map iteration paths, retries, failures. */
class ExecutionHistoryTest {
    private static final StateNesting NESTING = StateNesting.of(LocalRunner.bundledDefinition());

    /** Every call the listeners get, as "entered|exited|failed name [path] retry". */
    private static final class Calls implements ExecutionListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void stateEntered(StateRecord r) {
            calls.add("entered " + r.stateName() + " " + r.iterationPath() + " " + r.retryCount());
        }

        @Override
        public void stateExited(StateRecord r) {
            calls.add("exited " + r.stateName() + " " + r.iterationPath() + " " + r.retryCount());
        }

        @Override
        public void stateFailed(StateRecord r) {
            calls.add("failed " + r.stateName() + " " + r.iterationPath() + " " + r.retryCount() + " " + r.error());
        }
    }

    private static Execution read(List<HistoryEvent> events, ExecutionListener listener, String status) {
        ExecutionHistory history = new ExecutionHistory(NESTING, List.of(listener));
        history.addAll(events);
        return history.execution("r", status, "{}", null, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void fullRun_pathIsTheTopLevelStates_andEveryMapIterationKeepsItsIndexes() {
        Calls calls = new Calls();
        Execution execution = read(Histories.fullRun(2, new int[] {3, 2}, 3, 2).sdkEvents(), calls, "SUCCEEDED");

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "Analyze", "AnalysisComplete", "ChooseMode",
                "CheckConfirmation", "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "ExportIdMaps", "IdMapsExported", "Succeeded");
        assertThat(execution.succeeded()).isTrue();
        assertThat(execution.history().stream().filter(r -> r.stateName().equals("MigrateTables")).map(StateRecord::iterationPath))
                .containsExactly(List.of(0), List.of(1));
        Set<List<Integer>> segments = new HashSet<>();
        execution.history().stream().filter(r -> r.stateName().equals("MigrateSegment")).forEach(r -> segments.add(r.iterationPath()));
        Set<List<Integer>> expected = new HashSet<>();
        int[] tables = {3, 2};
        for (int level = 0; level < 2; level++) {
            for (int table = 0; table < tables[level]; table++) {
                for (int segment = 0; segment < 3; segment++) {
                    expected.add(List.of(level, table, segment));
                }
            }
        }
        assertThat(segments).isEqualTo(expected);
        assertThat(execution.history().stream().filter(r -> r.stateName().equals("MigrateSegment"))).hasSize(2 * 5 * 3);
        assertThat(execution.history()).allSatisfy(r -> assertThat(r.end()).as(r.stateName()).isNotNull())
                .noneMatch(StateRecord::failed);
        assertThat(calls.calls).filteredOn(c -> c.startsWith("entered")).hasSize(execution.history().size());
        assertThat(calls.calls).filteredOn(c -> c.startsWith("exited")).hasSize(execution.history().size());
    }

    @Test
    void analyzeOutput_isRead_soThatALoopCanBeToldFromTheEnd() {
        Execution execution = read(Histories.fullRun(2, new int[] {1}, 1, 1).sdkEvents(), new Calls(), "SUCCEEDED");

        assertThat(execution.history().stream().filter(r -> r.stateName().equals("Analyze")).map(r -> r.output().get("done").asBoolean()))
                .containsExactly(false, true);
    }

    @Test
    void rolledBackRun_endsInRolledBack_withTheFailuresWhereTheyHappened() {
        Calls calls = new Calls();
        Execution execution = read(Histories.rolledBack().sdkEvents(), calls, "FAILED");

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Rollback", "RollbackComplete", "FinalizeRolledBack", "CheckRollback", "RolledBack");
        assertThat(calls.calls).contains(
                "failed MigrateSegment [1, 1, 1] 0 Lambda.TooManyRequestsException",
                "entered MigrateSegment [1, 1, 1] 1",
                "exited MigrateSegment [1, 1, 1] 1",
                "failed MigrateSegment [1, 1, 1] 0 " + Histories.SEGMENT_ERROR,
                "failed MigrateSegments [1, 1] 0 " + Histories.SEGMENT_ERROR,
                "failed MigrateTables [1] 0 " + Histories.SEGMENT_ERROR,
                "failed MigrateLevels [] 0 " + Histories.SEGMENT_ERROR,
                "entered Rollback [] 0",
                "failed RolledBack [] 0 " + Histories.SEGMENT_ERROR);
        // A caught failure is not also an exit, as in a local run.
        assertThat(calls.calls).doesNotContain("exited MigrateLevels [] 0");
        assertThat(execution.history()).filteredOn(r -> r.stateName().equals("RolledBack")).singleElement()
                .satisfies(r -> assertThat(r.cause()).isEqualTo(Histories.SEGMENT_CAUSE));
    }

    @Test
    void refusedRun_endsInTheFailState_withItsError() {
        Calls calls = new Calls();
        Execution execution = read(Histories.confirmationRequired().sdkEvents(), calls, "FAILED");

        assertThat(execution.path()).endsWith("CheckConfirmation", "ConfirmationRequired");
        assertThat(calls.calls).last().isEqualTo("failed ConfirmationRequired [] 0 ConfirmationRequired");
    }

    @Test
    void eventsReadInPieces_orTwice_giveTheSameRecordsAsAllAtOnce() {
        List<HistoryEvent> events = Histories.fullRun(1, new int[] {4, 3}, 2, 3).sdkEvents();
        Calls once = new Calls();
        Execution whole = read(events, once, "SUCCEEDED");

        Calls pieces = new Calls();
        ExecutionHistory history = new ExecutionHistory(NESTING, List.of(pieces));
        for (int from = 0; from < events.size(); from += 37) {
            // Each poll re-reads a little of what it had already: those events are skipped.
            history.addAll(events.subList(Math.max(0, from - 5), Math.min(events.size(), from + 37)));
        }
        assertThat(history.lastEventId()).isEqualTo(events.size());
        assertThat(history.ending()).isEqualTo("ExecutionSucceeded");
        assertThat(history.records()).isEqualTo(whole.history());
        assertThat(pieces.calls).isEqualTo(once.calls);
    }

    @Test
    void stoppedExecution_closesTheStatesStillRunning_withTheStopError() {
        HistoryScript script = Histories.copying();
        script.aborted(script.last(), "Stopped", "dmig stop");
        Calls calls = new Calls();
        Execution execution = read(script.sdkEvents(), calls, "ABORTED");

        assertThat(execution.path()).last().isEqualTo("MigrateLevels");
        assertThat(calls.calls).contains("failed MigrateLevels [] 0 Stopped", "failed MigrateTables [0] 0 Stopped",
                "failed MigrateSegments [0, 0] 0 Stopped");
        assertThat(execution.history()).allSatisfy(r -> assertThat(r.end()).as(r.stateName()).isNotNull());
    }

    @Test
    void nesting_comesFromTheDefinition() {
        assertThat(NESTING.depth("Analyze")).isZero();
        assertThat(NESTING.depth("MigrateTables")).isEqualTo(1);
        assertThat(NESTING.depth("MigrateSegments")).isEqualTo(2);
        assertThat(NESTING.depth("MigrateSegment")).isEqualTo(3);
        assertThat(NESTING.depth("MigrateLargeTableSegment")).isEqualTo(3);
        assertThat(NESTING.depth("NoSuchState")).isEqualTo(-1);
    }

    @Test
    void mapRunStarted_isLinkedToTheDistributedMapThatStartedIt_withItsIterationAndInput() {
        ExecutionHistory history = new ExecutionHistory(NESTING, List.of());
        history.addAll(Histories.distributedRun(4, "Orders", "Invoices").sdkEvents());

        assertThat(history.mapRuns()).containsOnlyKeys(Histories.mapRunArn("Orders"), Histories.mapRunArn("Invoices"));
        assertThat(history.mapRuns().keySet()).first().isEqualTo(Histories.mapRunArn("Orders"));
        StateRecord orders = history.mapRuns().get(Histories.mapRunArn("Orders"));
        StateRecord invoices = history.mapRuns().get(Histories.mapRunArn("Invoices"));
        assertThat(orders.stateName()).isEqualTo("MigrateSegmentsDistributed");
        assertThat(orders.iterationPath()).containsExactly(0, 0);
        assertThat(invoices.iterationPath()).containsExactly(0, 1);
        assertThat(orders.input().path("table").path("table").asText()).isEqualTo("Orders");
        assertThat(invoices.input().path("table").path("segments").asInt()).isEqualTo(4);
        assertThat(orders.output()).as("the Map exited once its map run ended").isNotNull();
    }

    @Test
    void failedMapRun_failsItsMapState_withTheMapRunsError_andTheCatchRollsBack() {
        Calls calls = new Calls();
        Execution execution = read(Histories.distributedRunFailing(8, "Orders").sdkEvents(), calls, "FAILED");

        assertThat(calls.calls).contains("failed MigrateSegmentsDistributed [0, 0] 0 " + Histories.MAP_RUN_ERROR,
                "failed MigrateLevels [] 0 " + Histories.MAP_RUN_ERROR);
        assertThat(execution.path()).containsSubsequence("MigrateLevels", "Rollback", "FinalizeRolledBack", "RolledBack");
    }
}
