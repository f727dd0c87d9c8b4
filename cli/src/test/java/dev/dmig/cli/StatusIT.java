package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.cli.runs.Format;
import dev.dmig.embedded.EmbeddedStack;
import dev.dmig.embedded.OwnS3;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.LocalEnvironment;
import dev.dmig.local.SharedStack;
import dev.dmig.report.Numbers;
import dev.dmig.report.RunReport;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.AwsClients;
import dev.dmig.store.S3ArtifactStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code dmig status} and a run's time as a person reads them, through the command line against DynamoDB Local: every
 * run the data directory records is listed wherever its artifacts are (the embedded store, an S3 server of one's own, one
 * that is gone, a process's memory), each place named; and a run's time is one figure, from the start of its execution
 * to its verdict, in the status, the verdict's line, the report and its path. Every figure is compared with what the
 * stores recorded, read here apart from the command line.
 */
class StatusIT {
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "tables": {"Note": {}}}
            """;
    private static final String HEADER = Format.pad("run", 30) + Format.pad("mode", 10) + Format.pad("tables at", 24)
            + Format.pad("target tables", 40) + Format.pad("started", 22) + Format.padLeft("took", 9) + "  " + Format.pad("status", 20) + "why";
    private static AwsCredentials keys;

    @BeforeAll
    static void credentials() {
        keys = SharedStack.credentialsForTheCli();
    }

    @Test
    void listsEveryRunTheDataDirectoryRecords_whereverItsArtifactsAre_namingAPlaceThatIsGone(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data").toAbsolutePath().normalize();
        try (AppTables app = app("stevery"); OwnS3 mine = OwnS3.start(keys)) {
            String plan = plan(app, dir).toString();
            ok(dmig(data, "analyze", "--plan", plan, "--run", "st-embedded"));
            ok(dmig(data, "analyze", "--plan", plan, "--run", "st-mine", "--s3-endpoint", mine.endpoint().toString(),
                    "--bucket", "my-runs"));
            URI goneEndpoint;
            try (OwnS3 gone = OwnS3.start(keys)) {
                goneEndpoint = gone.endpoint();
                ok(dmig(data, "analyze", "--plan", plan, "--run", "st-gone", "--s3-endpoint", goneEndpoint.toString(),
                        "--bucket", "old-runs"));
            }
            ok(dmig(data, "analyze", "--plan", plan, "--run", "st-memory", "--in-memory"));

            CliRun status = dmig(data, "status");

            assertThat(status.code()).as(status.err()).isZero();
            String tables = SharedStack.stack().dynamoDbEndpoint().getAuthority();
            Stored embedded = embeddedStore(data);
            try (S3Client client = s3(mine.endpoint())) {
                Stored own = Stored.of(new S3ArtifactStore(client, "my-runs"));
                String expected = String.join("\n",
                        "the embedded S3 store (data in " + data + "): 1 run", HEADER, read(embedded, "st-embedded", tables), "",
                        "S3 at " + mine.endpoint() + "/my-runs: 1 run", HEADER, read(own, "st-mine", tables), "",
                        "S3 at " + goneEndpoint + "/old-runs cannot be read now (nothing listens at " + goneEndpoint.getAuthority()
                                + "): 1 run, as the data directory records it", HEADER,
                        recorded(data, "st-gone", tables, "unknown"), "",
                        "kept in memory (--in-memory), gone with their process: 1 run, as the data directory records it", HEADER,
                        recorded(data, "st-memory", tables, "gone"), "",
                        "4 runs in 4 places", "");
                assertThat(status.out()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aRunsTime_isOneFigure_fromItsExecutionsStartToItsVerdict_inStatusTheVerdictTheReportAndItsPath(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data").toAbsolutePath().normalize();
        try (AppTables app = app("sttime"); OwnS3 mine = OwnS3.start(keys); S3Client client = s3(mine.endpoint())) {
            List<String> own = List.of("--s3-endpoint", mine.endpoint().toString(), "--bucket", "my-runs");
            CliRun migrate = dmig(data, own, "migrate", "--plan", plan(app, dir).toString(), "--confirm", "--no-backup",
                    "--run", "st-time");
            ok(migrate);
            ArtifactStore artifacts = new S3ArtifactStore(client, "my-runs");
            RunManifest manifest = artifacts.getJson(RunLayout.manifest("st-time"), RunManifest.class).orElseThrow();
            RunReport report = artifacts.getJson(RunLayout.report("st-time"), RunReport.class).orElseThrow();
            JsonNode history = artifacts.getJson(RunLayout.history("st-time"), JsonNode.class).orElseThrow();
            Instant start = Instant.parse(history.get("start").asText());
            Instant verdict = Instant.parse(report.finishedAt());
            // From the start of the execution, as the executor recorded it, to the verdict Finalize recorded.
            assertThat(Instant.parse(manifest.createdAt())).isEqualTo(start.truncatedTo(ChronoUnit.MILLIS));
            String took = Numbers.seconds(Duration.between(start.truncatedTo(ChronoUnit.MILLIS), verdict).toMillis() / 1000.0);

            assertThat(migrate.lastLine()).endsWith(" migrated and validated; the run took " + took);
            assertThat(dmig(data, "status").out()).contains("\n" + row("st-time", "full", SharedStack.stack().dynamoDbEndpoint()
                    .getAuthority(), "*" + app.prodSuffix, manifest.createdAt(), took, "succeeded") + "\n");
            String text = dmig(data, "report", "--run", "st-time").out();
            assertThat(text).startsWith("run st-time (full): succeeded, started " + manifest.createdAt() + ", " + took + "\n");
            String after = Numbers.seconds(Duration.between(verdict, Instant.parse(history.get("end").asText())).toMillis() / 1000.0);
            // The steps add up: each its own time, those begun after the verdict marked, and the run's time said last.
            List<String> steps = new ArrayList<>();
            for (JsonNode event : history.get("events")) {
                if (event.get("iteration").isEmpty() && event.has("end")) {
                    Instant from = Instant.parse(event.get("start").asText());
                    steps.add("  " + Format.pad(event.get("name").asText(), 26) + Format.pad(event.get("type").asText(), 8)
                            + Format.padLeft(Numbers.seconds(Duration.between(from, Instant.parse(event.get("end").asText()))
                            .toMillis() / 1000.0), 8) + (from.isAfter(verdict) ? "  after the run's verdict" : ""));
                }
            }
            assertThat(steps).anyMatch(step -> step.startsWith("  ExportIdMaps ") && step.endsWith("  after the run's verdict"));
            assertThat(text).endsWith(String.join("\n", steps) + "\ntook " + took + " from the execution's start to the run's verdict"
                    + (after.equals("0.0 s") ? "" : "; the execution ended " + after + " later") + "\n");
            assertThat(migrate.err().lines().map(String::strip)).anyMatch(line -> line.matches("ok   ExportIdMaps +\\S+( s)? "
                    + "\\(after the run's verdict: not in its time\\)"));
            Path html = dir.resolve("report.html");
            ok(dmig(data, "report", "--run", "st-time", "--html", html.toString()));
            assertThat(Files.readString(html)).contains(" · took " + took + "</dd>")
                    .contains("<h3>Execution <code>st-time</code>: <span class=\"pass\">succeeded</span> in " + took
                            + (after.equals("0.0 s") ? "" : "<span class=\"note\"> to the run's verdict; the execution ended " + after
                            + " later</span>") + "</h3>");
        }
    }

    /**
     * Two runs from one source into two environments whose tables share one DynamoDB endpoint: each line names its
     * target's tables by the suffix its plan gives them, which is what tells the two apart.
     */
    @Test
    void twoTargetsAtOneEndpoint_areToldApartByTheirTargetTables(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data").toAbsolutePath().normalize();
        try (AppTables staging = app("ststaging"); AppTables prod = app("stprod")) {
            ok(dmig(data, "analyze", "--plan", plan(staging, dir).toString(), "--run", "st-staging"));
            ok(dmig(data, "analyze", "--plan", plan(prod, dir).toString(), "--run", "st-prod"));

            CliRun status = dmig(data, "status");

            ok(status);
            String tables = SharedStack.stack().dynamoDbEndpoint().getAuthority();
            Stored embedded = embeddedStore(data);
            assertThat(staging.prodSuffix).isNotEqualTo(prod.prodSuffix);
            assertThat(status.out().lines().filter(line -> line.startsWith("st-"))).containsExactly(
                    read(embedded, "st-staging", tables), read(embedded, "st-prod", tables));
            assertThat(status.out()).contains(Format.pad("*" + staging.prodSuffix, 40)).contains(Format.pad("*" + prod.prodSuffix, 40));
        }
    }

    /** A run's line as the stores read apart say it: its manifest, and its report's time from start to verdict. */
    private static String read(Stored artifacts, String runId, String tables) throws Exception {
        RunManifest manifest = artifacts.json(RunLayout.manifest(runId), RunManifest.class);
        RunReport report = artifacts.json(RunLayout.report(runId), RunReport.class);
        double seconds = Duration.between(Instant.parse(manifest.createdAt()), Instant.parse(report.finishedAt())).toMillis() / 1000.0;
        return row(runId, manifest.mode().text(), tables, "*" + manifest.targetSuffix(), manifest.createdAt(), Numbers.seconds(seconds),
                manifest.status().text());
    }

    /** A run's line from the data directory's record alone: its artifacts are out of reach. */
    private static String recorded(Path data, String runId, String tables, String status) throws Exception {
        JsonNode record = Json.tree(Files.readAllBytes(data.resolve("runs").resolve(runId + ".json")));
        return row(runId, record.get("mode").asText(), tables, "-", record.get("startedAt").asText(), "-", status);
    }

    private static String row(String runId, String mode, String tables, String target, String started, String took, String status) {
        return Format.pad(runId, 30) + Format.pad(mode, 10) + Format.pad(tables, 24) + Format.pad(target, 40)
                + Format.pad(started.substring(0, 19).replace('T', ' '), 22) + Format.padLeft(took, 9) + "  " + Format.pad(status, 20);
    }

    /** The embedded store's artifacts, read as the files its S3 server keeps them in, without starting it. */
    private static Stored embeddedStore(Path data) {
        return new Stored() {
            @Override
            public <T> T json(String key, Class<T> type) throws Exception {
                return Json.MAPPER.readValue(EmbeddedStack.objectFile(data, LocalEnvironment.EMBEDDED_BUCKET, key).toFile(), type);
            }
        };
    }

    /** Artifacts read apart from the command line. */
    private interface Stored {
        <T> T json(String key, Class<T> type) throws Exception;

        static Stored of(ArtifactStore artifacts) {
            return new Stored() {
                @Override
                public <T> T json(String key, Class<T> type) {
                    return artifacts.getJson(key, type).orElseThrow();
                }
            };
        }
    }

    private static S3Client s3(URI endpoint) {
        return AwsClients.s3(new AwsClients.Connection(endpoint, SharedStack.stack().region(), StaticCredentialsProvider.create(keys), 4));
    }

    private static AppTables app(String name) {
        AppTables app = new AppTables(name).table("Note", "id", null);
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> notes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            notes.add(Map.of("id", s("n-" + i), "text", s("note " + i)));
        }
        app.load(app.source("Note"), notes);
        return app;
    }

    private static Path plan(AppTables app, Path dir) throws Exception {
        Path file = dir.resolve("plan-" + app.devSuffix + ".json");
        Files.writeString(file, PLAN.formatted(app.devSuffix, app.prodSuffix));
        return file;
    }

    private static void ok(CliRun run) {
        assertThat(run.code()).as(run.out() + run.err()).isZero();
    }

    private static CliRun dmig(Path data, String... args) {
        return dmig(data, List.of(), args);
    }

    /** {@code args}, then {@code more}, on the shared DynamoDB Local, recorded in {@code data}. */
    private static CliRun dmig(Path data, List<String> more, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(more);
        line.addAll(List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(), "--data-dir", data.toString()));
        return CliRun.execute(line, null);
    }
}
