package dev.dmig.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.SampleMigration;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecoveryTest {
    private final SampleMigration app = new SampleMigration("abort", 2, 1);
    private final List<String> startedNames = new ArrayList<>();
    private final List<JsonNode> startedInputs = new ArrayList<>();
    private final Recovery.Executions executions = (name, input) -> {
        startedNames.add(name);
        startedInputs.add(input);
    };

    @AfterEach
    void close() {
        app.close();
    }

    private Recovery.Action recover(String execution, String status, String input, String error) {
        return new Recovery(app.artifacts).recover(new Recovery.Ended(execution, status, input, error, "cause of " + error),
                executions);
    }

    private RunManifest manifest(String runId) {
        return app.artifacts.json(RunLayout.manifest(runId), RunManifest.class);
    }

    private static String fullInput(String runId) {
        return "{\"mode\": \"full\", \"runId\": \"" + runId + "\", \"confirm\": true}";
    }

    @Test
    void aHalfWrittenRunWhoseExecutionFailedPastEveryCatch_isRolledBackByANewExecution() {
        app.fullRun("run1");

        Recovery.Action action = recover("exec-run1", "FAILED", fullInput("run1"), "States.Runtime");

        assertThat(action).isEqualTo(Recovery.Action.ROLLING_BACK);
        assertThat(startedNames).containsExactly("run1-recover-1");
        assertThat(startedInputs.get(0).get("mode").asText()).isEqualTo("rollback");
        assertThat(startedInputs.get(0).get("rollbackRunId").asText()).isEqualTo("run1");
        Recovery.Record record = new Recovery(app.artifacts).record("run1").orElseThrow();
        assertThat(record.action()).isEqualTo("rolling-back");
        assertThat(record.reason()).isEqualTo("execution exec-run1 ended FAILED with States.Runtime");
    }

    @Test
    void theSameEventDeliveredTwice_startsOneRollback() {
        app.fullRun("run1");

        recover("exec-run1", "TIMED_OUT", fullInput("run1"), null);
        Recovery.Action second = recover("exec-run1", "TIMED_OUT", fullInput("run1"), null);

        assertThat(second).isEqualTo(Recovery.Action.NOTHING);
        assertThat(startedNames).containsExactly("run1-recover-1");
    }

    @Test
    void recoveryRollbacksThatFail_areRetriedOnce_thenTheRunIsMarkedAsNeedingARollback() {
        app.fullRun("run1");
        recover("exec-run1", "FAILED", fullInput("run1"), "States.Runtime");
        String rollbackInput = startedInputs.get(0).toString();

        assertThat(recover("run1-recover-1", "FAILED", rollbackInput, "States.Runtime")).isEqualTo(Recovery.Action.ROLLING_BACK);
        assertThat(recover("run1-recover-2", "FAILED", rollbackInput, "States.Runtime")).isEqualTo(Recovery.Action.NEEDS_ROLLBACK);

        assertThat(startedNames).containsExactly("run1-recover-1", "run1-recover-2");
        Recovery.Record record = new Recovery(app.artifacts).record("run1").orElseThrow();
        assertThat(record.action()).isEqualTo("needs-rollback");
        assertThat(record.reason()).endsWith("2 recovery rollbacks did not finish: run dmig rollback --run run1");
    }

    @Test
    void aRunThatWroteNothing_isRecordedAsFailed_andItsLockReleased() {
        app.analyze(app.testRequest("run2", "Contacts", null, 1, false));
        RunManifest before = manifest("run2");
        assertThat(before.status()).isEqualTo(RunStatus.ANALYZED);
        assertThat(new RunLock(app.artifacts).holder(before.targetSuffix())).isPresent();

        Recovery.Action action = recover("exec-run2", "FAILED", "{\"mode\": \"test\", \"runId\": \"run2\"}", "States.DataLimitExceeded");

        assertThat(action).isEqualTo(Recovery.Action.RELEASED);
        assertThat(manifest("run2").status()).isEqualTo(RunStatus.FAILED);
        assertThat(manifest("run2").failure().error()).isEqualTo("States.DataLimitExceeded");
        assertThat(new RunLock(app.artifacts).holder(before.targetSuffix())).isEmpty();
        assertThat(startedNames).isEmpty();
    }

    @Test
    void aRunStoppedByDmigStop_waitsForItsOperator() {
        app.fullRun("run1");

        assertThat(recover("exec-run1", "ABORTED", fullInput("run1"), Recovery.STOPPED)).isEqualTo(Recovery.Action.NOTHING);
        assertThat(recover("exec-run1", "ABORTED", fullInput("run1"), null)).as("aborted from the console")
                .isEqualTo(Recovery.Action.ROLLING_BACK);
    }

    @Test
    void anExecutionThatDoesNotOwnTheRun_orARunAlreadyEnded_isLeftAlone() {
        app.fullRun("run1");

        assertThat(recover("resume-attempt", "FAILED", "{\"mode\": \"full\", \"runId\": \"run1\", \"resume\": true}",
                "dev.dmig.run.TargetLockedException")).isEqualTo(Recovery.Action.NOTHING);
        app.rollBack("run1", "exec-rb");
        assertThat(manifest("run1").status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(recover("exec-run1", "FAILED", fullInput("run1"), "States.Runtime")).isEqualTo(Recovery.Action.NOTHING);
        assertThat(recover("not a run id!", "FAILED", null, "States.Runtime")).isEqualTo(Recovery.Action.NOTHING);
        assertThat(startedNames).isEmpty();
    }

    @Test
    void executionNames_stayWithinStepFunctionsLimit() {
        String longRun = "r".repeat(80);
        assertThat(Recovery.executionName(longRun, 2)).hasSize(80).endsWith("-recover-2");
        assertThat(Recovery.executionName("run1", 1)).isEqualTo("run1-recover-1");
    }
}
