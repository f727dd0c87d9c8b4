package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MapStateTest {

    private static Execution run(String definition, FakeTasks tasks, String input) {
        return run(definition, tasks, input, Executor.builder(tasks).sleeper(new RecordingSleeper()));
    }

    private static Execution run(String definition, FakeTasks tasks, String input, Executor.Builder executor) {
        StateMachine machine = StateMachine.parse(definition, tasks.resources());
        return executor.build().execute(machine, "exec-1", json(input));
    }

    /** Map M over $.items, each iteration running Task W then Pass After; then Done. */
    private static String map(String mapFields) {
        return """
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "ItemsPath": "$.items", %s
                        "ItemProcessor": {"StartAt": "W", "States": {
                          "W": {"Type": "Task", "Resource": "${Work}", "Next": "After"},
                          "After": {"Type": "Pass", "End": true}}},
                        "Next": "Done"},
                  "Done": {"Type": "Succeed"}}}
                """.formatted(mapFields);
    }

    /** Counts the tasks running at once and remembers the highest count. */
    private static final class Gauge {
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger highest = new AtomicInteger();

        void enter() {
            highest.accumulateAndGet(running.incrementAndGet(), Math::max);
        }

        void exit() {
            running.decrementAndGet();
        }
    }

    /** Work that the gauge counts, each call waiting until {@code parties} calls run at once. */
    private static FakeTasks meetingIn(Gauge gauge, int parties) {
        CyclicBarrier barrier = new CyclicBarrier(parties);
        return new FakeTasks().on("Work", (input, context) -> {
            gauge.enter();
            barrier.await(5, TimeUnit.SECONDS);
            gauge.exit();
            return input;
        });
    }

    @Test
    void map_returnsIterationResultsInItemOrder() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> json("{\"doubled\": " + input.intValue() * 2 + "}"));

        Execution execution = run(map(""), tasks, "{\"items\": [1, 2, 3]}");

        assertThat(execution.output()).isEqualTo(json("[{\"doubled\": 2}, {\"doubled\": 4}, {\"doubled\": 6}]"));
        assertThat(execution.path()).containsExactly("M", "Done");
    }

    @Test
    void map_keepsItemOrder_whenLaterIterationsFinishFirst() {
        CountDownLatch secondFinished = new CountDownLatch(1);
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (input.intValue() == 0) {
                assertThat(secondFinished.await(5, TimeUnit.SECONDS)).isTrue();
            } else {
                secondFinished.countDown();
            }
            return input;
        });

        Execution execution = run(map(""), tasks, "{\"items\": [0, 1]}");

        assertThat(execution.output()).isEqualTo(json("[0, 1]"));
    }

    @Test
    void map_overEmptyArray_returnsEmptyArray() {
        Execution execution = run(map(""), new FakeTasks().on("Work", (input, context) -> input), "{\"items\": []}");

        assertThat(execution.output()).isEqualTo(json("[]"));
    }

    @Test
    void iterations_reallyRunInParallel() {
        CyclicBarrier allFour = new CyclicBarrier(4);
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            // Only returns if all four iterations are inside this task at the same time.
            allFour.await(5, TimeUnit.SECONDS);
            return input;
        });

        Execution execution = run(map(""), tasks, "{\"items\": [1, 2, 3, 4]}");

        assertThat(execution.succeeded()).as("%s %s", execution.error(), execution.cause()).isTrue();
    }

    @Test
    @SuppressWarnings("ThreadPriorityCheck") // the task yields inside the gauge to give another iteration a chance to overlap
    void maxConcurrencyOne_runsIterationsOneAtATime_inItemOrder() {
        Gauge gauge = new Gauge();
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            gauge.enter();
            Thread.yield();
            gauge.exit();
            return input;
        });

        Execution execution = run(map("\"MaxConcurrency\": 1,"), tasks, "{\"items\": [0, 1, 2, 3, 4, 5]}");

        assertThat(execution.succeeded()).isTrue();
        assertThat(gauge.highest.get()).isEqualTo(1);
        assertThat(tasks.calls()).extracting(call -> call.input().intValue()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void maxConcurrency_capsParallelIterations() {
        Gauge gauge = new Gauge();
        FakeTasks tasks = meetingIn(gauge, 2);

        Execution execution = run(map("\"MaxConcurrency\": 2,"), tasks, "{\"items\": [1, 2, 3, 4, 5, 6]}");

        assertThat(execution.succeeded()).isTrue();
        assertThat(gauge.highest.get()).isEqualTo(2);
    }

    @Test
    void maxConcurrencyPath_capsParallelIterations_withTheNumberInTheInput() {
        Gauge gauge = new Gauge();
        FakeTasks tasks = meetingIn(gauge, 2);

        Execution execution = run(map("\"MaxConcurrencyPath\": \"$.limits.segments\","), tasks,
                "{\"limits\": {\"segments\": 2}, \"items\": [1, 2, 3, 4, 5, 6]}");

        assertThat(execution.succeeded()).isTrue();
        assertThat(gauge.highest.get()).isEqualTo(2);
    }

    @Test
    void maxConcurrencyPathSelectingZero_meansNoLimitBeyondTheLocalOne() {
        Gauge gauge = new Gauge();
        FakeTasks tasks = meetingIn(gauge, 3);

        Execution execution = run(map("\"MaxConcurrencyPath\": \"$.n\","), tasks, "{\"n\": 0, \"items\": [1, 2, 3, 4, 5, 6]}",
                Executor.builder(tasks).maxParallelism(3));

        assertThat(execution.succeeded()).isTrue();
        assertThat(gauge.highest.get()).isEqualTo(3);
    }

    @Test
    void maxConcurrencyPathSelectingANegativeNumber_failsWithStatesRuntime() {
        Execution execution = run(map("\"MaxConcurrencyPath\": \"$.n\","), new FakeTasks().on("Work", (input, context) -> input),
                "{\"n\": -1, \"items\": [1]}");

        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).isEqualTo("The MaxConcurrencyPath '$.n' of state 'M' must select a non-negative integer, not -1");
    }

    @Test
    void localParallelismLimit_capsUnlimitedMaxConcurrency() {
        Gauge gauge = new Gauge();
        FakeTasks tasks = meetingIn(gauge, 3);

        Execution execution = run(map(""), tasks, "{\"items\": [1, 2, 3, 4, 5, 6]}",
                Executor.builder(tasks).maxParallelism(3));

        assertThat(execution.succeeded()).isTrue();
        assertThat(gauge.highest.get()).isEqualTo(3);
    }

    @Test
    void itemSelector_seesMapInputAndItemIndexAndValue() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> input);

        Execution execution = run(map("""
                "ItemSelector": {"run.$": "$.runId", "index.$": "$$.Map.Item.Index", "table.$": "$$.Map.Item.Value.name"},
                """), tasks, "{\"runId\": \"r1\", \"items\": [{\"name\": \"Contacts\"}, {\"name\": \"Requests\"}]}");

        assertThat(execution.output()).isEqualTo(json("""
                [{"run": "r1", "index": 0, "table": "Contacts"}, {"run": "r1", "index": 1, "table": "Requests"}]
                """));
    }

    @Test
    void nestedMaps_recordTheIterationIndexPath() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> input);

        Execution execution = run("""
                {"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "ItemsPath": "$.levels",
                  "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {"Type": "Map", "ItemsPath": "$.tables",
                    "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${Work}", "End": true}}},
                    "End": true}}},
                  "End": true}}}
                """, tasks, "{\"levels\": [{\"tables\": [\"a\", \"b\"]}, {\"tables\": [\"c\"]}]}");

        assertThat(execution.output()).isEqualTo(json("[[\"a\", \"b\"], [\"c\"]]"));
        assertThat(tasks.calls()).extracting(call -> call.input().textValue() + call.context().iterationPath())
                .containsExactlyInAnyOrder("a[0, 0]", "b[0, 1]", "c[1, 0]");
        assertThat(execution.history()).filteredOn(record -> record.stateName().equals("Inner"))
                .extracting(StateRecord::iterationPath).containsExactlyInAnyOrder(List.of(0), List.of(1));
        assertThat(execution.pathIn(List.of(1, 0))).containsExactly("W");
        assertThat(execution.visitedStateNames()).containsExactlyInAnyOrder("Outer", "Inner", "W");
    }

    @Test
    void failingIteration_failsTheMapWithItsError_andNoFurtherIterationStarts() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (input.intValue() == 1) {
                throw new TaskFailedException("SegmentFailed", "segment 1");
            }
            return input;
        });

        Execution execution = run(map("\"MaxConcurrency\": 1,"), tasks, "{\"items\": [0, 1, 2, 3]}");

        assertThat(execution.error()).isEqualTo("SegmentFailed");
        assertThat(execution.cause()).isEqualTo("segment 1");
        assertThat(tasks.calls()).extracting(call -> call.input().intValue()).containsExactly(0, 1);
        assertThat(execution.path()).containsExactly("M");
    }

    @Test
    void strict_failingIteration_failsTheMapAtOnce_whileARunningSiblingTaskGoesOnToItsEnd() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch caught = new CountDownLatch(1);
        AtomicBoolean secondFinished = new AtomicBoolean();
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (input.intValue() == 0) {
                assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();
                throw new TaskFailedException("Boom", null);
            }
            secondStarted.countDown();
            // Still running when the Catch target runs: Step Functions does not wait for it.
            assertThat(caught.await(5, TimeUnit.SECONDS)).isTrue();
            secondFinished.set(true);
            return input;
        }).on("Undo", (input, context) -> {
            caught.countDown();
            return input;
        });
        String definition = """
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "ItemsPath": "$.items",
                        "ItemProcessor": {"StartAt": "W", "States": {
                          "W": {"Type": "Task", "Resource": "${Work}", "Next": "After"},
                          "After": {"Type": "Pass", "End": true}}},
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "U"}],
                        "Next": "Done"},
                  "U": {"Type": "Task", "Resource": "${Undo}", "End": true},
                  "Done": {"Type": "Succeed"}}}
                """;
        Executor executor = Executor.builder(tasks).sleeper(new RecordingSleeper()).build();

        Execution execution = executor.execute(StateMachine.parse(definition, tasks.resources()), "exec-1",
                json("{\"items\": [0, 1]}"));

        assertThat(execution.path()).containsExactly("M", "U");
        assertThat(executor.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(secondFinished).as("the sibling's task ran to its end").isTrue();
        assertThat(tasks.calls()).extracting(FakeTasks.Call::resource).containsExactlyInAnyOrder("Work", "Work", "Undo");
    }

    @Test
    void strict_aCancelledSibling_startsNoFurtherState() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger afterRuns = new AtomicInteger();
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (input.intValue() == 0) {
                assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();
                throw new TaskFailedException("Boom", null);
            }
            secondStarted.countDown();
            assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
            return input;
        }).on("Next", (input, context) -> {
            afterRuns.incrementAndGet();
            return input;
        });
        String definition = """
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "ItemsPath": "$.items",
                        "ItemProcessor": {"StartAt": "W", "States": {
                          "W": {"Type": "Task", "Resource": "${Work}", "Next": "N"},
                          "N": {"Type": "Task", "Resource": "${Next}", "End": true}}},
                        "End": true}}}
                """;
        Executor executor = Executor.builder(tasks).sleeper(new RecordingSleeper()).build();

        Execution execution = executor.execute(StateMachine.parse(definition, tasks.resources()), "exec-1",
                json("{\"items\": [0, 1]}"));
        release.countDown();

        assertThat(execution.error()).isEqualTo("Boom");
        assertThat(executor.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(afterRuns).as("the aborted iteration goes no further than its running task").hasValue(0);
    }

    @Test
    void lenient_failingIteration_isReportedOnlyAfterRunningIterationsFinish() {
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch firstFailed = new CountDownLatch(1);
        AtomicBoolean secondFinished = new AtomicBoolean();
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (input.intValue() == 0) {
                assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();
                throw new TaskFailedException("Boom", null);
            }
            secondStarted.countDown();
            assertThat(firstFailed.await(5, TimeUnit.SECONDS)).isTrue();
            secondFinished.set(true);
            return input;
        });
        // Lenient on purpose: this is the one behaviour strict mode exists to remove.
        Executor.Builder executor = Executor.builder(tasks).strict(false).listener(new ExecutionListener() {
            @Override
            public void stateFailed(StateRecord record) {
                if (record.iterationPath().equals(List.of(0))) {
                    firstFailed.countDown();
                }
            }
        });

        Execution execution = run(map(""), tasks, "{\"items\": [0, 1]}", executor);

        assertThat(execution.error()).isEqualTo("Boom");
        assertThat(secondFinished).isTrue();
        StateRecord mapRecord = execution.history().stream().filter(r -> r.stateName().equals("M")).findFirst().orElseThrow();
        StateRecord secondTask = execution.history().stream()
                .filter(r -> r.stateName().equals("W") && r.iterationPath().equals(List.of(1))).findFirst().orElseThrow();
        assertThat(mapRecord.end()).isAfterOrEqualTo(secondTask.end());
        assertThat(mapRecord.id()).isLessThan(secondTask.id());
    }

    @Test
    void catchOnMap_handlesAnIterationError() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            throw new TaskFailedException("SegmentFailed", "boom");
        });

        Execution execution = run("""
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "ItemsPath": "$.items",
                        "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${Work}", "End": true}}},
                        "Catch": [{"ErrorEquals": ["SegmentFailed"], "ResultPath": "$.failure", "Next": "Rollback"}],
                        "End": true},
                  "Rollback": {"Type": "Pass", "End": true}}}
                """, tasks, "{\"items\": [1]}");

        assertThat(execution.path()).containsExactly("M", "Rollback");
        assertThat(execution.output().get("failure")).isEqualTo(json("{\"Error\": \"SegmentFailed\", \"Cause\": \"boom\"}"));
    }

    @Test
    void retryOnMap_rerunsEveryIteration() {
        AtomicInteger calls = new AtomicInteger();
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            if (calls.incrementAndGet() == 1) {
                throw new TaskFailedException("Transient", null);
            }
            return input;
        });

        Execution execution = run(map("""
                "MaxConcurrency": 1, "Retry": [{"ErrorEquals": ["Transient"]}],
                """), tasks, "{\"items\": [7, 8]}");

        assertThat(execution.succeeded()).isTrue();
        assertThat(tasks.calls()).extracting(call -> call.input().intValue()).containsExactly(7, 7, 8);
        assertThat(execution.history()).filteredOn(record -> record.stateName().equals("M"))
                .extracting(StateRecord::retryCount).containsExactly(0, 1);
    }

    @Test
    void distributedMap_runsLikeInline() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> IntNode.valueOf(input.intValue() + 1));

        Execution execution = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "Label": "Segments",
                  "MaxConcurrency": 2,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${Work}", "End": true}}},
                  "End": true}}}
                """, tasks, "{\"items\": [1, 2, 3]}");

        assertThat(execution.output()).isEqualTo(json("[2, 3, 4]"));
        assertThat(execution.pathIn(List.of(2))).containsExactly("W");
    }

    @Test
    void distributedMap_reportsAFailedChildAsExceededToleratedFailureThreshold() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> {
            throw new TaskFailedException("SegmentFailed", "boom");
        });

        Execution execution = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "${Work}", "End": true}}},
                  "End": true}}}
                """, tasks, "{\"items\": [1]}");

        assertThat(execution.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(execution.cause()).isEqualTo(
                "The specified tolerated failure threshold was exceeded: iteration 0 failed with SegmentFailed");
    }

    @Test
    void history_collectsEveryIterationRecord_underConcurrency() {
        FakeTasks tasks = new FakeTasks().on("Work", (input, context) -> input);
        StringBuilder items = new StringBuilder("[0");
        for (int i = 1; i < 300; i++) {
            items.append(", ").append(i);
        }

        Execution execution = run(map(""), tasks, "{\"items\": " + items + "]}");

        assertThat(execution.history()).hasSize(1 + 300 * 2 + 1);
        assertThat(execution.history()).extracting(StateRecord::id).doesNotHaveDuplicates().isSorted();
        assertThat(execution.history()).filteredOn(record -> record.stateName().equals("After"))
                .extracting(record -> record.iterationPath().get(0)).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 300).boxed().toList());
        assertThat(execution.output()).hasSize(300);
    }

    @Test
    void itemsPath_thatIsNotAnArray_failsWithStatesRuntime() {
        Execution execution = run(map(""), new FakeTasks().on("Work", (input, context) -> input), "{\"items\": {}}");

        assertThat(execution.error()).isEqualTo("States.Runtime");
        assertThat(execution.cause()).isEqualTo("The ItemsPath '$.items' of state 'M' must select an array, not {}");
    }
}
