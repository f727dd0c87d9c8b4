package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.journal.Journal;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.rollback.Recovery;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.report.RunReport;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.S3ArtifactStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A failure no Catch handles: the execution passes its history quota (here lowered to 200 events, so
 * that it happens in the first level, with tables written and others still writing) and fails with
 * {@code States.Runtime}, skipping Rollback. Without a way around the Catch the run would stay
 * half-written, locked and "migrating". The recovery path (on AWS an EventBridge rule and the recover
 * function; here the runner) rolls it back in a new execution; a run whose validation had passed it finishes instead.
 */
class RecoveryIT {
    private static final String RUN = "recovery-it";

    @Test
    void anExecutionFailingPastEveryCatch_isRolledBackByTheRecoveryPath() {
        try (SampleApp app = new SampleApp("recovery", SampleData.standard())) {
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            SampleApp.Runner runner = app.runner(Settings.defaults(SharedStack.BUCKET), FaultInjector.NONE, Map.of(), null,
                    UnaryOperator.identity(), executor -> executor.historyEventLimit(200));
            ObjectNode input = app.input("full", RUN);
            input.put("confirm", true);

            Execution execution = runner.run(RUN, input);
            assertThat(runner.local().awaitIdle(Duration.ofSeconds(60))).isTrue();

            assertThat(execution.error()).isEqualTo("States.Runtime");
            assertThat(execution.path()).contains("MigrateLevels").doesNotContain("Rollback");
            assertThat(new Journal(artifacts).entries(RUN)).as("the run had written").isNotEmpty();
            Recovery.Record recovery = new Recovery(artifacts).record(RUN).orElseThrow();
            assertThat(recovery.action()).isEqualTo("rolling-back");
            assertThat(recovery.executions()).containsExactly(RUN + "-recover-1");
            assertThat(artifacts.get(RunLayout.history(RUN, RUN + "-recover-1"))).as("the rollback execution ran").isPresent();
            RunManifest manifest = artifacts.getJson(RunLayout.manifest(RUN), RunManifest.class).orElseThrow();
            assertThat(manifest.status()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(artifacts.getJson(RunLayout.rollback(RUN), RollbackResult.class).orElseThrow().failed()).isZero();
            assertThat(new RunLock(artifacts).holder(manifest.targetSuffix())).as("the target is free again").isEmpty();
            assertThat(app.digests(app.prodSuffix)).as("target exactly as before").isEqualTo(targetBefore);
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);
        }
    }

    /**
     * Finalize fails once its validation passed (here its first read of a checkpoint, as S3 failing would): the execution
     * ends FAILED in ReportFailed. The run is recorded as validated, so the recovery path finishes it (report, lock)
     * rather than rolling a proven migration back.
     */
    @Test
    void aValidatedRunWhoseFinalizeFails_isFinishedByTheRecoveryPath_notRolledBack() {
        String run = "recovery-validated-it";
        try (SampleApp app = new SampleApp("validated", SampleData.withAbout(300))) {
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            AtomicReference<Map<String, String>> targetWhenFinalizeFailed = new AtomicReference<>();
            AtomicBoolean validated = new AtomicBoolean();
            AtomicBoolean failed = new AtomicBoolean();
            UnaryOperator<ArtifactStore> finalizeFailsOnce = store -> new ForwardingArtifactStore(store) {
                @Override
                public void put(String key, byte[] body, String contentType) {
                    super.put(key, body, contentType);
                    validated.compareAndSet(false, key.equals(RunLayout.validation(run)));
                }

                @Override
                public Optional<byte[]> get(String key) {
                    if (validated.get() && key.startsWith(RunLayout.checkpoints(run)) && failed.compareAndSet(false, true)) {
                        targetWhenFinalizeFailed.set(app.digests(app.prodSuffix));
                        throw new IllegalStateException("injected: reading " + key + " failed");
                    }
                    return super.get(key);
                }
            };
            SampleApp.Runner runner = app.runner(Settings.defaults(SharedStack.BUCKET), FaultInjector.NONE, Map.of(), null,
                    UnaryOperator.identity(), UnaryOperator.identity(), finalizeFailsOnce);
            ObjectNode input = app.input("full", run);
            input.put("confirm", true);

            Execution execution = runner.run(run, input);
            assertThat(runner.local().awaitIdle(Duration.ofSeconds(60))).isTrue();

            assertThat(execution.path()).contains("Validate", "Finalize").doesNotContain("Rollback");
            assertThat(execution.path().get(execution.path().size() - 1)).isEqualTo("ReportFailed");
            assertThat(execution.error()).isEqualTo("java.lang.IllegalStateException");
            Recovery.Record recovery = new Recovery(artifacts).record(run).orElseThrow();
            assertThat(recovery.action()).isEqualTo("finished");
            assertThat(recovery.executions()).as("no rollback started").isEmpty();
            RunManifest manifest = artifacts.getJson(RunLayout.manifest(run), RunManifest.class).orElseThrow();
            assertThat(manifest.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(artifacts.getJson(RunLayout.report(run), RunReport.class).orElseThrow().status()).isEqualTo("succeeded");
            assertThat(artifacts.get(RunLayout.reportHtml(run))).isPresent();
            assertThat(new RunLock(artifacts).holder(manifest.targetSuffix())).as("the target is free again").isEmpty();
            assertThat(targetWhenFinalizeFailed.get()).as("the migration had written").isNotEqualTo(targetBefore);
            assertThat(app.digests(app.prodSuffix)).as("the target as the migration left it").isEqualTo(targetWhenFinalizeFailed.get());
        }
    }
}
