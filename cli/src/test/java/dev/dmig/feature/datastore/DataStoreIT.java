package dev.dmig.feature.datastore;

import static dev.dmig.local.AppTables.n;
import static dev.dmig.local.AppTables.s;
import static dev.dmig.local.AppTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.cli.CliRun;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Tables of an Amplify app with conflict detection (DataStore), on DynamoDB Local: every row carries
 * {@code _version} and {@code _lastChangedAt}, some are soft-deleted ({@code _deleted}, {@code _ttl}), and a
 * comment refers to a soft-deleted note. By default the soft-deleted rows are not copied (counted, listed, and
 * the reference to one reported as an orphan), the others get version 1 and the run's start, a record an earlier
 * {@code dmig test} wrote is adopted, and validation passes item by item; {@code "datastore": "keep"} copies
 * every row as it is. A plan that would reset DataStore's fields in a table only some of whose rows carry them is
 * refused before anything is written.
 */
class DataStoreIT {
    private static final int NOTES = 40;
    private static final Set<Integer> DELETED = Set.of(7, 19, 33);
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, %s
             "tables": {"Note": {}, "Comment": {"references": {"noteId": "Note"}}}}
            """;
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app(String name) {
        AppTables app = new AppTables(name).table("Note", "id", null).table("Comment", "id", null);
        List<Map<String, AttributeValue>> notes = new ArrayList<>();
        for (int i = 0; i < NOTES; i++) {
            Map<String, AttributeValue> note = new HashMap<>(row("n-" + i, i));
            note.put("text", s("note " + i));
            if (DELETED.contains(i)) {
                note.put("_deleted", AttributeValue.fromBool(true));
                note.put("_ttl", n(1_900_000_000L + i));
            }
            notes.add(note);
        }
        app.load(app.source("Note"), notes);
        List<Map<String, AttributeValue>> comments = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, AttributeValue> comment = new HashMap<>(row("c-" + i, i));
            comment.put("noteId", s("n-" + i * 4));
            comments.add(comment);
        }
        // A comment on a note that was deleted: in production it will point at nothing.
        comments.add(Map.of("id", s("c-on-deleted"), "noteId", s("n-33"), "_version", n(1), "_lastChangedAt", n(1_700_000_000_000L)));
        app.load(app.source("Comment"), comments);
        return app;
    }

    private static Map<String, AttributeValue> row(String id, int i) {
        return Map.of("id", s(id), "__typename", s(id.startsWith("n") ? "Note" : "Comment"), "_version", n(1 + i % 5),
                "_lastChangedAt", n(1_700_000_000_000L + i * 1000L));
    }

    @Test
    void softDeletedRowsStayBehind_theOthersStartAtVersionOne_aTestedRecordIsAdopted_andValidationPasses(@TempDir Path dir)
            throws Exception {
        try (AppTables app = app("dsreset")) {
            // Production's own rows, so that both tables are validated item by item.
            Map<String, AttributeValue> theirNote = Map.of("id", s("prod-note"), "_version", n(9), "_lastChangedAt", n(1));
            Map<String, AttributeValue> theirComment = Map.of("id", s("prod-comment"), "noteId", s("prod-note"));
            app.load(app.target("Note"), List.of(theirNote));
            app.load(app.target("Comment"), List.of(theirComment));
            Path plan = plan(app, dir, "");

            CliRun test = dmig("test", "--plan", plan.toString(), "--table", "Note", "--id", "n-1", "--run", "ds-test");
            assertThat(test.code()).as(test.out() + test.err()).isZero();
            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "ds-reset");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertThat(migrate.lastLine()).startsWith("SUCCEEDED  run ds-reset (full): ");
            String warning = "2 tables: 51 DataStore rows (_version, _lastChangedAt): 3 soft-deleted rows (_deleted) are not"
                    + " copied (e.g. Note: 3, id=n-";
            assertThat(migrate.out()).contains("  warning: " + warning).contains("DataStore clients must do a full sync");
            // What became of every item read, each kind named: the soft-deleted rows and the tested record are not "written".
            long read = app.scan(app.source("Note")).size() + app.scan(app.source("Comment")).size();
            String counted = read + " read, " + (read - 3 - 1) + " written, 3 soft-deleted DataStore rows left behind, 1 already in"
                    + " the target (left as it is)";
            assertThat(migrate.out()).contains("  2 tables: " + counted + "\n");
            CliRun status = dmig("status", "--run", "ds-reset");
            assertThat(status.out()).containsPattern("\\n  Note +\\[#+\\] +" + NOTES + "/" + NOTES + " +done " + (NOTES - 3 - 1)
                    + " written, 3 soft-deleted DataStore rows left behind, 1 already in the target \\(left as it is\\)");
            Path page = dir.resolve("report.html");
            assertThat(dmig("report", "--run", "ds-reset", "--html", page.toString()).code()).isZero();
            assertThat(Files.readString(page)).contains("<dt>Items</dt><dd>2 tables: " + counted + "</dd>")
                    .contains("<i class=\"dropped\"></i>skipped: soft-deleted DataStore rows, left behind");

            long fullStart = started("ds-reset");
            long testStart = started("ds-test");
            List<Map<String, AttributeValue>> notes = new ArrayList<>(List.of(theirNote));
            for (Map<String, AttributeValue> source : app.scan(app.source("Note"))) {
                if (!source.containsKey("_deleted")) {
                    Map<String, AttributeValue> note = new HashMap<>(source);
                    note.put("id", s(app.newId("Note", source.get("id").s())));
                    note.put("_version", n(1));
                    // The record the test wrote, adopted by the full run, keeps the test's start.
                    note.put("_lastChangedAt", n(source.get("id").s().equals("n-1") ? testStart : fullStart));
                    notes.add(note);
                }
            }
            assertThat(app.byKey("Note", app.scan(app.target("Note")))).isEqualTo(app.byKey("Note", notes));
            assertThat(app.scan(app.target("Comment"))).hasSize(12)
                    .allSatisfy(c -> assertThat(c).doesNotContainKey("_ttl"))
                    .filteredOn(c -> c.containsKey("_version")).allSatisfy(c -> {
                        assertThat(c.get("_version")).isEqualTo(n(1));
                        assertThat(c.get("_lastChangedAt")).isEqualTo(n(fullStart));
                    });

            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("ds-reset"), Analysis.class).orElseThrow();
            TableAnalysis note = table(analysis, "Note");
            // Read as analysis.json holds it: the test names nothing of the feature's folder, which compiles without it.
            JsonNode dataStore = note.section("dataStore", JsonNode.class);
            assertThat(dataStore.path("mode").asText()).isEqualTo("reset");
            assertThat(dataStore.path("items").asLong()).isEqualTo(NOTES);
            assertThat(dataStore.path("softDeleted").asLong()).isEqualTo(3);
            assertThat(dataStore.path("stamped").asLong()).isZero();
            assertThat(texts(dataStore.path("examples"))).hasSize(5).allSatisfy(key -> assertThat(key).startsWith("id=n-"));
            assertThat(texts(dataStore.path("softDeletedExamples"))).containsExactlyInAnyOrder("id=n-7", "id=n-19", "id=n-33");
            assertThat(note.adopted()).isEqualTo(1);
            ReferenceAnalysis noteId = table(analysis, "Comment").references().get(0);
            assertThat(noteId.orphans()).isEqualTo(1);
            assertThat(noteId.orphanExamples().get(0).value()).isEqualTo("n-33");
            assertThat(analysis.warnings()).anySatisfy(w -> assertThat(w).startsWith(warning));
            assertThat(Checkpoint.all(ARTIFACTS, "ds-reset").stream().mapToLong(Checkpoint::itemsDropped).sum()).isEqualTo(3);

            ValidationReport validation = ARTIFACTS.getJson(RunLayout.validation("ds-reset"), ValidationReport.class).orElseThrow();
            assertThat(validation.passed()).isTrue();
            TableValidation notesChecked = validation.tables().stream().filter(t -> t.model().equals("Note")).findFirst().orElseThrow();
            assertThat(notesChecked.byDigest()).isFalse();
            assertThat(notesChecked.itemsWritten()).isEqualTo(NOTES - 3 - 1);
            assertThat(notesChecked.matched()).as("the copied notes and the tested one taken over, each checked").isEqualTo(NOTES - 3);
            TableValidation commentsChecked = validation.tables().stream().filter(t -> t.model().equals("Comment")).findFirst()
                    .orElseThrow();
            assertThat(commentsChecked.brokenReferences()).isZero();
            assertThat(commentsChecked.sourceOrphans()).as("the comment on the deleted note").isEqualTo(1);
        }
    }

    @Test
    void keep_copiesEveryRowAsItIs_softDeletedOnesIncluded(@TempDir Path dir) throws Exception {
        try (AppTables app = app("dskeep")) {
            CliRun migrate = dmig("migrate", "--plan", plan(app, dir, "\"datastore\": \"keep\",").toString(), "--confirm",
                    "--no-backup", "--run", "ds-keep");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            List<Map<String, AttributeValue>> notes = new ArrayList<>();
            for (Map<String, AttributeValue> source : app.scan(app.source("Note"))) {
                Map<String, AttributeValue> note = new HashMap<>(source);
                note.put("id", s(app.newId("Note", source.get("id").s())));
                notes.add(note);
            }
            assertThat(app.byKey("Note", app.scan(app.target("Note")))).isEqualTo(app.byKey("Note", notes));
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("ds-keep"), Analysis.class).orElseThrow();
            assertThat(analysis.warnings()).anySatisfy(w -> assertThat(w).startsWith("2 tables: 51 DataStore rows (_version,"
                    + " _lastChangedAt): 3 soft-deleted rows (_deleted) are copied (e.g. Note: 3, id=n-").contains(
                    "_version and _lastChangedAt are copied as they are (datastore is keep)"));
            assertThat(ARTIFACTS.getJson(RunLayout.validation("ds-keep"), ValidationReport.class).orElseThrow().passed()).isTrue();
        }
    }

    /**
     * Analyze's fill rates are of the records the run copies: every photo names its sighting, the soft-deleted ones too,
     * and the rows the run leaves behind are counted apart, as the run's totals count them, not as photos without one.
     */
    @Test
    void fillRates_countTheRecordsTheRunCopies_andTheRowsLeftBehindApart(@TempDir Path dir) throws Exception {
        try (AppTables app = new AppTables("dsfill").table("Sighting", "id", null).table("Photo", "id", null)) {
            List<Map<String, AttributeValue>> sightings = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sightings.add(row("s-" + i, i));
            }
            app.load(app.source("Sighting"), sightings);
            List<Map<String, AttributeValue>> photos = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Map<String, AttributeValue> photo = new HashMap<>(row("p-" + i, i));
                photo.put("sightingId", s("s-" + i % 5));
                if (i % 5 == 3) {
                    photo.put("_deleted", AttributeValue.fromBool(true));
                }
                photos.add(photo);
            }
            app.load(app.source("Photo"), photos);
            Path plan = dir.resolve("plan-fill.json");
            Files.writeString(plan, """
                    {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"},
                     "tables": {"Sighting": {}, "Photo": {"references": {"sightingId": "Sighting"}}}}
                    """.formatted(app.devSuffix, app.prodSuffix));

            CliRun analyze = dmig("analyze", "--plan", plan.toString(), "--run", "ds-fill");

            assertThat(analyze.code()).as(analyze.out() + analyze.err()).isZero();
            List<Map<String, AttributeValue>> source = app.scan(app.source("Photo"));
            List<Map<String, AttributeValue>> copied = source.stream().filter(p -> !p.containsKey("_deleted")).toList();
            long filled = copied.stream().filter(p -> p.containsKey("sightingId")).count();
            long leftBehind = source.size() - copied.size();
            assertThat(leftBehind).isEqualTo(4);
            String fill = dev.dmig.report.Numbers.percent((double) filled / copied.size());
            assertThat(fill).isEqualTo("100%");
            assertThat(analyze.out()).contains("references (fill of the items copied, orphans)")
                    .containsPattern("\n  Photo +2 +" + source.size() + " +[0-9.]+ K?B +1  sightingId→Sighting " + fill + "; "
                            + leftBehind + " items left behind \\(not copied\\)\n")
                    .contains("  warning: 2 tables: 25 DataStore rows (_version, _lastChangedAt): " + leftBehind
                            + " soft-deleted rows (_deleted) are not copied");
        }
    }

    private static long started(String runId) {
        return Instant.parse(ARTIFACTS.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow().createdAt()).toEpochMilli();
    }

    private static Path plan(AppTables app, Path dir, String extra) throws Exception {
        Path file = dir.resolve("plan-" + app.devSuffix + ".json");
        Files.writeString(file, PLAN.formatted(app.devSuffix, app.prodSuffix, extra));
        return file;
    }

    @Test
    void aPlanThatResetsATableWhoseRowsSayItDoesNotSync_isRefusedBeforeAnyWrite_andItsFixCopiesThemAsTheyAre(@TempDir Path dir)
            throws Exception {
        try (AppTables app = new AppTables("resolvessync").table("Settings", "id", null)) {
            app.load(app.source("Settings"), List.of(Map.of("id", s("theme"), "value", s("dark")),
                    Map.of("id", s("locale"), "value", s("fr"), "_version", AttributeValue.fromN("3"),
                            "_lastChangedAt", AttributeValue.fromN("1700000000000")),
                    Map.of("id", s("currency"), "value", s("EUR"))));
            Path folder = Files.createDirectories(dir.resolve("sync"));
            String plan = "{\"source\": {\"tableSuffix\": \"" + app.devSuffix + "\"}, \"target\": {\"tableSuffix\": \""
                    + app.prodSuffix + "\"}, \"tables\": {\"Settings\": {%s}}}";

            CliRun reset = dmig("migrate", "--plan", Files.writeString(folder.resolve("reset.json"), plan.formatted("")).toString(),
                    "--confirm", "--no-backup", "--run", "resolves-reset");

            assertThat(reset.code()).as(reset.out() + reset.err()).isEqualTo(ExitCode.INVALID);
            assertThat(reset.out()).contains("  table Settings, item id=locale, attribute _version: only 1 of its 3 rows carries"
                    + " DataStore's fields (_version, _lastChangedAt) and 2 do not, so the table does not sync as far as its rows show,"
                    + " yet \"datastore\": \"reset\" would set them to 1 and the run's start; add \"syncable\": false to Settings to"
                    + " copy them as they are, or \"syncable\": true if it syncs (the 2 rows without them then get them)");
            assertThat(reset.lastLine()).endsWith(": nothing was written");
            assertThat(app.scan(app.target("Settings"))).isEmpty();

            CliRun kept = dmig("migrate", "--plan", Files.writeString(folder.resolve("kept.json"), plan.formatted("\"syncable\": false"))
                    .toString(), "--confirm", "--no-backup", "--run", "resolves-kept");

            assertThat(kept.code()).as(kept.out() + kept.err()).isEqualTo(ExitCode.OK);
            Map<String, AttributeValue> locale = app.scan(app.target("Settings")).stream().filter(row -> row.get("value").s().equals("fr"))
                    .findFirst().orElseThrow();
            assertThat(List.of(locale.get("_version").n(), locale.get("_lastChangedAt").n())).containsExactly("3", "1700000000000");
        }
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}
