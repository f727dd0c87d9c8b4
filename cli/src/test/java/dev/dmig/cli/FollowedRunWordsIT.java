package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.report.Numbers;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.S3ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lines a person reads of a run that follows its source, through the command line against DynamoDB Local's streams:
 * the verdict counts what the copy and following left in the target, the rollback says why each key the run wrote held
 * nothing (following deleted it, or production did since), and the refusal of tables without a stream names every one.
 * Each figure is compared with the target's items and the journal's keys, read here apart from the command line.
 */
class FollowedRunWordsIT {
    private static final int NOTES = 30;

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    @Test
    void aFollowedRunsVerdict_countsCopyAndFollowingTogether_andItsRollbackSaysWhyEachKeyHeldNothing(@TempDir Path dir)
            throws Exception {
        try (AppTables app = new AppTables("words").table("Note", "id", null)) {
            app.load(app.source("Note"), IntStream.range(0, NOTES).mapToObj(i -> note("c" + i, "note " + i)).toList());
            Path plan = dir.resolve("plan.json");
            Files.writeString(plan, """
                    {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "tables": {"Note": {}}}
                    """.formatted(app.devSuffix, app.prodSuffix));
            ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
            String runId = "words-" + app.devSuffix.substring(1);
            CompletableFuture<CliRun> migrating = CompletableFuture.supplyAsync(() -> dmig("migrate", "--plan", plan.toString(),
                    "--confirm", "--no-backup", "--run", runId, "--follow", "--enable-streams"));
            awaitOrFail(() -> copied(artifacts, runId) || migrating.isDone(), "the copy to end", migrating);

            // While the run follows: 12 notes added, 4 copied ones deleted, 3 added and deleted again.
            String source = app.source("Note");
            for (int i = 0; i < 12; i++) {
                String id = "n" + i;
                app.dynamoDb.putItem(b -> b.tableName(source).item(note(id, "added")));
            }
            for (int i = 0; i < 4; i++) {
                String id = "c" + i;
                app.dynamoDb.deleteItem(b -> b.tableName(source).key(Map.of("id", s(id))));
            }
            for (int i = 0; i < 3; i++) {
                String id = "t" + i;
                app.dynamoDb.putItem(b -> b.tableName(source).item(note(id, "short-lived")));
                app.dynamoDb.deleteItem(b -> b.tableName(source).key(Map.of("id", s(id))));
            }
            awaitOrFail(() -> applied(artifacts, runId) >= 12 + 4 + 6 || migrating.isDone(), "following to apply the changes",
                    migrating);
            // While it follows, dmig status says so, and the time it has run so far: from its start to now.
            RunManifest opened = artifacts.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow();
            Instant before = Instant.now();
            CliRun status = dmig("status");
            Instant after = Instant.now();
            String line = status.out().lines().filter(l -> l.startsWith(runId + " ")).findFirst().orElseThrow(() ->
                    new AssertionError(status.out() + status.err()));
            assertThat(line).as("the run's status while it follows").containsPattern(" following +$");
            Set<String> soFar = new HashSet<>();
            for (long ms = before.toEpochMilli(); ms <= after.toEpochMilli() + 1; ms++) {
                soFar.add(Numbers.seconds((ms - Instant.parse(opened.createdAt()).toEpochMilli()) / 1000.0));
            }
            String took = line.substring(30 + 10 + 24 + 40 + 22, 30 + 10 + 24 + 40 + 22 + 9).strip();
            assertThat(soFar).as("from its start, " + opened.createdAt() + ", to now").contains(took);

            CliRun cutover = dmig("cutover", "--run", runId);
            assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
            CliRun migrated = migrating.join();
            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();

            // Counted apart: the keys the copy journaled, and the target's items.
            Set<String> copiedKeys = journaledKeys(artifacts, runId, "Note", false);
            Set<String> inTarget = app.scan(app.target("Note")).stream().map(item -> DynamoJson.item(Map.of("id", item.get("id")))
                    .toString()).collect(Collectors.toSet());
            long byFollowing = inTarget.stream().filter(key -> !copiedKeys.contains(key)).count();
            long removed = copiedKeys.stream().filter(key -> !inTarget.contains(key)).count();
            assertThat(List.of(copiedKeys.size(), inTarget.size(), (int) byFollowing, (int) removed))
                    .as("what the source's writer did").containsExactly(NOTES, NOTES + 12 - 4, 12, 4);
            assertThat(migrated.lastLine()).startsWith("SUCCEEDED  run " + runId + " (full): " + inTarget.size() + " items: "
                    + copiedKeys.size() + " copied, " + byFollowing + " added and " + removed + " removed by following; "
                    + "validated; the run took ");

            // The ID map lists what the target holds of the run: the keys following deleted last are counted apart.
            CliRun idmap = dmig("idmap", "--run", runId, "--table", "Note");
            assertThat(idmap.code()).as(idmap.err()).isZero();
            Set<String> newIds = app.scan(app.target("Note")).stream().map(item -> item.get("id").s()).collect(Collectors.toSet());
            List<String> pairs = idmap.out().lines().skip(1).toList();
            assertThat(pairs.stream().map(pair -> pair.substring(pair.indexOf(',') + 1)).collect(Collectors.toSet()))
                    .isEqualTo(newIds).hasSize(pairs.size());
            Set<String> journaled = new HashSet<>(copiedKeys);
            journaled.addAll(journaledKeys(artifacts, runId, "Note", true));
            long emptied = journaled.stream().filter(key -> !inTarget.contains(key)).count();
            assertThat(emptied).as("the copied notes the source deleted, and any key following took and deleted again")
                    .isGreaterThanOrEqualTo(removed);
            assertThat(idmap.err().strip()).isEqualTo(newIds.size() + " IDs of Note in run " + runId + "; " + emptied
                    + " others the run's journal names, deleted by following (the source deleted them), not listed");

            // The report's path: Validate ran before following and after it, each run timed on its own.
            Path html = dir.resolve("report.html");
            CliRun report = dmig("report", "--run", runId, "--html", html.toString());
            assertThat(report.code()).as(report.err()).isZero();
            JsonNode history = artifacts.getJson(RunLayout.history(runId), JsonNode.class).orElseThrow();
            List<String> validations = new ArrayList<>();
            for (JsonNode event : history.get("events")) {
                if (event.get("name").asText().equals("Validate") && event.get("iteration").isEmpty()) {
                    double seconds = Duration.between(Instant.parse(event.get("start").asText()), Instant.parse(event.get("end")
                            .asText())).toNanos() / 1e9;
                    validations.add(seconds < 1 ? String.format(Locale.ROOT, "%.2f s", seconds) : Numbers.seconds(seconds));
                }
            }
            assertThat(validations).as("Validate before following and after it").hasSize(2);
            assertThat(Files.readString(html)).containsPattern("<tr class=\"step\"><td>Validate</td><td class=\"note\">Task</td>"
                    + "<td><div class=\"track\">(<span style=\"[^\"]+\"></span>){2}</div></td><td class=\"num\">"
                    + Pattern.quote(String.join(" + ", validations)) + "</td><td class=\"num\">×2</td></tr>");

            // After the cut-over, production deletes 2 of the run's notes; the rollback says who emptied each key.
            for (String id : List.of("c10", "c11")) {
                app.dynamoDb.deleteItem(b -> b.tableName(app.target("Note")).key(Map.of("id", s(app.newId("Note", id)))));
            }
            Set<String> everyKey = new HashSet<>(copiedKeys);
            everyKey.addAll(journaledKeys(artifacts, runId, "Note", true));
            long empty = everyKey.stream().filter(key -> !inTarget.contains(key)).count() + 2;
            CliRun rolledBack = dmig("rollback", "--run", runId, "--confirm");

            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            // The 3 added and deleted again while following are written only when following applies the put and the delete
            // in different pages (a loaded machine's timing): each then counts with following's deletions.
            assertThat(empty).as("keys the run wrote that hold nothing: 4 copied, deleted by following, any of the 3 it took "
                    + "and deleted again; 2 by production").isBetween(6L, 9L);
            assertThat(rolledBack.out()).contains("  " + empty + " keys the journal named held no item to delete: " + (empty - 2)
                    + " deleted by following, 2 deleted by production since\n");
            assertThat(app.scan(app.target("Note"))).isEmpty();
        }
    }

