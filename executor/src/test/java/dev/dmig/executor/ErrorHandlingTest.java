package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest {
    private final RecordingSleeper sleeper = new RecordingSleeper();

    private Execution run(String definition, FakeTasks tasks) {
        return run(definition, tasks, Executor.builder(tasks).sleeper(sleeper));
    }

    private static Execution run(String definition, FakeTasks tasks, Executor.Builder executor) {
        StateMachine machine = StateMachine.parse(definition, tasks.resources());
        return executor.build().execute(machine, "exec-1", json("{\"in\": 1}"));
    }

    /** A task that fails with {@code error} its first {@code failures} calls, then returns {"ok": true}. */
    private static FakeTasks failing(int failures, String error) {
        AtomicInteger calls = new AtomicInteger();
        return new FakeTasks().on("Work", (input, context) -> {
            if (calls.incrementAndGet() <= failures) {
                throw new TaskFailedException(error, "attempt " + calls.get());
            }
            return json("{\"ok\": true}");
        });
    }

    /** Task T with the given fields; the catch targets Caught and CaughtOther exist when referenced. */
    private static String task(String retryAndCatch) {
        StringBuilder targets = new StringBuilder();
        for (String target : new String[] {"Caught", "CaughtOther"}) {
            if (retryAndCatch.contains("\"" + target + "\"")) {
                targets.append(", \"").append(target).append("\": {\"Type\": \"Pass\", \"End\": true}");
            }
        }
        return """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "${Work}", %s "End": true}%s}}
                """.formatted(retryAndCatch, targets);
    }

    @Test
    void retry_backsOffByBackoffRate_afterIntervalSeconds() {
        FakeTasks tasks = failing(3, "Flaky");

        Execution execution = run(task("""
                "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 3}],
                """), tasks);

        assertThat(execution.succeeded()).isTrue();
        assertThat(sleeper.seconds()).containsExactly(1.0, 2.0, 4.0);
        assertThat(tasks.calls()).extracting(call -> call.context().retryCount()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void retry_defaults_areOneSecondTimesTwoThreeTimes() {
        Execution execution = run(task("\"Retry\": [{\"ErrorEquals\": [\"Flaky\"]}],"), failing(4, "Flaky"));

        assertThat(execution.error()).isEqualTo("Flaky");
        assertThat(sleeper.seconds()).containsExactly(1.0, 2.0, 4.0);
    }

    @Test
    void retry_delayIsCappedByMaxDelaySeconds() {
        run(task("""
                "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 3, "BackoffRate": 3, "MaxAttempts": 4,
                           "MaxDelaySeconds": 10}],
                """), failing(4, "Flaky"));

        assertThat(sleeper.seconds()).containsExactly(3.0, 9.0, 10.0, 10.0);
    }

    @Test
    void retry_withFullJitter_scalesDelayByRandomFraction() {
        FakeTasks tasks = failing(2, "Flaky");

        run(task("""
                "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 4, "JitterStrategy": "FULL"}],
                """), tasks, Executor.builder(tasks).sleeper(sleeper).jitter(() -> 0.25));

        assertThat(sleeper.seconds()).containsExactly(1.0, 2.0);
    }

    @Test
    void retry_withMaxAttemptsZero_neverRetries() {
        FakeTasks tasks = failing(1, "Flaky");

        Execution execution = run(task("\"Retry\": [{\"ErrorEquals\": [\"Flaky\"], \"MaxAttempts\": 0}],"), tasks);

        assertThat(execution.error()).isEqualTo("Flaky");
        assertThat(tasks.calls()).hasSize(1);
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void retriers_countMaxAttemptsPerErrorName_andBackOffPerRetrier_asTheSpecExampleDoes() {
        AtomicInteger calls = new AtomicInteger();
        String[] errors = {"ErrorA", "ErrorB", "ErrorC", "ErrorB", "ErrorB"};
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            throw new TaskFailedException(errors[calls.getAndIncrement()], null);
        });

        Execution execution = run(task("""
                "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 2},
                          {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5},
                          {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 100}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                """), tasks);

        assertThat(sleeper.seconds()).containsExactly(1.0, 2.0, 5.0, 4.0);
        assertThat(execution.path()).containsExactly("T", "Caught");
        assertThat(execution.output()).isEqualTo(json("{\"Error\": \"ErrorB\"}"));
    }

    @Test
    void retryThenCatch_catchesOnceRetriesAreExhausted() {
        FakeTasks tasks = failing(10, "Flaky");

        Execution execution = run(task("""
                "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 2}],
                "Catch": [{"ErrorEquals": ["Flaky"], "ResultPath": "$.error", "Next": "Caught"}],
                """), tasks);

        assertThat(tasks.calls()).hasSize(3);
        assertThat(execution.path()).containsExactly("T", "Caught");
        assertThat(execution.output()).isEqualTo(json("{\"in\": 1, \"error\": {\"Error\": \"Flaky\", \"Cause\": \"attempt 3\"}}"));
        assertThat(execution.history()).extracting(StateRecord::stateName, StateRecord::retryCount, StateRecord::error)
                .containsExactly(
                        tuple("T", 0, "Flaky"),
                        tuple("T", 1, "Flaky"),
                        tuple("T", 2, "Flaky"),
                        tuple("Caught", 0, null));
    }

    @Test
    void catchers_areTriedInOrder_firstMatchWins() {
        Execution execution = run(task("""
                "Catch": [{"ErrorEquals": ["Other"], "Next": "CaughtOther"},
                          {"ErrorEquals": ["Boom", "Other"], "Next": "Caught"},
                          {"ErrorEquals": ["States.ALL"], "Next": "CaughtOther"}],
                """), failing(1, "Boom"));

        assertThat(execution.path()).containsExactly("T", "Caught");
    }

    @Test
    void statesAll_catchesTaskErrors() {
        Execution execution = run(task("\"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Caught\"}],"),
                failing(1, "java.lang.IllegalStateException"));

        assertThat(execution.path()).containsExactly("T", "Caught");
    }

    @Test
    void statesAll_doesNotCatchStatesRuntime() {
        Execution execution = run(task("""
                "Parameters": {"x.$": "$.missing"},
                "Retry": [{"ErrorEquals": ["States.ALL"]}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                """), failing(0, "unused"));

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.path()).containsExactly("T");
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void statesTaskFailed_catchesTaskErrors_butNotStatesTimeout() {
        FakeTasks slow = new FakeTasks().on("Work", (input, context) -> {
            new CountDownLatch(1).await(5, TimeUnit.SECONDS);
            return json("{}");
        });
        String definition = task("""
                "TimeoutSeconds": 1,
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "CaughtOther"},
                          {"ErrorEquals": ["States.Timeout"], "Next": "Caught"}],
                """);

        Execution timedOut = run(definition, slow, Executor.builder(slow).timeoutUnit(Duration.ofMillis(20)));
        Execution failed = run(definition, failing(1, "Boom"));

        assertThat(timedOut.path()).containsExactly("T", "Caught");
        assertThat(timedOut.output()).isEqualTo(json("{\"Error\": \"States.Timeout\"}"));
        assertThat(failed.path()).containsExactly("T", "CaughtOther");
    }

    @Test
    void timeout_interruptsTheTaskAndCanBeRetried() {
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    new CountDownLatch(1).await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
            return json("{\"attempt\": " + calls.get() + "}");
        });

        Execution execution = run(task("""
                "TimeoutSeconds": 2,
                "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 1}],
                """), tasks, Executor.builder(tasks).sleeper(sleeper).timeoutUnit(Duration.ofMillis(10)));

        assertThat(execution.output()).isEqualTo(json("{\"attempt\": 2}"));
        assertThat(execution.history()).extracting(StateRecord::error).containsExactly("States.Timeout", null);
        assertThat(awaited(interrupted)).isTrue();
    }

    private static boolean awaited(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void catcherResultPathNull_passesOriginalInputOn() {
        Execution execution = run(task("""
                "Catch": [{"ErrorEquals": ["Boom"], "ResultPath": null, "Next": "Caught"}],
                """), failing(1, "Boom"));

        assertThat(execution.output()).isEqualTo(json("{\"in\": 1}"));
    }

    @Test
    void runnerException_becomesErrorNamedByItsClass() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            throw new UnsupportedOperationException("not today");
        });

        Execution execution = run(task(""), tasks);

        assertThat(execution.error()).isEqualTo("java.lang.UnsupportedOperationException");
        JsonNode cause = json(execution.cause());
        assertThat(cause.get("errorMessage").textValue()).isEqualTo("not today");
        assertThat(cause.get("errorType").textValue()).isEqualTo("java.lang.UnsupportedOperationException");
    }

    @Test
    void fail_reportsItsErrorAndCause() {
        Execution execution = run("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "ConfirmationRequired",
                  "Cause": "full mode needs confirm: true"}}}
                """, new FakeTasks());

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("ConfirmationRequired");
        assertThat(execution.cause()).isEqualTo("full mode needs confirm: true");
        assertThat(execution.history()).singleElement()
                .satisfies(record -> assertThat(record.error()).isEqualTo("ConfirmationRequired"));
    }

    @Test
    void fail_readsErrorPathAndCausePath() {
        StateMachine machine = StateMachine.parse("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.why.error",
                  "CausePath": "$.why.cause"}}}
                """, Set.of());

        Execution execution = Executor.builder(new FakeTasks()).build().execute(machine, "e",
                json("{\"why\": {\"error\": \"ConflictsFound\", \"cause\": \"table Contacts failed\"}}"));

        assertThat(execution.error()).isEqualTo("ConflictsFound");
        assertThat(execution.cause()).isEqualTo("table Contacts failed");
    }

    @Test
    void caughtError_reachesFailState_throughErrorPathAndCausePath() {
        Execution execution = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "${Work}", "End": true,
                        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "RolledBack"}]},
                  "RolledBack": {"Type": "Fail", "ErrorPath": "$.failure.Error", "CausePath": "$.failure.Cause"}}}
                """, failing(1, "WriteFailed"));

        assertThat(execution.path()).containsExactly("T", "RolledBack");
        assertThat(execution.error()).isEqualTo("WriteFailed");
        assertThat(execution.cause()).isEqualTo("attempt 1");
    }
}
