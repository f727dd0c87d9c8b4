package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutionTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.250Z");

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private Execution run(String definition, FakeTasks tasks, JsonNode input, ExecutionListener... listeners) {
        Executor.Builder builder = Executor.builder(tasks).sleeper(sleeper).clock(Clock.fixed(T0, ZoneOffset.UTC));
        for (ExecutionListener listener : listeners) {
            builder.listener(listener);
        }
        return builder.build().execute(StateMachine.parse("Migration", definition, tasks.resources()), "run-7", input);
    }

    @Test
    void contextObject_describesExecutionStateAndStateMachine() {
        Execution execution = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
                  "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "input.$": "$$.Execution.Input",
                  "start.$": "$$.Execution.StartTime", "state.$": "$$.State.Name", "entered.$": "$$.State.EnteredTime",
                  "retries.$": "$$.State.RetryCount", "machine.$": "$$.StateMachine.Id", "machineName.$": "$$.StateMachine.Name"},
                  "End": true}}}
                """, new FakeTasks(), json("{\"mode\": \"dry-run\"}"));

        assertThat(execution.output()).isEqualTo(json("""
                {"id": "arn:aws:states:local:000000000000:execution:Migration:run-7", "name": "run-7",
                 "input": {"mode": "dry-run"}, "start": "2026-03-01T10:15:30.250Z", "state": "P",
                 "entered": "2026-03-01T10:15:30.250Z", "retries": 0,
                 "machine": "arn:aws:states:local:000000000000:stateMachine:Migration", "machineName": "Migration"}
                """));
    }

    @Test
    void retryCount_inContextObject_countsRetriesOfTheState() {
        AtomicInteger calls = new AtomicInteger();
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (calls.incrementAndGet() < 3) {
                throw new TaskFailedException("Flaky", null);
            }
            return input;
        });

        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Work}",
                  "Parameters": {"retries.$": "$$.State.RetryCount"}, "Retry": [{"ErrorEquals": ["Flaky"]}], "End": true}}}
                """, tasks, json("{}"));

        assertThat(tasks.calls()).extracting(call -> call.input().get("retries").intValue()).containsExactly(0, 1, 2);
        assertThat(execution.output()).isEqualTo(json("{\"retries\": 2}"));
    }

    @Test
    void history_recordsEveryAttemptWithInputOutputAndTimes() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> json("{\"n\": 1}"));

        Execution execution = run("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "${Work}", "ResultPath": "$.a", "Next": "B"},
                  "B": {"Type": "Succeed"}}}
                """, tasks, json("{\"x\": 0}"));

        assertThat(execution.history()).hasSize(2);
        StateRecord first = execution.history().get(0);
        assertThat(first.stateName()).isEqualTo("A");
        assertThat(first.stateType()).isEqualTo("Task");
        assertThat(first.iterationPath()).isEmpty();
        assertThat(first.input()).isEqualTo(json("{\"x\": 0}"));
        assertThat(first.output()).isEqualTo(json("{\"x\": 0, \"a\": {\"n\": 1}}"));
        assertThat(first.start()).isEqualTo(T0);
        assertThat(first.end()).isEqualTo(T0);
        assertThat(first.failed()).isFalse();
        assertThat(execution.history().get(1).stateType()).isEqualTo("Succeed");
        assertThat(execution.history()).extracting(StateRecord::id).isSorted().doesNotHaveDuplicates();
        assertThat(execution.startTime()).isEqualTo(T0);
    }

    @Test
    void listener_seesEachAttemptEnterAndLeave_fromEveryMapThread() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void stateEntered(StateRecord record) {
                events.add("enter " + record.stateName() + record.iterationPath());
            }

            @Override
            public void stateExited(StateRecord record) {
                events.add("exit " + record.stateName() + record.iterationPath());
            }

            @Override
            public void stateFailed(StateRecord record) {
                events.add("fail " + record.stateName() + record.iterationPath() + " " + record.error());
            }
        };
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (input.intValue() == 2) {
                throw new TaskFailedException("Bad", null);
            }
            return input;
        });

        Executor executor = Executor.builder(tasks).sleeper(sleeper).clock(Clock.fixed(T0, ZoneOffset.UTC)).listener(listener)
                .build();
        executor.execute(StateMachine.parse("Migration", """
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${Work}", "End": true}}},
                  "Catch": [{"ErrorEquals": ["Bad"], "Next": "Handled"}], "End": true},
                  "Handled": {"Type": "Succeed"}}}
                """, tasks.resources()), "run-7", json("[1, 2]"));
        // A failing Map does not wait for its other iteration (strict, as Step Functions): W[0] may end at any point
        // after it began, before or after the Map failed and its Catch ran, but it does end.
        assertThat(executor.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(events).startsWith("enter M[]").containsSubsequence("enter W[1]", "fail W[1] Bad", "fail M[] Bad",
                "enter Handled[]", "exit Handled[]");
        assertThat(events).containsSubsequence("enter W[0]", "exit W[0]");
        assertThat(events).hasSize(8);
    }

    @Test
    void failingListener_doesNotChangeTheExecution() {
        ExecutionListener broken = new ExecutionListener() {
            @Override
            public void stateEntered(StateRecord record) {
                throw new IllegalStateException("display is gone");
            }
        };

        Execution execution = run("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}",
                new FakeTasks(), json("{}"), broken);

        assertThat(execution.succeeded()).isTrue();
    }

    @Test
    void choiceLoop_repeatsTheTaskUntilTheCounterSaysDone() {
        FakeTasks tasks = new FakeTasks().on("Step", (input, context) -> {
            ObjectNode next = input.deepCopy();
            next.put("count", input.get("count").intValue() + 1);
            return next;
        });

        Execution execution = run("""
                {"StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "${Step}", "Next": "IsDone"},
                  "IsDone": {"Type": "Choice", "Comment": "the task reports progress; stop at the target",
                    "Choices": [{"Variable": "$.count", "NumericGreaterThanEqualsPath": "$.target", "Next": "Done"}],
                    "Default": "Work"},
                  "Done": {"Type": "Succeed"}}}
                """, tasks, json("{\"count\": 0, \"target\": 3}"));

        assertThat(execution.path()).containsExactly("Work", "IsDone", "Work", "IsDone", "Work", "IsDone", "Done");
        assertThat(execution.output()).isEqualTo(json("{\"count\": 3, \"target\": 3}"));
    }

    @Test
    void passLoop_countsWithMathAdd() {
        Execution execution = run("""
                {"StartAt": "Init", "States": {
                  "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Check"},
                  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 2, "Next": "Inc"}],
                    "Default": "End"},
                  "Inc": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.i, 1)"}, "ResultPath": "$.next",
                    "OutputPath": "$.next", "Next": "Rename"},
                  "Rename": {"Type": "Pass", "Parameters": {"i.$": "$.v"}, "Next": "Check"},
                  "End": {"Type": "Succeed"}}}
                """, new FakeTasks(), json("{}"));

        assertThat(execution.path()).containsExactly("Init", "Check", "Inc", "Rename", "Check", "Inc", "Rename", "Check", "End");
        assertThat(execution.output()).isEqualTo(json("{\"i\": 2}"));
    }

    @Test
    void stateOutputOverTheLimit_failsWithDataLimitExceeded_whichNoCatcherHandles() {
        String big = "x".repeat(Executor.MAX_PAYLOAD_BYTES);
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> json("{\"items\": \"" + big + "\"}"));

        Execution execution = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "${Work}", "End": true,
                        "Retry": [{"ErrorEquals": ["States.ALL"]}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
                  "Caught": {"Type": "Succeed"}}}
                """, tasks, json("{}"));

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(execution.cause()).isEqualTo("The result of state 'T' is 262156 bytes, more than the 262144 bytes "
                + "Step Functions allows");
        assertThat(execution.path()).containsExactly("T");
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void outputOfExactlyTheLimit_passes_andOneByteMoreFails() {
        // {"s":"..."} is 8 bytes of JSON around the string; the Pass state adds ,"t":1 (6 bytes).
        String addsSixBytes = """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "ResultPath": "$.t", "End": true}}}
                """;
        ObjectNode reachesTheLimit = json("{}").deepCopy();
        reachesTheLimit.put("s", "x".repeat(Executor.MAX_PAYLOAD_BYTES - 8 - 6));
        ObjectNode oneByteMore = json("{}").deepCopy();
        oneByteMore.put("s", "x".repeat(Executor.MAX_PAYLOAD_BYTES - 8 - 6 + 1));
        ObjectNode inputOverTheLimit = json("{}").deepCopy();
        inputOverTheLimit.put("s", "x".repeat(Executor.MAX_PAYLOAD_BYTES - 8) + "é");

        assertThat(run(addsSixBytes, new FakeTasks(), reachesTheLimit).succeeded()).isTrue();
        Execution failed = run(addsSixBytes, new FakeTasks(), oneByteMore);
        assertThat(failed.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(failed.cause()).isEqualTo("The output of state 'P' is 262145 bytes, more than the 262144 bytes "
                + "Step Functions allows");
        assertThat(run(addsSixBytes, new FakeTasks(), inputOverTheLimit).error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void parametersOverTheLimit_failBeforeTheTaskRuns() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> input);
        ObjectNode input = json("{}").deepCopy();
        input.put("half", "y".repeat(Executor.MAX_PAYLOAD_BYTES / 2 + 10));

        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Work}",
                  "Parameters": {"a.$": "$.half", "b.$": "$.half"}, "End": true}}}
                """, tasks, input);

        assertThat(execution.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(execution.cause()).startsWith("The input after Parameters of state 'T' is ");
        assertThat(tasks.calls()).isEmpty();
    }

    @Test
    void mapIterationOverTheLimit_failsTheWholeExecution() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> json("\"" + "z".repeat(200_000) + "\""));

        Execution execution = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${Work}", "End": true}}},
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Succeed"}}}
                """, tasks, json("[1, 2]"));

        assertThat(execution.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(execution.path()).containsExactly("M");
    }

    @Test
    void executionInputOverTheLimit_failsBeforeAnyState() {
        ObjectNode input = json("{}").deepCopy();
        input.put("s", "x".repeat(Executor.MAX_PAYLOAD_BYTES));

        Execution execution = run("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}",
                new FakeTasks(), input);

        assertThat(execution.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(execution.history()).isEmpty();
    }
}
