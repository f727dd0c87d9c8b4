package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Step Functions' limits on one execution: 25,000 history events (a Distributed Map's children each
 * have their own) and 256 KB for a Map's results, both failing in ways no Catch handles or that the
 * ASL must avoid.
 */
class HistoryLimitTest {
    /** A task loop of {@code calls} calls: each pass is 5 task events and 2 Choice events. */
    private static final String LOOP = """
            "StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "work", "Next": "More"},
              "More": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": %d, "Next": "Work"}],
                       "Default": "Done"},
              "Done": {"Type": "Succeed"}}""";

    private static FakeTasks counting() {
        return new FakeTasks().on("work", (input, context) -> json("{\"n\": " + (input.path("n").asInt() + 1) + "}"));
    }

    @Test
    void aShortExecution_countsItsEventsAsStepFunctionsWould() {
        Execution execution = LocalRun.run("{" + LOOP.formatted(2) + "}", counting(), "{\"n\": 0}");

        // started; Work 5 + More 2, twice; Done 2; succeeded
        assertThat(execution.succeeded()).isTrue();
        assertThat(execution.historyEvents()).isEqualTo(1 + 2 * 7 + 2 + 1);
    }

    @Test
    void anExecutionPast25000Events_failsWithStatesRuntime_andNoCatchRuns() {
        String definition = """
                {"StartAt": "Loop", "States": {
                  "Loop": {"Type": "Map", "ItemsPath": "$.items", "Next": "Fine",
                    "ItemProcessor": {%s},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
                  "Fine": {"Type": "Succeed"},
                  "Caught": {"Type": "Succeed"}}}
                """.formatted(LOOP.formatted(4_000));

        Execution execution = LocalRun.run(definition, counting(), "{\"items\": [{\"n\": 0}]}");

        assertThat(execution.succeeded()).isFalse();
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).contains("maximum number of history events (25000)");
        assertThat(execution.path()).doesNotContain("Caught");
        assertThat(execution.historyEvents()).isGreaterThan(HistoryBudget.MAX_EVENTS);
    }

    @Test
    void distributedMapChildren_eachHaveTheirOwnHistory() {
        String definition = """
                {"StartAt": "Loop", "States": {
                  "Loop": {"Type": "Map", "ItemsPath": "$.items", "End": true, "ResultPath": null,
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, %s}}}}
                """.formatted(LOOP.formatted(2_000));

        // Four children of ~14,000 events each: far past 25,000 together, each within its own quota.
        Execution execution = LocalRun.run(definition, counting(), "{\"items\": [{\"n\": 0}, {\"n\": 0}, {\"n\": 0}, {\"n\": 0}]}");

        assertThat(execution.succeeded()).as("%s: %s", execution.error(), execution.cause()).isTrue();
        assertThat(execution.historyEvents()).as("the parent holds the Map Run, not the children").isLessThan(10);
        // started; 2,000 passes of Work 5 + More 2; Done 2; succeeded
        assertThat(execution.childHistoryEvents()).containsExactly(14_004L, 14_004L, 14_004L, 14_004L);
    }

    @Test
    void lenientExecutor_countsButDoesNotEnforce() {
        FakeTasks tasks = counting();
        StateMachine machine = StateMachine.parse("Test", "{" + LOOP.formatted(4_000) + "}", tasks.resources());

        Execution execution = Executor.builder(tasks).strict(false).build().execute(machine, "exec-1", json("{\"n\": 0}"));

        assertThat(execution.succeeded()).isTrue();
        assertThat(execution.historyEvents()).isGreaterThan(HistoryBudget.MAX_EVENTS);
    }

    @Test
    void mapResultsOver256KB_failWithDataLimitExceeded_evenWhenResultPathDropsThem() {
        String pad = String.join("", Collections.nCopies(1_000, "x"));
        String definition = """
                {"StartAt": "Fan", "States": {
                  "Fan": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": null, "End": true,
                    "ItemProcessor": {"StartAt": "Pad", "States": {"Pad": {"Type": "Pass", "Result": {"pad": "%s"}, "End": true}}}}}}
                """.formatted(pad);

        Execution execution = LocalRun.run(definition, new FakeTasks(), "{\"items\": [" + String.join(",", Collections.nCopies(300, "1")) + "]}");

        assertThat(execution.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(execution.cause()).contains("state 'Fan'");
    }

    @Test
    void iterationsThatOutputNothing_keepTheMapsResultSmall() {
        String pad = String.join("", Collections.nCopies(1_000, "x"));
        String definition = """
                {"StartAt": "Fan", "States": {
                  "Fan": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": null, "End": true,
                    "ItemProcessor": {"StartAt": "Pad", "States": {
                      "Pad": {"Type": "Pass", "Result": {"pad": "%s"}, "OutputPath": null, "End": true}}}}}}
                """.formatted(pad);

        Execution execution = LocalRun.run(definition, new FakeTasks(), "{\"items\": [" + String.join(",", Collections.nCopies(300, "1")) + "]}");

        assertThat(execution.succeeded()).as("%s: %s", execution.error(), execution.cause()).isTrue();
    }
}