    @Test
    void tablesWithoutAStream_areNamedEveryOne_firstTenThenACount_withTheOneOptionThatTurnsThemOn(@TempDir Path dir)
            throws Exception {
        List<String> models = IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("T%02d", i)).toList();
        AppTables app = new AppTables("nostream");
        models.forEach(model -> app.table(model, "id", null));
        try (app) {
            Path plan = dir.resolve("plan.json");
            Files.writeString(plan, """
                    {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "tables": {%s}}
                    """.formatted(app.devSuffix, app.prodSuffix, models.stream().map(m -> "\"" + m + "\": {}")
                    .collect(Collectors.joining(", "))));
            String runId = "nostream-" + app.devSuffix.substring(1);

            CliRun refused = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", runId, "--follow");

            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCode.REFUSED);
            String named = models.subList(0, 10).stream().map(app::source).collect(Collectors.joining(", "));
            assertThat(refused.lastLine()).isEqualTo("REFUSED  run " + runId + " (full): StreamNotReady: " + models.size()
                    + " source tables have no stream (" + named + " and 2 more); following their writes needs one with the item"
                    + " before and after each change: for a run from your machine, add --enable-streams, which turns on every"
                    + " one; else turn each on with aws dynamodb update-table --table-name <table> --stream-specification"
                    + " StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES; nothing was written");
            for (String model : models) {
                assertThat(app.scan(app.target(model))).as(model).isEmpty();
            }
        }
    }

    private static Map<String, AttributeValue> note(String id, String text) {
        return Map.of("id", s(id), "text", s(text));
    }

    /** Whether the copy's every segment is done and following has its checkpoints. */
    private static boolean copied(ArtifactStore artifacts, String runId) {
        List<Checkpoint> checkpoints = Checkpoint.all(artifacts, runId);
        return !checkpoints.isEmpty() && checkpoints.stream().allMatch(Checkpoint::done) && FollowStatus.read(artifacts, runId).isPresent();
    }

    private static long applied(ArtifactStore artifacts, String runId) {
        return FollowStatus.read(artifacts, runId).map(FollowStatus::applied).orElse(0L);
    }

    /**
     * The target keys the run's journal of {@code model} records it created or wrote over: its copy's segments, or
     * ({@code following}) its followed changes.
     */
    private static Set<String> journaledKeys(ArtifactStore artifacts, String runId, String model, boolean following) {
        Journal journal = new Journal(artifacts);
        List<String> entries = journal.entries(runId, model).stream()
                .filter(key -> key.contains("/" + RunLayout.FOLLOW_SEGMENT + "/") == following).toList();
        Set<String> keys = new HashSet<>();
        try (EntryReader reader = journal.reader(entries)) {
            while (reader.hasNext()) {
                reader.next().entry().records().stream().filter(r -> !r.action().leftAlone()).map(JournalRecord::key)
                        .forEach(key -> keys.add(key.toString()));
            }
        }
        return keys;
    }

    private static void awaitOrFail(BooleanSupplier done, String what, CompletableFuture<CliRun> run) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(90));
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waited for " + what).isBefore(until);
            Thread.sleep(100);
        }
        if (run.isDone()) {
            CliRun ended = run.join();
            throw new AssertionError("the run ended before " + what + ": " + ended.out() + ended.err());
        }
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
