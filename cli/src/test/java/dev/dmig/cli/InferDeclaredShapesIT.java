package dev.dmig.cli;

import static dev.dmig.local.AppTables.n;
import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.TestFeatures;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.S3ArtifactStore;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A new user's Gen 1 project whose schema states its shapes only partly ({@code cli/src/test/resources/declared-shapes/},
 * an app without auth): posts keyed by their blog's ID over two blogs, attachments whose {@code thumbKeys} list names
 * objects of the Storage bucket, settings that do not sync with DataStore though their row carries a {@code _version},
 * share links whose {@code resourceId} is an evaluation's or a report's ID as {@code resourceType} says.
 * {@code dmig infer --amplify} proposes the reference on {@code blogId}, {@code thumbKeys[]} as files,
 * {@code "syncable": false} on Settings and {@code resourceId} by {@code resourceType}, and the run of that plan,
 * unedited, writes production as the test computes it on its own: each post naming its blog's new ID, each thumbnail
 * copied under its renamed key, the settings' {@code _version} 3 kept (and no DataStore row of theirs counted), the
 * synced blogs reset and the one a script wrote given DataStore's fields (counted so by the analysis), each share link
 * naming its evaluation's or report's new ID.
 */
class InferDeclaredShapesIT {
    /** Whether the build has DataStore's feature: without it, its fields are copied as they are, like any others. */
    private static final boolean DATASTORE = TestFeatures.has("DataStoreFeature");
    private static final String API = "shapes";
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
    private static final List<String> SIZES = List.of("small", "medium", "large");
    private static final int POSTS = 20;
    /** Share links: the first six to the four evaluations, the others to the three reports. */
    private static final int LINKS = 10;

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
    }

    @Test
    void inferProposesWhatTheSchemaDeclares_andARunOfItsPlanWritesProductionAsTheAppNeedsIt(@TempDir Path dir) throws Exception {
        String tag = AppTables.tag("shapes").toLowerCase(Locale.ROOT);
        String region = SharedStack.stack().region().id();
        try (StorageBuckets buckets = new StorageBuckets("shapes", false);
             AppTables tables = new AppTables(tag + "devapi-dev", tag + "prodapi-prod").table("Blog", "id", null)
                     .table("Post", "blogId", "slug").table("Project", "id", null)
                     .table("Attachment", "id", null, new AppTables.Index("byProject", "projectId", null)).table("Settings", "id", null)
                     .table("Evaluation", "id", null).table("Report", "id", null).table("ShareLink", "id", null)) {
            AmplifyGen1Project project = new AmplifyGen1Project(Files.createDirectories(dir.resolve("app")), API);
            for (String file : List.of("schema.graphql", "transform.conf.json")) {
                Files.copy(fixture(file), project.apiFolder().resolve(file));
            }
            project.write(buckets.s3, new AmplifyGen1Project.Environment("dev", region, tag + "devapi", "amplify-" + tag + "-dev-deployment",
                    null, null, buckets.dev), new AmplifyGen1Project.Environment("prod", region, tag + "prodapi",
                    "amplify-" + tag + "-prod-deployment", null, null, buckets.prod));
            Map<String, List<Map<String, AttributeValue>>> dev = data(null, 0);
            dev.forEach((model, items) -> tables.load(tables.source(model), items));
            objects(dev).forEach((key, text) -> buckets.put(buckets.dev, key, text.getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of()));
            Path plan = dir.resolve("plan.json");

            CliRun inferred = CliRun.of(CliRun.embeddedStack(), "infer", "--amplify", project.folder.toString(), "--from", "dev",
                    "--to", "prod", "--out", plan.toString());

            assertThat(inferred.code()).as(inferred.out() + inferred.err()).isZero();
            JsonNode written = Json.MAPPER.readTree(Files.readString(plan)).path("tables");
            assertThat(written.at("/Post/references")).isEqualTo(Json.MAPPER.readTree("{\"blogId\": \"Blog\"}"));
            assertThat(written.at("/Post/idAttribute").asText()).isEqualTo("slug");
            assertThat(written.at("/Attachment/files/thumbKeys[]/pattern").asText())
                    .isEqualTo("public/projects/{projectId}/attachments/{attachmentId}/{name}");
            if (DATASTORE) {
                assertThat(written.at("/Settings/syncable").isBoolean()).isTrue();
                assertThat(written.at("/Settings/syncable").asBoolean()).isFalse();
                assertThat(written.at("/Blog/syncable").asBoolean()).isTrue();
            }
            assertThat(written.at("/ShareLink/references")).isEqualTo(Json.MAPPER.readTree("{\"resourceId\": {\"by\": \"resourceType\","
                    + " \"models\": {\"EVALUATION\": \"Evaluation\", \"REPORT\": \"Report\"}}}"));

            String run = "shapes-" + tag;
            CliRun migrate = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup",
                    "--run", run);

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            if (DATASTORE) {
                assertThat(migrate.out()).contains("  warning: table Blog: 2 DataStore rows (_version, _lastChangedAt): no row is"
                        + " soft-deleted (_deleted); the others get _version 1 and _lastChangedAt the run's start; 1 row without them gets"
                        + " _version 1 and _lastChangedAt the run's start, as the table says \"syncable\": true.")
                        .as("Settings does not sync: its _version is the app's own").doesNotContain("table Settings: 1 DataStore rows");
            }
            Map<String, List<Map<String, AttributeValue>>> prod = data(tables, started(run));
            for (String model : prod.keySet()) {
                assertThat(tables.byKey(model, tables.scan(tables.target(model)))).as(model).isEqualTo(tables.byKey(model, prod.get(model)));
            }
            assertThat(buckets.objects(buckets.prod)).isEqualTo(stored(objects(prod)));
        }
    }

    /**
     * The app's records as development holds them ({@code prod} null), or as a run must write them to production: new IDs
     * by the spec's ID function, each post at its blog's new ID under its own slug, each thumbnail key renamed with its
     * project and attachment, the synced blogs reset to version 1 at the run's start ({@code started}) where the build has
     * DataStore (as they are where it has not), the settings kept.
     */
    private static Map<String, List<Map<String, AttributeValue>>> data(AppTables prod, long started) {
        Map<String, List<Map<String, AttributeValue>>> data = new TreeMap<>();
        boolean reset = prod != null && DATASTORE;
        for (int b = 0; b < 2; b++) {
            data.computeIfAbsent("Blog", m -> new ArrayList<>()).add(item("id", s(id(prod, "Blog", "blog-" + b)), "name", s("blog " + b),
                    "_version", n(reset ? 1 : 2), "_lastChangedAt", n(reset ? started : 1_717_000_000_000L + b)));
        }
        // A blog a script wrote, outside AppSync: the run gives it DataStore's fields, as a new row's.
        Map<String, AttributeValue> scripted = item("id", s(id(prod, "Blog", "blog-2")), "name", s("blog 2"));
        if (reset) {
            scripted.put("_version", n(1));
            scripted.put("_lastChangedAt", n(started));
        }
        data.get("Blog").add(scripted);
        for (int p = 0; p < POSTS; p++) {
            data.computeIfAbsent("Post", m -> new ArrayList<>()).add(item("blogId", s(id(prod, "Blog", "blog-" + p % 2)),
                    "slug", s("post-" + p), "title", s("Post " + p)));
        }
        for (int p = 0; p < 2; p++) {
            data.computeIfAbsent("Project", m -> new ArrayList<>()).add(item("id", s(id(prod, "Project", "project-" + p)),
                    "name", s("project " + p)));
        }
        for (int a = 0; a < 3; a++) {
            String projectId = id(prod, "Project", "project-" + a % 2);
            String attachmentId = id(prod, "Attachment", "attachment-" + a);
            List<AttributeValue> thumbs = new ArrayList<>();
            SIZES.forEach(size -> thumbs.add(s("public/projects/" + projectId + "/attachments/" + attachmentId + "/" + size + ".jpg")));
            data.computeIfAbsent("Attachment", m -> new ArrayList<>()).add(item("id", s(attachmentId), "projectId", s(projectId),
                    "name", s("attachment " + a), "thumbKeys", AttributeValue.fromL(thumbs)));
        }
        data.put("Settings", List.of(item("id", s(id(prod, "Settings", "settings")), "theme", s("dark"), "_version", n(3),
                "_lastChangedAt", n(1_717_000_000_000L))));
        for (int e = 0; e < 4; e++) {
            data.computeIfAbsent("Evaluation", m -> new ArrayList<>()).add(item("id", s(id(prod, "Evaluation", "evaluation-" + e)),
                    "score", s("A")));
        }
        for (int r = 0; r < 3; r++) {
            data.computeIfAbsent("Report", m -> new ArrayList<>()).add(item("id", s(id(prod, "Report", "report-" + r)),
                    "title", s("report " + r)));
        }
        for (int l = 0; l < LINKS; l++) {
            boolean evaluation = l < 6;
            String resource = evaluation ? id(prod, "Evaluation", "evaluation-" + l % 4) : id(prod, "Report", "report-" + (l - 6) % 3);
            data.computeIfAbsent("ShareLink", m -> new ArrayList<>()).add(item("id", s(id(prod, "ShareLink", "link-" + l)),
                    "resourceId", s(resource), "resourceType", s(evaluation ? "EVALUATION" : "REPORT"), "title", s("link " + l)));
        }
        return data;
    }

    /** The thumbnails the attachments name, each with its text: the text names the dev key, so a renamed copy keeps it. */
    private static Map<String, String> objects(Map<String, List<Map<String, AttributeValue>>> data) {
        Map<String, String> objects = new TreeMap<>();
        for (Map<String, AttributeValue> attachment : data.get("Attachment")) {
            List<AttributeValue> thumbs = attachment.get("thumbKeys").l();
            for (int i = 0; i < thumbs.size(); i++) {
                objects.put(thumbs.get(i).s(), attachment.get("name").s() + " " + SIZES.get(i));
            }
        }
        return objects;
    }

    private static Map<String, StorageBuckets.Stored> stored(Map<String, String> objects) {
        Map<String, StorageBuckets.Stored> stored = new TreeMap<>();
        objects.forEach((key, text) -> {
            List<Byte> bytes = new ArrayList<>();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                bytes.add(b);
            }
            stored.put(key, new StorageBuckets.Stored(bytes, "image/jpeg", Map.of()));
        });
        return stored;
    }

    /** A development ID (a UUID of its seed), or its production ID by the spec's ID function. */
    private static String id(AppTables prod, String model, String seed) {
        String devId = TasksApp.uuid(seed);
        return prod == null ? devId : prod.newId(model, devId);
    }

    private static Map<String, AttributeValue> item(Object... attributes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int a = 0; a < attributes.length; a += 2) {
            item.put((String) attributes[a], (AttributeValue) attributes[a + 1]);
        }
        return item;
    }

    private static long started(String runId) {
        return Instant.parse(ARTIFACTS.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow().createdAt()).toEpochMilli();
    }

    private static Path fixture(String name) {
        try {
            return Path.of(InferDeclaredShapesIT.class.getResource("/declared-shapes/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
