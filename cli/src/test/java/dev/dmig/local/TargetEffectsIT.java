package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.Settings;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.analysis.TimeToLiveAnalysis;
import dev.dmig.executor.Execution;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A target table with a DynamoDB stream and time to live, set up on DynamoDB Local as an Amplify
 * app has it (CreateTable with a StreamSpecification, UpdateTimeToLive): analysis warns of both,
 * counts the source items TTL would delete on arrival, and the CLI prints the warnings — which
 * block nothing.
 */
class TargetEffectsIT {
    private static final String TTL = "expiresAt";

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static NotesApp withStreamAndTimeToLive(String name) {
        NotesApp app = new NotesApp(name, b -> b.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
        app.dynamoDb.updateTimeToLive(b -> b.tableName(app.target())
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(TTL)));
        return app;
    }

    /** {@code expired} notes with an expiry an hour ago, {@code live} with one a week ahead, {@code plain} without. */
    private static List<Map<String, AttributeValue>> notes(int expired, int live, int plain) {
        Instant now = Instant.now();
        List<Map<String, AttributeValue>> notes = new ArrayList<>();
        for (int i = 0; i < expired; i++) {
            notes.add(Map.of("id", AttributeValue.fromS("expired-" + i),
                    TTL, AttributeValue.fromN(String.valueOf(now.minus(Duration.ofHours(1)).getEpochSecond()))));
        }
        for (int i = 0; i < live; i++) {
            notes.add(Map.of("id", AttributeValue.fromS("live-" + i),
                    TTL, AttributeValue.fromN(String.valueOf(now.plus(Duration.ofDays(7)).getEpochSecond()))));
        }
        for (int i = 0; i < plain; i++) {
            notes.add(Map.of("id", AttributeValue.fromS("plain-" + i), "text", AttributeValue.fromS("no expiry")));
        }
        return notes;
    }

    @Test
    void dryRun_warnsOfTheStream_andCountsTheItemsTtlWouldDeleteOnArrival() {
        try (NotesApp app = withStreamAndTimeToLive("effects")) {
            app.load(notes(3, 5, 12));
            SampleApp.Runner runner = app.runner(Settings.defaults(SharedStack.BUCKET), store -> store);

            Execution execution = runner.run("effects-it", app.input("dry-run", "effects-it"));

            assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "FinalizeDryRun",
                    "DryRunComplete");
            Analysis analysis = new S3ArtifactStore(app.s3, SharedStack.BUCKET)
                    .getJson(RunLayout.analysis("effects-it"), Analysis.class).orElseThrow();
            TableAnalysis notes = analysis.tables().get(0);
            assertThat(notes.targetStream()).isEqualTo("NEW_AND_OLD_IMAGES");
            TimeToLiveAnalysis ttl = notes.timeToLive();
            assertThat(ttl.attribute()).isEqualTo(TTL);
            assertThat(ttl.expiredItems()).isEqualTo(3);
            assertThat(ttl.expiredExamples()).containsExactlyInAnyOrder("id=expired-0", "id=expired-1", "id=expired-2");
            assertThat(analysis.warnings()).containsExactly(
                    "table Notes: target table " + app.target() + " has a DynamoDB stream (NEW_AND_OLD_IMAGES): every item this"
                            + " run writes, and every delete of a rollback, reaches its consumers (Lambda triggers and"
                            + " functions, Amplify @searchable)",
                    "table Notes: target table " + app.target() + " deletes items by time to live on attribute " + TTL + "; 3 source"
                            + " items have " + TTL + " already in the past and will be deleted by TTL soon after they are copied"
                            + " (e.g. " + String.join("; ", ttl.expiredExamples()) + ")");
        }
    }

    @Test
    void cli_printsTheWarnings_ofAnalyzeAndOfMigrate_whichStillSucceeds(@TempDir Path dir) throws IOException {
        try (NotesApp app = withStreamAndTimeToLive("effectscli")) {
            // No item already expired: DynamoDB Local deletes those itself, which would fail the validation.
            app.load(notes(0, 4, 6));
            Path plan = dir.resolve("plan.json");
            Files.writeString(plan, app.planJson);
            String stream = "  warning: table Notes: target table " + app.target() + " has a DynamoDB stream (NEW_AND_OLD_IMAGES)";
            String ttl = "  warning: table Notes: target table " + app.target() + " deletes items by time to live on attribute "
                    + TTL + "; no source item has " + TTL + " already in the past";

            String analyze = dmig("analyze", "--plan", plan.toString(), "--run", "effects-cli-dry");
            assertThat(analyze).contains(stream, ttl).contains("SUCCEEDED  run effects-cli-dry (dry-run)");

            String migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "effects-cli-full");
            assertThat(migrate).contains(stream, ttl).contains("SUCCEEDED  run effects-cli-full (full): 10 items migrated");
            assertThat(app.scan(app.target())).hasSize(10);
        }
    }

    private static String dmig(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--region", SharedStack.stack().region().id()));
        dev.dmig.cli.CliRun run = dev.dmig.cli.CliRun.execute(all, null);
        assertThat(run.code()).as(run.out() + "\n" + run.err()).isZero();
        return run.out();
    }
}
