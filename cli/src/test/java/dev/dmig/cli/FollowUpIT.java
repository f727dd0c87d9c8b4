package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command on an earlier run goes where the run's record says, whatever it is told: an option that contradicts the
 * record is refused in one line; stores that do not answer are refused in one line before anything starts, and
 * nothing changes (no rollback, no recovery, the manifest as it was); without the data directory's record, the record
 * kept with the run's artifacts brings back its DynamoDB endpoint.
 */
class FollowUpIT {
    private static final String RUN = "follow-up-test";

    @Test
    void followUps_goWhereTheRunIs_refuseOtherwise_andChangeNothingWhenTheyCannotReachIt(@TempDir Path dir) throws Exception {
        SharedStack.credentialsForTheCli();
        try (SampleApp app = new SampleApp("followup", SampleData.scaled(0.05))) {
            Path plan = dir.resolve("plan.json");
            app.writePlan(plan);
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Map<String, String> before = app.digests(app.prodSuffix);
            String dynamoDb = SharedStack.stack().dynamoDbEndpoint().toString();
            CliRun test = CliRun.of(CliRun.embeddedStack(), "test", "--plan", plan.toString(), "--table", "Requests",
                    "--limit", "1", "--with-parents", "--run", RUN);
            assertThat(test.code()).as(test.out() + test.err()).isZero();
            Map<String, String> written = app.digests(app.prodSuffix);
            assertThat(written).isNotEqualTo(before);
            Path record = CliRun.dataDir().resolve("runs").resolve(RUN + ".json");
            String dead = "http://127.0.0.1:" + freePort();

            CliRun contradicted = CliRun.of(List.of("--data-dir", CliRun.dataDir().toString()), "rollback", "--run", RUN,
                    "--dynamodb-endpoint", dead);
            assertThat(contradicted.code()).isEqualTo(ExitCode.INVALID);
            assertThat(contradicted.err().strip()).isEqualTo("error: --dynamodb-endpoint " + dead + " contradicts run " + RUN
                    + ", which has --dynamodb-endpoint " + dynamoDb + " (recorded in " + record + "): leave the option out, "
                    + "the run's own is used");

            // The run's DynamoDB does not answer: as if its server were down.
            Path elsewhere = Files.createDirectories(dir.resolve("down").resolve("runs"));
            Files.writeString(elsewhere.resolve(RUN + ".json"), Files.readString(record).replace(dynamoDb, dead));
            RunManifest manifest = artifacts.getJson(RunLayout.manifest(RUN), RunManifest.class).orElseThrow();
            CliRun down = CliRun.of(List.of("--data-dir", dir.resolve("down").toString()), "rollback", "--run", RUN);
            assertThat(down.code()).isEqualTo(ExitCode.INVALID);
            assertThat(down.out()).isEmpty();
            assertThat(down.err().strip()).doesNotContain("\n").startsWith("error: run " + RUN + "'s tables (DynamoDB at " + dead
                    + ") cannot be reached (nothing listens at ").endsWith("start that server again, then this command; nothing "
                    + "was changed");
            assertThat(app.digests(app.prodSuffix)).as("nothing rolled back").isEqualTo(written);
            assertThat(artifacts.getJson(RunLayout.manifest(RUN), RunManifest.class)).contains(manifest);
            assertThat(artifacts.get(RunLayout.recovery(RUN))).as("no recovery started").isEmpty();

            // No record in this data directory: the run's artifacts, named, hold the rest (its DynamoDB endpoint).
            List<String> artifactsOnly = List.of("--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket",
                    SharedStack.BUCKET, "--data-dir", dir.resolve("fresh").toString());
            CliRun rolledBack = CliRun.of(artifactsOnly, "rollback", "--run", RUN, "--confirm");
            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            assertThat(rolledBack.err()).contains("run " + RUN + " on DynamoDB at " + dynamoDb);
            assertThat(app.digests(app.prodSuffix)).as("rolled back where the run wrote").isEqualTo(before);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
