package dev.dmig.executor;

import static dev.dmig.executor.LocalRun.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Runs a dmig-shaped definition from a file with Lambda handlers, and asserts the path it takes. */
class MigrationFlowTest {
    private final List<String> rollbacks = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> segmentCalls = new ConcurrentHashMap<>();
    private String failingSegment = "";

    static final class SegmentWriteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SegmentWriteException(String message) {
            super(message);
        }
    }

    private LambdaTaskRunner handlers() {
        return LambdaTaskRunner.builder()
                .function("AnalyzeFunctionArn", (event, context) -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> input = (Map<String, Object>) event.get("input");
                    assertThat(input).isNotNull();
                    return Map.of("runId", event.get("runId"), "levels", List.of(
                            List.of(Map.of("name", "Contacts", "segments", 2), Map.of("name", "Properties", "segments", 1)),
                            List.of(Map.of("name", "Requests", "segments", 1))));
                })
                .function("MigrateSegmentFunctionArn", (event, context) -> {
                    String segment = event.get("table") + "/" + event.get("segment");
                    if (segment.equals(failingSegment)) {
                        throw new SegmentWriteException("write to " + segment + " failed");
                    }
                    // Each segment needs three calls, as if each ran out of its time budget twice.
                    int call = segmentCalls.computeIfAbsent(segment, s -> new AtomicInteger()).incrementAndGet();
                    return Map.of("done", call == 3, "written", call * 10);
                })
                .function("RollbackFunctionArn", (event, context) -> {
                    rollbacks.add((String) event.get("runId"));
                    return Map.of("deleted", 30);
                })
                .build();
    }

    private Execution run(String input) {
        LambdaTaskRunner handlers = handlers();
        StateMachine machine = StateMachine.parse("Migration", definition(), handlers.resources());
        return Executor.builder(handlers).sleeper(new RecordingSleeper()).build().execute(machine, "run-42", json(input));
    }

    private static String definition() {
        try (InputStream in = MigrationFlowTest.class.getResourceAsStream("/executor/migration-flow.asl.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the test definition", e);
        }
    }

    @Test
    void emptyInput_isADryRun() {
        Execution execution = run("{}");

        assertThat(execution.succeeded()).isTrue();
        assertThat(execution.path()).containsExactly("Analyze", "ChooseMode", "DryRunComplete");
        assertThat(execution.output().get("analysis").get("runId").textValue()).isEqualTo("run-42");
    }

    @Test
    void fullRunWithoutConfirm_failsWithConfirmationRequired() {
        Execution execution = run("{\"mode\": \"full\"}");

        assertThat(execution.path()).containsExactly("Analyze", "ChooseMode", "CheckConfirmation", "ConfirmationRequired");
        assertThat(execution.error()).isEqualTo("ConfirmationRequired");
        assertThat(execution.cause()).isEqualTo("A full run needs \"confirm\": true in its input.");
    }

    @Test
    void unknownMode_failsNamingTheMode() {
        Execution execution = run("{\"mode\": \"fast\"}");

        assertThat(execution.error()).isEqualTo("UnknownMode");
        assertThat(execution.cause()).isEqualTo("mode fast is not one of dry-run, full");
    }

    @Test
    void confirmedFullRun_migratesEverySegmentThroughItsCheckpointLoop() {
        Execution execution = run("{\"mode\": \"full\", \"confirm\": true}");

        assertThat(execution.succeeded()).as("%s %s", execution.error(), execution.cause()).isTrue();
        assertThat(execution.path()).containsExactly("Analyze", "ChooseMode", "CheckConfirmation", "MigrateLevels", "Migrated");
        assertThat(execution.output()).isEqualTo(json("""
                [[[{"table": "Contacts", "segment": 0, "written": 30}, {"table": "Contacts", "segment": 1, "written": 30}],
                  [{"table": "Properties", "segment": 0, "written": 30}]],
                 [[{"table": "Requests", "segment": 0, "written": 30}]]]
                """));
        assertThat(execution.pathIn(List.of(0, 0, 1))).containsExactly(
                "MigrateSegment", "SegmentDone", "MigrateSegment", "SegmentDone", "MigrateSegment", "SegmentDone",
                "SegmentMigrated");
        assertThat(execution.pathIn(List.of(0))).containsExactly("MigrateTables");
        assertThat(execution.pathIn(List.of(1, 0))).containsExactly("MigrateSegments");
        assertThat(rollbacks).isEmpty();
    }

    @Test
    void failedSegment_rollsBackAndFailsWithTheCause() {
        failingSegment = "Requests/0";

        Execution execution = run("{\"mode\": \"full\", \"confirm\": true}");

        assertThat(execution.path()).containsExactly("Analyze", "ChooseMode", "CheckConfirmation", "MigrateLevels",
                "Rollback", "RolledBack");
        assertThat(execution.error()).isEqualTo("RolledBack");
        assertThat(execution.cause()).isEqualTo(
                "The specified tolerated failure threshold was exceeded: iteration 0 failed with "
                        + "dev.dmig.executor.MigrationFlowTest$SegmentWriteException");
        assertThat(rollbacks).containsExactly("run-42");
        assertThat(execution.visitedStateNames()).contains("MigrateSegment", "SegmentDone").doesNotContain("Migrated");
    }
}
