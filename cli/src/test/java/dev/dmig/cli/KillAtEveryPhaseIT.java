package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real dmig killed with SIGKILL in each phase of a run — analysis, the levels, validation, finalize — each time
 * when the run's own artifacts show it there (not after a sleep), and resumed each time with {@code dmig resume --run ID}
 * alone: the run's record in the data directory brings back its DynamoDB and S3 endpoints (the artifacts are on an S3
 * endpoint the resume is not told about) and its {@code --no-backup}. Every resume but the last is killed in the next
 * phase; the last one ends the run, which is then exact, item by item against the ID spec.
 */
class KillAtEveryPhaseIT {
    private static final String RUN = "killed-every-phase";

    @Test
    void killedInEachPhase_andResumedWithoutOptions_endsExactly(@TempDir Path home) throws Exception {
        try (SampleApp app = new SampleApp("killphases", SampleData.scaled(0.1))) {
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            Map<String, String> environment = DmigProcess.credentials();
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            // Paced, so that each level lasts long enough to be killed in.
            DmigProcess.writePacedPlan(app, home, 50);

            DmigProcess run = DmigProcess.start(home, environment, "migrate", "--plan", "plan.json", "--confirm", "--no-backup",
                    "--run", RUN, "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                    "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET);
            assertThat(killWhen(run, artifacts, m -> m.status() == RunStatus.ANALYZING)).as("killed in analysis")
                    .isEqualTo(RunStatus.ANALYZING);

            run = resume(home, environment);
            assertThat(killWhen(run, artifacts, m -> !artifacts.list(RunLayout.checkpoints(RUN)).isEmpty()))
                    .as("killed in the levels").isEqualTo(RunStatus.MIGRATING);

            run = resume(home, environment);
            assertThat(killWhen(run, artifacts, m -> m.status() == RunStatus.VALIDATING)).as("killed in validation")
                    .isEqualTo(RunStatus.VALIDATING);

            run = resume(home, environment);
            RunStatus atFinalize = killWhen(run, artifacts, m -> artifacts.get(RunLayout.validation(RUN)).isPresent());
            assertThat(atFinalize).as("killed once validation passed: before or in Finalize")
                    .isIn(RunStatus.VALIDATING, RunStatus.VALIDATED, RunStatus.SUCCEEDED);

            System.out.println("killed once validation passed, with the run " + atFinalize.text());
            DmigProcess last = resume(home, environment);
            int code = last.waitFor();
            if (atFinalize != RunStatus.SUCCEEDED) {
                // Validating, or validated with Finalize not done: the resume finishes the run.
                assertThat(code).as(last.out() + "\n" + last.errText()).isZero();
                assertThat(last.lastLine()).startsWith("SUCCEEDED  run " + RUN + " (full): ");
            } else {
                // Finalize had recorded the verdict: the data had moved and validated; there is nothing left to resume.
                assertThat(last.out() + last.errText()).contains("run " + RUN + " has already ended (succeeded)");
            }
            assertThat(manifest(artifacts).map(RunManifest::status)).contains(RunStatus.SUCCEEDED);
            app.assertExactBySpec(RUN);
            assertThat(app.digests(app.devSuffix)).as("the source, untouched").isEqualTo(sourceBefore);
        }
    }

    private static DmigProcess resume(Path home, Map<String, String> environment) throws Exception {
        return DmigProcess.start(home, environment, "resume", "--run", RUN);
    }

    /**
     * Kills {@code run} with SIGKILL as soon as its manifest passes {@code when}. The process is stopped (SIGSTOP) first
     * and the manifest read again, so the status returned is the one it was killed in.
     */
    private static RunStatus killWhen(DmigProcess run, S3ArtifactStore artifacts, Predicate<RunManifest> when) throws Exception {
        while (true) {
            assertThat(run.alive()).as("still running; so far:\n%s\n%s", run.out(), run.errText()).isTrue();
            Optional<RunManifest> manifest = manifest(artifacts);
            if (manifest.isPresent() && when.test(manifest.get())) {
                run.signal("STOP");
                Optional<RunManifest> stopped = manifest(artifacts);
                while (stopped.isEmpty()) {
                    stopped = manifest(artifacts);
                }
                RunStatus status = stopped.get().status();
                run.signal("KILL");
                assertThat(run.waitFor()).isEqualTo(137);
                return status;
            }
            Thread.sleep(10); // polls the artifacts: the signal is the manifest, not the time
        }
    }

    private static Optional<RunManifest> manifest(S3ArtifactStore artifacts) {
        try {
            return artifacts.getJson(RunLayout.manifest(RUN), RunManifest.class);
        } catch (UncheckedIOException beingWritten) {
            // S3Proxy can show an object mid-write as empty; the next look reads it whole.
            return Optional.empty();
        }
    }
}
