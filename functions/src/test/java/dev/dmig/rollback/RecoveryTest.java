package dev.dmig.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analyzer;
import dev.dmig.identity.UserPools;
import dev.dmig.identity.VersionedArtifactStore;
import dev.dmig.json.Json;
import dev.dmig.report.RunReport;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecoveryTest {
    private static final String STATE_MACHINE = "arn:aws:states:eu-west-1:111111111111:stateMachine:dmig-migration";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant LONG_AGO = NOW.minus(Recovery.SWEEP_GRACE).minusSeconds(1);

    private final SampleMigration app = new SampleMigration("abort", 2, 1);
    private final Recovery recovery = new Recovery(app.artifacts, Clock.fixed(NOW, ZoneOffset.UTC));
    private final List<String> startedNames = new ArrayList<>();
    private final List<JsonNode> startedInputs = new ArrayList<>();
    private final List<String> finished = new ArrayList<>();
    /** What Step Functions knows of the state machine's executions, by ARN. */
    private final Map<String, Recovery.Execution> known = new LinkedHashMap<>();
    private final Recovery.Executions executions = new Recovery.Executions() {
        @Override
        public String stateMachineArn() {
            return STATE_MACHINE;
        }

        @Override
        public void start(String name, JsonNode input) {
            startedNames.add(name);
            startedInputs.add(input);
            known.put(executionArn(name), new Recovery.Execution(executionArn(name), STATE_MACHINE, name, "RUNNING",
                    input.toString(), null, null, null));
        }

        @Override
        public Optional<Recovery.Execution> describe(String executionArn) {
            return Optional.ofNullable(known.get(executionArn));
        }

        @Override
        public List<Recovery.Execution> running() {
            return known.values().stream().filter(e -> e.status().equals("RUNNING")).toList();
        }
    };
    private final Recovery.Finisher finisher = (runId, execution) -> {
        finished.add(runId + " " + execution);
        return app.finalizer().finish(runId, execution, "succeeded", null, Deadline.in(60_000)).done();
    };

    @AfterEach
    void close() {
        app.close();
    }

    /** Step Functions' account of an execution that ended (or runs, for status RUNNING). */
    private Recovery.Execution execution(String name, String status, String input, String error, Instant stopped) {
        Recovery.Execution execution = new Recovery.Execution(executions.executionArn(name), STATE_MACHINE, name, status, input,
                error, error == null ? null : "cause of " + error, "RUNNING".equals(status) ? null : stopped);
        known.put(execution.executionArn(), execution);
        return execution;
    }

    /** The event EventBridge delivers when {@code name} ended so, Step Functions agreeing. */
    private Recovery.Action recover(String name, String status, String input, String error) {
        Recovery.Execution ended = execution(name, status, input, error, NOW);
        return recovery.recover(event(ended), executions, finisher).action();
    }

    /** What an event says of an execution: no stop date. */
    private static Recovery.Execution event(Recovery.Execution execution) {
        return new Recovery.Execution(execution.executionArn(), execution.stateMachineArn(), execution.name(), execution.status(),
                execution.input(), execution.error(), execution.cause(), null);
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
        Recovery.Record record = recovery.record("run1").orElseThrow();
        assertThat(record.action()).isEqualTo("rolling-back");
        assertThat(record.reason()).isEqualTo("execution exec-run1 ended FAILED with States.Runtime");
    }

    @Test
    void aForgedEvent_isIgnored_andNothingIsDoneToTheRun() {
        app.fullRun("run1");
        RunManifest before = manifest("run1");
        Recovery.Execution running = execution("exec-run1", "RUNNING", fullInput("run1"), null, null);
        Recovery.Execution claimedFailed = new Recovery.Execution(running.executionArn(), STATE_MACHINE, "exec-run1", "FAILED",
                fullInput("run1"), "States.Runtime", "forged", null);
        Recovery.Execution unknown = new Recovery.Execution(executions.executionArn("never-ran"), STATE_MACHINE, "never-ran",
                "FAILED", fullInput("run1"), "States.Runtime", "forged", null);
        Recovery.Execution elsewhere = new Recovery.Execution("arn:aws:states:eu-west-1:222222222222:execution:other:exec-run1",
                "arn:aws:states:eu-west-1:222222222222:stateMachine:other", "exec-run1", "FAILED", fullInput("run1"),
                "States.Runtime", "forged", null);

        List<Recovery.Decision> decisions = List.of(recovery.recover(claimedFailed, executions, finisher),
                recovery.recover(unknown, executions, finisher), recovery.recover(elsewhere, executions, finisher));

        assertThat(decisions).extracting(Recovery.Decision::reason).containsExactly(
                "the event says execution " + running.executionArn() + " ended FAILED, Step Functions says it is RUNNING"
                        + " (state machine " + STATE_MACHINE + ")",
                "Step Functions has no execution " + unknown.executionArn(),
                "the event names execution " + elsewhere.executionArn() + " of state machine " + elsewhere.stateMachineArn()
                        + ", not one of this stack's " + STATE_MACHINE);
        assertThat(decisions).extracting(Recovery.Decision::action).containsOnly(Recovery.Action.IGNORED);
        assertThat(startedNames).isEmpty();
        assertThat(manifest("run1")).isEqualTo(before);
        assertThat(recovery.record("run1")).isEmpty();
    }

    @Test
    void aValidatedRunWhoseExecutionFailed_isFinished_neverRolledBack() {
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        assertThat(manifest("run1").status()).isEqualTo(RunStatus.VALIDATED);

        Recovery.Action action = recover("exec-run1", "FAILED", fullInput("run1"), "java.lang.OutOfMemoryError");

        assertThat(action).isEqualTo(Recovery.Action.FINISHED);
        assertThat(startedNames).isEmpty();
        assertThat(finished).containsExactly("run1 exec-run1");
        assertThat(manifest("run1").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(app.artifacts.json(RunLayout.report("run1"), RunReport.class).status()).isEqualTo("succeeded");
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET)).isEmpty();
        assertThat(recovery.record("run1").orElseThrow().reason()).isEqualTo("execution exec-run1 ended FAILED with"
                + " java.lang.OutOfMemoryError after its validation passed: finished as succeeded, report written and target"
                + " released; its ID maps were not exported (dmig idmap --run run1 --table T writes them)");
    }

    @Test
    void aValidatedRunNotFinishedInOneCall_isFinishedByTheNext() {
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        execution("exec-run1", "FAILED", fullInput("run1"), "States.Runtime", LONG_AGO);
        List<Boolean> answers = new ArrayList<>(List.of(false));
        Recovery.Finisher outOfTime = (runId, execution) -> answers.isEmpty() ? finisher.finish(runId, execution) : answers.remove(0);

        assertThat(recovery.recover(event(known.get(executions.executionArn("exec-run1"))), executions, outOfTime).action())
                .isEqualTo(Recovery.Action.FINISHING);
        assertThat(manifest("run1").status()).isEqualTo(RunStatus.VALIDATED);
        assertThat(recovery.sweep(executions, outOfTime)).extracting(Recovery.Decision::action)
                .containsExactly(Recovery.Action.FINISHED);
        assertThat(manifest("run1").status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    private static String rollbackInput(String runId, boolean confirm) {
        return "{\"mode\": \"rollback\", \"runId\": \"" + runId + "\", \"rollbackRunId\": \"" + runId + "\""
                + (confirm ? ", \"confirm\": true" : "") + "}";
    }

    @Test
    void aRollbackRequestThatWasRefused_leavesTheRunAsItWas_andStartsNoRollbackOfItsOwn() {
        app.fullRun("run1");
        assertThat(recover("exec-run1", "ABORTED", fullInput("run1"), Recovery.STOPPED)).isEqualTo(Recovery.Action.NOTHING);
        RunManifest stopped = manifest("run1");

        List<Recovery.Decision> decisions = new ArrayList<>();
        for (String refusal : List.of("TargetLocked", "InputInvalid", "ConfirmationRequired")) {
            Recovery.Execution ended = execution("run1-rb-" + refusal, "FAILED", rollbackInput("run1", false), refusal, NOW);
            decisions.add(recovery.recover(event(ended), executions, finisher));
        }

        assertThat(decisions).extracting(Recovery.Decision::action).containsOnly(Recovery.Action.NOTHING);
        assertThat(decisions.get(0).reason()).isEqualTo("execution run1-rb-TargetLocked ended FAILED with TargetLocked: the"
                + " rollback was refused before it began, run run1 is as it was");
        assertThat(startedNames).isEmpty();
        assertThat(manifest("run1")).isEqualTo(stopped);
        assertThat(recovery.record("run1")).isEmpty();
    }

    @Test
    void aRollbackOfAValidatedRunThatEndedBeforeItBegan_startsNoRollback_andTheRunStaysValidated() {
        app.fullRun("run1");
        app.validate("run1", "exec-run1");
        RunManifest validated = manifest("run1");

        Recovery.Action action = recover("run1-rb", "FAILED", rollbackInput("run1", true), "dev.dmig.store.StoreUnavailableException");

        assertThat(action).isEqualTo(Recovery.Action.NOTHING);
        assertThat(startedNames).isEmpty();
        assertThat(finished).isEmpty();
        assertThat(manifest("run1")).isEqualTo(validated);
        assertThat(new RunLock(app.artifacts).holder(SampleMigration.TARGET).orElseThrow().runId()).isEqualTo("run1");
    }

    @Test
    void aPersonsRollbackThatBeganAndFailed_isFinishedByRecovery() {
        app.fullRun("run1");
        // The person's rollback began (the run is rolling back) and its execution failed part-way: recovery finishes it.
        app.artifacts.putJson(RunLayout.manifest("run1"), manifest("run1").with(RunStatus.ROLLING_BACK));

        assertThat(recover("run1-rb", "FAILED", rollbackInput("run1", false), "States.Runtime"))
                .isEqualTo(Recovery.Action.ROLLING_BACK);
        assertThat(startedNames).containsExactly("run1-recover-1");
    }

    @Test
    void theSweep_recoversARunLeftMigrating_whoseEndingNoEventBrought() {
        app.fullRun("run1");
        execution("exec-run1", "FAILED", fullInput("run1"), "States.Runtime", LONG_AGO);

        List<Recovery.Decision> decisions = recovery.sweep(executions, finisher);

        assertThat(decisions).containsExactly(new Recovery.Decision("run1", Recovery.Action.ROLLING_BACK,
                "execution exec-run1 ended FAILED with States.Runtime"));
        assertThat(startedNames).containsExactly("run1-recover-1");
        assertThat(recovery.sweep(executions, finisher)).as("its rollback runs: left alone")
                .containsExactly();
    }

    @Test
    void theSweep_goesOnFromAFailedRecoveryRollback_whoseEventWasLost() {
        app.fullRun("run1");
        recover("exec-run1", "FAILED", fullInput("run1"), "States.Runtime");
        execution("run1-recover-1", "FAILED", startedInputs.get(0).toString(), "States.Runtime", LONG_AGO);

        assertThat(recovery.sweep(executions, finisher)).extracting(Recovery.Decision::action)
                .containsExactly(Recovery.Action.ROLLING_BACK);
        assertThat(startedNames).containsExactly("run1-recover-1", "run1-recover-2");
    }

    @Test
    void theSweep_leavesARunAnExecutionWorksOn_andAnEndingTooRecentForItsEvent() {
        app.fullRun("run1");
        // A second run left migrating, as the first (one target holds one run at a time: its manifest alone).
        Map<String, Object> second = dev.dmig.json.Json.toMap(manifest("run1"));
        second.put("runId", "run2");
        second.put("executionName", "exec-run2");
        app.artifacts.putJson(RunLayout.manifest("run2"), second);
        execution("exec-run1", "FAILED", fullInput("run1"), "States.Runtime", LONG_AGO);
        execution("exec-run1-resume", "RUNNING", "{\"mode\": \"full\", \"runId\": \"run1\", \"resume\": true}", null, null);
        execution("exec-run2", "FAILED", fullInput("run2"), "States.Runtime", NOW.minusSeconds(60));

        assertThat(recovery.sweep(executions, finisher)).containsExactly(new Recovery.Decision("run2", Recovery.Action.NOTHING,
                "no execution of run run2 ended 10 minutes ago or more"));
        assertThat(startedNames).isEmpty();
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
        Recovery.Record record = recovery.record("run1").orElseThrow();
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
    void anAnalysisThatDiedWhileListingTheUserPools_leavesNoVersionOfTheListings_norTheirMatchSecret() {
        VersionedArtifactStore versioned = new VersionedArtifactStore(app.artifacts);
        RunRequest dryRun = new RunRequest("dry-run", "listing", null, Json.tree(app.planJson().getBytes(StandardCharsets.UTF_8)),
                null, null, null, null, null, null, null, null, null, null, null);
        new Analyzer(app.items, versioned, app.settings, app.scanPool, p -> { }, UserPools.NONE, dev.dmig.Reaches.NONE)
                .analyze(dryRun, "exec-listing", Deadline.in(60_000));
        // What an analysis that listed the pools left when its time ran out (the identities feature's listing writes them,
        // PoolListingsForgottenTest): a version of the source's listing, and the secret of its match keys.
        String identities = RunLayout.prefix("listing") + "identities/";
        versioned.put(RunLayout.userPoolListing("listing", "source"), new byte[] {1}, "application/gzip");
        versioned.put(RunLayout.userPoolListing("listing", "source"), new byte[] {2}, "application/gzip");
        versioned.put(RunLayout.identityMatchSecret("listing"), new byte[] {3}, "application/octet-stream");
        assertThat(versioned.versioned(identities)).contains(RunLayout.userPoolListing("listing", "source"),
                RunLayout.identityMatchSecret("listing"));

        // The execution then died without its failure path (its time ran out): only its ending reaches recovery.
        Recovery.Execution ended = execution("exec-listing", "TIMED_OUT", "{\"mode\": \"dry-run\", \"runId\": \"listing\"}",
                null, NOW);
        Recovery.Decision decision = new Recovery(versioned, Clock.fixed(NOW, ZoneOffset.UTC)).recover(event(ended), executions,
                finisher);

        assertThat(decision.action()).isEqualTo(Recovery.Action.RELEASED);
        assertThat(versioned.versioned(identities)).as("no version of a listing or the match secret").doesNotContain(
                RunLayout.userPoolListing("listing", "source"), RunLayout.userPoolListing("listing", "target"),
                RunLayout.identityMatchSecret("listing"));
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
        assertThat(recover("not-a-run", "FAILED", null, "States.Runtime")).isEqualTo(Recovery.Action.NOTHING);
        assertThat(startedNames).isEmpty();
    }

    @Test
    void executionNames_stayWithinStepFunctionsLimit() {
        String longRun = "r".repeat(80);
        assertThat(Recovery.executionName(longRun, 2)).hasSize(80).endsWith("-recover-2");
        assertThat(Recovery.executionName("run1", 1)).isEqualTo("run1-recover-1");
    }
}
