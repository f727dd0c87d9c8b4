package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LambdaTaskRunnerTest {
    private static final TaskContext TASK = new TaskContext("exec-1", "Analyze", 0, List.of());

    static final class ConflictsFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictsFoundException(String message) {
            super(message);
        }
    }

    private static LambdaTaskRunner runner(RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        return LambdaTaskRunner.builder().function("AnalyzeFunctionArn", handler).build();
    }

    @Test
    void handlerException_becomesErrorNamedByItsClass_withTheRuntimesErrorDocumentAsCause() {
        LambdaTaskRunner runner = runner((event, context) -> {
            throw new ConflictsFoundException("3 target items already exist in Contacts");
        });

        TaskFailedException failure = catchTaskFailure(runner, json("{}"));

        assertThat(failure.error()).isEqualTo("dev.dmig.executor.LambdaTaskRunnerTest$ConflictsFoundException");
        JsonNode cause = json(failure.cause());
        assertThat(cause.fieldNames()).toIterable().containsExactly("errorMessage", "errorType", "stackTrace");
        assertThat(cause.get("errorMessage").textValue()).isEqualTo("3 target items already exist in Contacts");
        assertThat(cause.get("errorType").textValue()).isEqualTo(failure.error());
        assertThat(cause.get("stackTrace").get(0).textValue()).startsWith("dev.dmig.executor.LambdaTaskRunnerTest.lambda$");
        assertThat(cause.get("stackTrace")).allSatisfy(frame -> assertThat(frame.isTextual()).isTrue());
    }

    @Test
    void handlerExceptionWithoutMessage_reportsItsClassNameAsMessage() {
        LambdaTaskRunner runner = runner((event, context) -> {
            throw new IllegalStateException();
        });

        TaskFailedException failure = catchTaskFailure(runner, json("{}"));

        assertThat(json(failure.cause()).get("errorMessage").textValue()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void input_isConvertedToAMap_andTheReturnedMapToJson() {
        AtomicReference<Map<String, Object>> received = new AtomicReference<>();
        LambdaTaskRunner runner = runner((event, context) -> {
            received.set(event);
            return Map.of("key", "runs/r1/analysis.json", "tables", List.of("Contacts"), "count", 42);
        });

        JsonNode output = run(runner, json("{\"runId\": \"r1\", \"limit\": 1, \"nested\": {\"ok\": true}, \"ids\": [\"a\"]}"));

        assertThat(received.get()).containsEntry("runId", "r1").containsEntry("limit", 1)
                .containsEntry("nested", Map.of("ok", true)).containsEntry("ids", List.of("a"));
        assertThat(output).isEqualTo(json("{\"key\": \"runs/r1/analysis.json\", \"tables\": [\"Contacts\"], \"count\": 42}"));
    }

    @Test
    void nullResponse_becomesJsonNull() {
        JsonNode output = run(runner((event, context) -> null), json("{}"));

        assertThat(output.isNull()).isTrue();
    }

    @Test
    void nonObjectInput_failsAsTheRuntimeFailsToReadTheEvent() {
        TaskFailedException failure = catchTaskFailure(runner((event, context) -> Map.of()), json("[1, 2]"));

        assertThat(failure.error()).isEqualTo("java.lang.RuntimeException");
        assertThat(json(failure.cause()).get("errorMessage").textValue()).isEqualTo("An error occurred during JSON parsing");
    }

    @Test
    void context_namesTheFunctionAfterTheResource_andCountsDownFromItsTimeout() throws TaskFailedException {
        AtomicReference<Context> seen = new AtomicReference<>();
        AtomicReference<int[]> remaining = new AtomicReference<>();
        LambdaTaskRunner runner = LambdaTaskRunner.builder().function("MigrateSegmentFunctionArn", (event, context) -> {
            seen.set(context);
            int first = context.getRemainingTimeInMillis();
            spin(Duration.ofMillis(5));
            remaining.set(new int[] {first, context.getRemainingTimeInMillis()});
            context.getLogger().log("working");
            return Map.of();
        }, Duration.ofMillis(2_000)).build();

        runner.run("MigrateSegmentFunctionArn", json("{}"), TASK);

        assertThat(seen.get().getFunctionName()).isEqualTo("MigrateSegmentFunction");
        assertThat(seen.get().getAwsRequestId()).hasSize(36);
        assertThat(remaining.get()[0]).isBetween(1, 2_000);
        assertThat(remaining.get()[1]).isLessThan(remaining.get()[0]);
    }

    @Test
    void context_withoutConfiguredTimeout_startsFromFifteenMinutes() throws TaskFailedException {
        AtomicReference<Integer> remaining = new AtomicReference<>();
        LambdaTaskRunner runner = runner((event, context) -> {
            remaining.set(context.getRemainingTimeInMillis());
            return Map.of();
        });

        runner.run("AnalyzeFunctionArn", json("{}"), TASK);

        assertThat(remaining.get()).isBetween(899_000, 900_000);
    }

    @Test
    void context_remainingTime_neverGoesBelowZero() throws TaskFailedException {
        AtomicReference<Integer> remaining = new AtomicReference<>();
        // Not killed at the timeout: the point is what the context says after it.
        LambdaTaskRunner runner = LambdaTaskRunner.builder().killAtTimeout(false).function("AnalyzeFunctionArn", (event, context) -> {
            spin(Duration.ofMillis(3));
            remaining.set(context.getRemainingTimeInMillis());
            return Map.of();
        }, Duration.ofMillis(1)).build();

        runner.run("AnalyzeFunctionArn", json("{}"), TASK);

        assertThat(remaining.get()).isZero();
    }

    @Test
    void invocationPastItsTimeout_failsWithSandboxTimedout_keepingWhatItDid_andItsThreadIsInterrupted() throws Exception {
        AtomicInteger written = new AtomicInteger();
        CountDownLatch interrupted = new CountDownLatch(1);
        LambdaTaskRunner runner = LambdaTaskRunner.builder().function("MigrateSegmentFunctionArn", (event, context) -> {
            written.incrementAndGet();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return Map.of();
        }, Duration.ofMillis(200)).build();

        TaskFailedException failure = catchTaskFailure(runner, "MigrateSegmentFunctionArn");

        assertThat(failure.error()).isEqualTo("Sandbox.Timedout");
        assertThat(json(failure.cause()).get("errorMessage").textValue()).endsWith(" Task timed out after 0.20 seconds");
        assertThat(written).as("side effects before the timeout stay").hasValue(1);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.awaitIdle(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void awaitIdle_waitsForAnInvocationThatGoesOnAfterItsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LambdaTaskRunner runner = LambdaTaskRunner.builder().function("AnalyzeFunctionArn", (event, context) -> {
            // Deaf to the interrupt, like a handler blocked where interrupts are not seen.
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        return Map.of();
                    }
                } catch (InterruptedException e) {
                    Thread.interrupted();
                }
            }
        }, Duration.ofMillis(50)).build();

        assertThat(catchTaskFailure(runner, json("{}")).error()).isEqualTo(LambdaTaskRunner.TIMED_OUT);

        assertThat(runner.awaitIdle(Duration.ofMillis(200))).as("the invocation still runs").isFalse();
        release.countDown();
        assertThat(runner.awaitIdle(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void timedOutTask_isRetriedByARetrierOnSandboxTimedout() {
        AtomicInteger calls = new AtomicInteger();
        LambdaTaskRunner runner = LambdaTaskRunner.builder().function("AnalyzeFunctionArn", (event, context) -> {
            if (calls.incrementAndGet() == 1) {
                spin(Duration.ofMillis(400));
            }
            return Map.of("done", true);
        }, Duration.ofMillis(100)).build();
        StateMachine machine = StateMachine.parse("""
                {"StartAt": "Analyze", "States": {
                  "Analyze": {"Type": "Task", "Resource": "${AnalyzeFunctionArn}", "End": true,
                    "Retry": [{"ErrorEquals": ["Sandbox.Timedout"], "IntervalSeconds": 1, "MaxAttempts": 2}]}}}
                """, runner.resources());

        Execution execution = Executor.builder(runner).sleeper(duration -> { }).build().execute(machine, "exec-1", json("{}"));

        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output()).isEqualTo(json("{\"done\": true}"));
        assertThat(calls).hasValue(2);
    }

    @Test
    void handlerError_isCatchableByItsClassNameInTheStateMachine() {
        LambdaTaskRunner runner = runner((event, context) -> {
            throw new ConflictsFoundException("conflicts in Contacts");
        });
        StateMachine machine = StateMachine.parse("""
                {"StartAt": "Analyze", "States": {
                  "Analyze": {"Type": "Task", "Resource": "${AnalyzeFunctionArn}", "End": true,
                    "Catch": [{"ErrorEquals": ["dev.dmig.executor.LambdaTaskRunnerTest$ConflictsFoundException"],
                               "Comment": "conflicts under onConflict=abort stop the run before writing",
                               "Next": "ConflictsFound"}]},
                  "ConflictsFound": {"Type": "Fail", "Error": "ConflictsFound", "CausePath": "$.Cause"}}}
                """, runner.resources());

        Execution execution = Executor.builder(runner).build().execute(machine, "exec-1", json("{}"));

        assertThat(execution.path()).containsExactly("Analyze", "ConflictsFound");
        assertThat(execution.error()).isEqualTo("ConflictsFound");
        assertThat(json(execution.cause()).get("errorMessage").textValue()).isEqualTo("conflicts in Contacts");
    }

    @Test
    void registeringOneResourceTwice_isRejected() {
        LambdaTaskRunner.Builder builder = LambdaTaskRunner.builder().function("AnalyzeFunctionArn", (e, c) -> Map.of());

        assertThatThrownBy(() -> builder.function("AnalyzeFunctionArn", (e, c) -> Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource 'AnalyzeFunctionArn' already has a handler");
    }

    private static JsonNode run(LambdaTaskRunner runner, JsonNode input) {
        try {
            return runner.run("AnalyzeFunctionArn", input, TASK);
        } catch (TaskFailedException e) {
            throw new AssertionError("unexpected task failure " + e.error(), e);
        }
    }

    private static TaskFailedException catchTaskFailure(LambdaTaskRunner runner, String resource) {
        try {
            runner.run(resource, json("{}"), TASK);
        } catch (TaskFailedException e) {
            return e;
        }
        throw new AssertionError("the task did not fail");
    }

    private static TaskFailedException catchTaskFailure(LambdaTaskRunner runner, JsonNode input) {
        try {
            runner.run("AnalyzeFunctionArn", input, TASK);
        } catch (TaskFailedException e) {
            return e;
        }
        throw new AssertionError("the task did not fail");
    }

    /** Busy-waits so the clock moves without sleeping. */
    private static void spin(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
