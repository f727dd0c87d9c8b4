package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Executor#stop}: as Step Functions' StopExecution, nothing starts after it and no Catch or Retry runs. */
class StopTest {
    private static final String DEFINITION = """
            {"StartAt": "Levels", "States": {
              "Levels": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                "ItemProcessor": {"StartAt": "Copy", "States": {
                  "Copy": {"Type": "Task", "Resource": "${Copy}", "Next": "Check"},
                  "Check": {"Type": "Task", "Resource": "${Check}", "End": true}}},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "RollBack"}], "Next": "Validate"},
              "Validate": {"Type": "Task", "Resource": "${Check}", "End": true},
              "RollBack": {"Type": "Task", "Resource": "${RollBack}", "End": true}}}
            """;

    @Test
    void stoppedWhileTasksRun_startsNothingMore_catchesNothing_andEndsAborted() throws Exception {
        CountDownLatch copying = new CountDownLatch(2);
        CountDownLatch stopped = new CountDownLatch(1);
        FakeTasks tasks = new FakeTasks()
                .on("Copy", (input, context) -> {
                    copying.countDown();
                    assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
                    if (input.path("fail").asBoolean()) {
                        throw new TaskFailedException("Broken", "failed after the stop");
                    }
                    return input;
                })
                .on("Check", (input, context) -> input)
                .on("RollBack", (input, context) -> input);
        Executor executor = Executor.builder(tasks).sleeper(new RecordingSleeper()).build();
        StateMachine machine = StateMachine.parse("Test", DEFINITION, tasks.resources());

        CompletableFuture<Execution> running = CompletableFuture.supplyAsync(() -> executor.execute(machine, "exec-1",
                json("{\"items\": [{\"fail\": false}, {\"fail\": true}, {\"fail\": false}]}")));
        assertThat(copying.await(30, TimeUnit.SECONDS)).isTrue();
        executor.stop("Stopped", "stopped on request");
        stopped.countDown();
        Execution execution = running.get(30, TimeUnit.SECONDS);

        assertThat(execution.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(execution.error()).isEqualTo("Stopped");
        assertThat(execution.cause()).isEqualTo("stopped on request");
        assertThat(tasks.calls()).extracting(FakeTasks.Call::resource).as("the two running copies, then nothing")
                .containsExactly("Copy", "Copy");
        assertThat(execution.visitedStateNames()).doesNotContain("Check", "Validate", "RollBack");
    }

    @Test
    void stop_reachesOnlyTheExecutionsRunningThen() {
        FakeTasks tasks = new FakeTasks().on("Copy", (input, context) -> input).on("Check", (input, context) -> input)
                .on("RollBack", (input, context) -> input);
        Executor executor = Executor.builder(tasks).sleeper(new RecordingSleeper()).build();
        executor.stop("Stopped", "before anything ran");

        Execution execution = executor.execute(StateMachine.parse("Test", DEFINITION, tasks.resources()), "exec-2",
                json("{\"items\": [{}]}"));

        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.path()).containsExactly("Levels", "Validate");
    }
}
