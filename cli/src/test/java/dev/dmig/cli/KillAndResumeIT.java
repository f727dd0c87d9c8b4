package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.faults.FaultProxy;
import dev.dmig.faults.WriteCapacity;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.S3ArtifactStore;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code dmig.jar}, killed with SIGKILL in the middle of a migration: its target stays
 * locked against other runs, and {@code dmig resume} finishes it exactly.
 */
class KillAndResumeIT {
    @Test
    void aMigrationKilledMidRun_isRefusedToOthers_andResumesExactly(@TempDir Path dir) throws Exception {
        try (SampleApp app = new SampleApp("kill", SampleData.scaled(0.25))) {
            Path planFile = killMidRun(app, dir, "killed-run", 150);
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);

            // Nobody else may write over the half-done run.
            CliRun other = dmig("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run", "another-run");
            assertThat(other.code()).isEqualTo(ExitCode.REFUSED);
            assertThat(other.lastLine()).startsWith("REFUSED  run another-run (full): TargetLocked: target environment "
                    + app.prodSuffix + " is in use by run killed-run");

            CliRun resumed = dmig("resume", "--run", "killed-run");
            assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run killed-run (full): ");
            app.assertExactBySpec("killed-run");
            assertThat(artifacts.getJson(RunLayout.manifest("killed-run"), RunManifest.class).orElseThrow().status())
                    .isEqualTo(RunStatus.SUCCEEDED);

            // The environment is free again.
            CliRun dryRun = dmig("analyze", "--plan", planFile.toString(), "--run", "after-resume");
            assertThat(dryRun.code()).isZero();
        }
    }

    /**
     * The killed process's writer leases name it: a rollback on this machine sees it is gone and undoes
     * the run at once, instead of waiting for the leases to expire (15 minutes and more).
     */
    @Test
    void aMigrationKilledMidRun_isRolledBackAtOnce(@TempDir Path dir) throws Exception {
        try (SampleApp app = new SampleApp("killrb", SampleData.scaled(0.25))) {
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            // Slowly paced, so that a segment task is always mid-invocation, holding its lease, when the kill comes.
            killMidRun(app, dir, "killed-rb", 20);
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            assertThat(artifacts.list(RunLayout.writers("killed-rb"))).as("the killed process left its leases").isNotEmpty();

            CliRun rolledBack = dmig("rollback", "--run", "killed-rb");

            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            assertThat(rolledBack.lastLine()).startsWith("ROLLED BACK  run killed-rb");
            assertThat(app.digests(app.prodSuffix)).as("target exactly as before").isEqualTo(targetBefore);
            String execution = artifacts.list(RunLayout.laterHistories("killed-rb")).stream().findFirst().orElseThrow();
            JsonNode history = Json.tree(artifacts.get(execution).orElseThrow());
            long rollBackCalls = 0;
            for (JsonNode event : history.get("events")) {
                rollBackCalls += event.get("name").asText().equals("RollbackRun") ? 1 : 0;
            }
            assertThat(rollBackCalls).as("no call waited for the dead process's writers").isEqualTo(1);
        }
    }

    /**
     * A plan with no write-rate limit, whose analysis keeps the pages it read for the copy (one read of the source in a local
     * run): the copy is slowed by the target's capacity instead (a front answering as DynamoDB does when a table is out of
     * write capacity, before the embedded stack's DynamoDB), killed mid-copy, and {@code dmig resume} (a new process, which
     * has none of the pages, through the same front, its capacity ample now) finishes it exactly, reading the rest from the
     * source.
     */
    @Test
    void anUnpacedMigration_slowedByItsTarget_killedMidCopy_resumesExactly(@TempDir Path dir) throws Exception {
        try (SampleApp app = new SampleApp("killsr", SampleData.scaled(0.25));
             FaultProxy front = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 8)) {
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            front.limitWrites(new WriteCapacity(100, 1));
            Path planFile = dir.resolve("plan.json");
            SamplePlan.write(planFile, app.planJson);
            List<String> endpoints = new ArrayList<>(List.of("--dynamodb-endpoint", front.endpoint().toString()));
            endpoints.addAll(CliRun.embeddedS3());
            MidRunKill.killMidRun(List.of("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run",
                    "killed-unpaced"), endpoints, "killed-unpaced", 150, dir);

            front.limitWrites(new WriteCapacity(100_000, 1));
            // The run's own DynamoDB endpoint (the front's), recorded when it began, is the resume's.
            CliRun resumed = CliRun.of(CliRun.embeddedS3(), "resume", "--run", "killed-unpaced");

            assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run killed-unpaced (full): ");
            app.assertExactBySpec("killed-unpaced");
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);
        }
    }

    /**
     * Starts the real dmig.jar on {@code runId} with the plan paced to {@code writeRateLimit} items/s per
     * table, kills it with SIGKILL mid-migration; returns the plan file.
     */
    private static Path killMidRun(SampleApp app, Path dir, String runId, int writeRateLimit) throws Exception {
        // A write-rate limit slows the copy enough to kill it in the middle.
        ObjectNode plan = (ObjectNode) Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8));
        plan.put("writeRateLimit", writeRateLimit);
        Path planFile = dir.resolve("plan.json");
        SamplePlan.write(planFile, Json.pretty(plan));
        MidRunKill.killMidRun(planFile, runId, 100, dir);
        return planFile;
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }

    /** Items written so far by a run, from its checkpoints (also read by {@link CrossAccountIT}). */
    static long written(S3ArtifactStore artifacts, String runId) {
        long written = 0;
        for (String key : artifacts.list(RunLayout.checkpoints(runId))) {
            try {
                written += artifacts.getJson(key, Checkpoint.class).map(Checkpoint::itemsWritten).orElse(0L);
            } catch (UncheckedIOException beingWritten) {
                // S3Proxy's file store can show an object mid-write as empty; the next poll counts it.
                continue;
            }
        }
        return written;
    }
}
