package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.S3ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The real {@code dmig.jar} migrating on the embedded stack, killed with SIGKILL once a run has written
 * some items and while a segment task holds its writer lease: what a crash, a reboot or a Ctrl-C leaves.
 */
final class MidRunKill {
    private MidRunKill() {}

    /**
     * Starts {@code dmig migrate} of {@code planFile} as run {@code runId} (the plan paced by a write-rate limit, so that
     * the copy takes long enough) and kills it once {@code written} items are written; the run is left migrating.
     */
    static void killMidRun(Path planFile, String runId, long written, Path dir) throws Exception {
        killMidRun(planFile, runId, written, dir, List.of());
    }

    /** As {@link #killMidRun(Path, String, long, Path)}, the command line carrying {@code options} too. */
    static void killMidRun(Path planFile, String runId, long written, Path dir, List<String> options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup",
                "--run", runId));
        args.addAll(options);
        killMidRun(args, runId, written, dir);
    }

    /**
     * As {@link #killMidRun(Path, String, long, Path)} for any command that writes run {@code runId} ({@code args}: a
     * {@code migrate}, a {@code resume}), killed once the run's checkpoints count {@code written} items written.
     */
    static void killMidRun(List<String> args, String runId, long written, Path dir) throws Exception {
        killMidRun(args, CliRun.embeddedStack(), runId, written, dir);
    }

    /**
     * As {@link #killMidRun(List, String, long, Path)}, the process reaching the stores at {@code endpoints} (a front before
     * the embedded stack's DynamoDB: {@code --dynamodb-endpoint} and the S3 options, as {@link CliRun#embeddedStack} gives them).
     */
    static void killMidRun(List<String> args, List<String> endpoints, String runId, long written, Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("dmig.jar", "target/dmig.jar"));
        assumeThat(jar).as("the shaded dmig.jar (built by mvn package)").exists();
        AwsCredentials credentials = SharedStack.credentialsForTheCli();
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        List<String> command = DmigProcess.java();
        command.addAll(List.of("-Daws.accessKeyId=" + credentials.accessKeyId(), "-Daws.secretAccessKey=" + credentials.secretAccessKey(),
                "-jar", jar.toString()));
        command.addAll(args);
        command.addAll(endpoints);
        Path log = dir.resolve(runId + "-" + args.get(0) + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        // Killed mid-run: past `written` items, while a segment task holds its writer lease. The process is
        // stopped (SIGSTOP) before its leases are looked at, so none can be given back between the look and the kill.
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            if (KillAndResumeIT.written(artifacts, runId) >= written) {
                signal(process, "STOP");
                // A stopped process says nothing more: what it had sent before the stop lands in the stores meanwhile.
                Thread.sleep(100);
                if (!artifacts.list(RunLayout.writers(runId)).isEmpty()) {
                    break;
                }
                if (!process.isAlive()) {
                    break; // it ended before the look: the assertion below says so, with its log
                }
                signal(process, "CONT");
            }
            Thread.sleep(20); // polls the artifacts of another process: the signal is the count written, not the time
        }
        assertThat(process.isAlive()).as("still migrating when killed; log: %s", Files.readString(log)).isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor()).isNotZero();
        RunManifest stopped = artifacts.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow();
        assertThat(stopped.status()).isEqualTo(RunStatus.MIGRATING);
    }

    static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %s", signal, process.pid()).isZero();
    }
}
