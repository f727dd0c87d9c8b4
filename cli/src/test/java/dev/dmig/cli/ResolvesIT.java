package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Validation checks the app, not the plan, on DynamoDB Local and the S3Proxy: posts keyed by their blog's ID
 * ({@code @primaryKey(sortKeyFields: ["slug"])} on the {@code @belongsTo} field, two blogs), attachments whose
 * {@code thumbKeys} list Storage keys, share links whose {@code resourceId} is an Evaluation's or a Report's ID as
 * {@code resourceType} says. A plan wrong in all three ways copies exactly what it says and would pass a check of the
 * plan: the run fails validation, names each attribute with the line that fixes it, and is rolled back, production's
 * tables and bucket left as they were. The right plan succeeds, and a check of this test's own finds every reference
 * resolving, every file there with its bytes, every value no rule changes equal to the source's.
 */
class ResolvesIT {
    private static final int POSTS = 10;
    private static final int ATTACHMENTS = 3;
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s", "storageBucket": "%s"}, "target": {"tableSuffix": "%s", "storageBucket": "%s"},
             "tables": {"Blog": {}, "Evaluation": {}, "Report": {},
               "Post": {"idAttribute": "blogId"%s},
               "Attachment": {"references": {"blogId": "Blog"%s}%s},
               "ShareLink": {"references": {"resourceId": %s}}}}
            """;
    private static final String THUMBS = "{\"pattern\": \"public/blogs/{blog}/attachments/{att}/{name}\", \"blog\": \"Blog\","
            + " \"att\": \"Attachment\"}";

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app(String name, StorageBuckets buckets) {
        AppTables app = new AppTables(name).table("Blog", "id", null).table("Post", "blogId", "slug").table("Attachment", "id", null)
                .table("Evaluation", "id", null).table("Report", "id", null).table("ShareLink", "id", null);
        app.load(app.source("Blog"), List.of(Map.of("id", s(blog(0)), "name", s("Roofs")), Map.of("id", s(blog(1)), "name", s("Pools"))));
        List<Map<String, AttributeValue>> posts = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            posts.add(Map.of("blogId", s(blog(i % 2)), "slug", s("post-" + i), "title", s("Post " + i)));
        }
        app.load(app.source("Post"), posts);
        List<Map<String, AttributeValue>> attachments = new ArrayList<>();
        for (int i = 0; i < ATTACHMENTS; i++) {
            List<AttributeValue> keys = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                String key = "public/blogs/" + blog(i % 2) + "/attachments/" + attachment(i) + "/thumb-" + t + ".jpg";
                buckets.put(buckets.dev, key, ("thumb " + i + "." + t).getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
                keys.add(s(key));
            }
            attachments.add(Map.of("id", s(attachment(i)), "blogId", s(blog(i % 2)), "thumbKeys", AttributeValue.fromL(keys),
                    "caption", s("see docs/guide " + i)));
        }
        app.load(app.source("Attachment"), attachments);
        app.load(app.source("Evaluation"), List.of(Map.of("id", s("evaluation-0001")), Map.of("id", s("evaluation-0002"))));
        app.load(app.source("Report"), List.of(Map.of("id", s("report-00001"))));
        app.load(app.source("ShareLink"), List.of(
                Map.of("id", s("link-0001"), "resourceType", s("EVALUATION"), "resourceId", s("evaluation-0001")),
                Map.of("id", s("link-0002"), "resourceType", s("EVALUATION"), "resourceId", s("evaluation-0002")),
                Map.of("id", s("link-0003"), "resourceType", s("REPORT"), "resourceId", s("report-00001"))));
        return app;
    }

    private static String blog(int i) {
        return "blog-0000-000" + i;
    }

    private static String attachment(int i) {
        return "attachment-000" + i;
    }

    private static Path plan(AppTables app, StorageBuckets buckets, Path dir, boolean right) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(app.devSuffix.substring(1)));
        String post = right ? ", \"references\": {\"blogId\": {\"pattern\": \"{blog}\", \"blog\": \"Blog\"}}" : "";
        String thumbsAsReference = right ? "" : ", \"thumbKeys[]\": " + THUMBS;
        String thumbsAsFiles = right ? ", \"files\": {\"thumbKeys[]\": " + THUMBS + "}" : "";
        String resource = right ? "{\"by\": \"resourceType\", \"models\": {\"EVALUATION\": \"Evaluation\", \"REPORT\": \"Report\"}}"
                : "\"Evaluation\"";
        return Files.writeString(folder.resolve("plan.json"), PLAN.formatted(app.devSuffix, buckets.dev, app.prodSuffix, buckets.prod,
                post, thumbsAsReference, thumbsAsFiles, resource));
    }

    @Test
    void aPlanWrongInThreeWays_failsValidation_namingEachAttributeAndItsFix_andIsRolledBack(@TempDir Path dir) throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("resolveswrong", false); AppTables app = app("resolveswrong", buckets)) {
            Map<String, String> prodBefore = app.digests(app.prodSuffix);

            CliRun migrate = dmig("migrate", "--plan", plan(app, buckets, dir, false).toString(), "--confirm", "--no-backup",
                    "--run", "resolves-wrong");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.FAILED);
            assertThat(line(migrate.out(), "  table Post, attribute blogId: ")).as(migrate.out()).startsWith("  table Post, attribute"
                    + " blogId: 10 values were IDs of Blog records in the source and name no Blog record's copy in the target (first:"
                    + " item blogId=").endsWith("); the plan maps blogId as Post's own ID; map it as a reference to Blog, \"references\":"
                    + " {\"blogId\": \"Blog\"} in the table's entry");
            assertThat(line(migrate.out(), "  table Attachment, attribute thumbKeys[]: ")).startsWith("  table Attachment, attribute"
                    + " thumbKeys[]: 6 values named objects of bucket " + buckets.dev + " and name no object with the same bytes in bucket "
                    + buckets.prod + " (first: item id=").endsWith("); the plan does not copy them: make thumbKeys[] a file reference,"
                    + " \"files\": {\"thumbKeys[]\": …} in the table's entry (with the pattern that renames them, in place of a"
                    + " reference), or list it in the table's keepSourceValues to copy it as it is");
            assertThat(line(migrate.out(), "  table ShareLink, attribute resourceId: ")).isEqualTo("  table ShareLink, attribute"
                    + " resourceId: 1 value was the ID of a Report record in the source and names no Report record's copy in the"
                    + " target (first: item id=link-0003); the plan maps resourceId as a reference to Evaluation; if it holds IDs of"
                    + " Evaluation and of Report, name the attribute that says which, \"references\": {\"resourceId\": {\"by\":"
                    + " \"<attribute>\", \"models\": {\"<its value>\": \"Evaluation\", \"<its value>\": \"Report\"}}}, or, if none"
                    + " does, the table whose source holds each value, \"references\": {\"resourceId\": {\"oneOf\": [\"Evaluation\", \"Report\"]}}; if"
                    + " of Report alone, \"references\": {\"resourceId\": \"Report\"}");
            assertThat(migrate.lastLine()).startsWith("ROLLED BACK  run resolves-wrong (full): ValidationFailed: ");
            assertThat(app.digests(app.prodSuffix)).as("production's tables as they were").isEqualTo(prodBefore);
            assertThat(buckets.objects(buckets.prod)).isEmpty();
        }
    }

    @Test
    void theRightPlan_succeeds_andEveryReferenceFileAndUnmappedValueIsAsTheSourceHadIt(@TempDir Path dir) throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("resolvesright", false); AppTables app = app("resolvesright", buckets)) {
            CliRun migrate = dmig("migrate", "--plan", plan(app, buckets, dir, true).toString(), "--confirm", "--no-backup",
                    "--run", "resolves-right");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.OK);
            assertThat(migrate.out()).contains("  as in the source: ");
            // This test's own check, by the ID spec and the buckets, not by the plan: each reference names its record's copy.
            Set<String> blogs = ids(app, "Blog");
            List<Map<String, AttributeValue>> posts = app.scan(app.target("Post"));
            assertThat(posts).hasSize(POSTS).allSatisfy(post -> assertThat(blogs).contains(post.get("blogId").s()));
            assertThat(posts.stream().map(post -> post.get("slug").s() + "=" + post.get("title").s()).collect(Collectors.toSet()))
                    .as("what no rule maps, as it was").hasSize(POSTS).contains("post-3=Post 3");
            assertThat(posts.stream().filter(post -> post.get("slug").s().equals("post-3")).findFirst().orElseThrow()
                    .get("blogId").s()).isEqualTo(app.newId("Blog", blog(1)));
            Map<String, StorageBuckets.Stored> objects = buckets.objects(buckets.prod);
            Map<String, StorageBuckets.Stored> sources = buckets.objects(buckets.dev);
            List<Map<String, AttributeValue>> attachments = app.scan(app.target("Attachment"));
            assertThat(attachments).hasSize(ATTACHMENTS);
            Map<String, String> captions = new HashMap<>();
            for (Map<String, AttributeValue> attachment : attachments) {
                assertThat(blogs).contains(attachment.get("blogId").s());
                captions.put(attachment.get("id").s(), attachment.get("caption").s());
                for (AttributeValue key : attachment.get("thumbKeys").l()) {
                    assertThat(objects).as("every thumbnail a record names is in prod's bucket").containsKey(key.s());
                    String source = key.s().replace(attachment.get("blogId").s(), blogOf(app, attachment.get("blogId").s()))
                            .replace(attachment.get("id").s(), attachmentOf(app, attachment.get("id").s()));
                    assertThat(objects.get(key.s()).bytes()).as("with its bytes").isEqualTo(sources.get(source).bytes());
                }
            }
            assertThat(captions).containsEntry(app.newId("Attachment", attachment(2)), "see docs/guide 2");
            Set<String> evaluations = ids(app, "Evaluation");
            Set<String> reports = ids(app, "Report");
            for (Map<String, AttributeValue> link : app.scan(app.target("ShareLink"))) {
                Set<String> named = link.get("resourceType").s().equals("REPORT") ? reports : evaluations;
                assertThat(named).as(link.toString()).contains(link.get("resourceId").s());
            }
        }
    }

    @Test
    void aReferenceNoAttributeTellsApart_isInferredAsTheTableWhoseSourceHoldsEachValue_andMovesExactly_butAValueTwoHoldIsRefused(
            @TempDir Path dir) throws Exception {
        try (AppTables app = new AppTables("resolvesheld").table("Post", "id", null).table("Photo", "id", null)
                .table("Comment", "id", null)) {
            List<Map<String, AttributeValue>> posts = new ArrayList<>();
            List<Map<String, AttributeValue>> photos = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                posts.add(Map.of("id", s(uuid("Post", i)), "title", s("Post " + i)));
                photos.add(Map.of("id", s(uuid("Photo", i)), "caption", s("Photo " + i)));
            }
            app.load(app.source("Post"), posts);
            app.load(app.source("Photo"), photos);
            // Even comments are on posts, odd ones on photos; no attribute of theirs says which.
            List<String> subjects = List.of(uuid("Post", 1), uuid("Photo", 1), uuid("Post", 2), uuid("Photo", 2), uuid("Post", 3),
                    uuid("Photo", 3), uuid("Post", 4), uuid("Photo", 1), uuid("Post", 1), uuid("Photo", 4));
            List<Map<String, AttributeValue>> comments = new ArrayList<>();
            for (int i = 0; i < subjects.size(); i++) {
                comments.add(Map.of("id", s(uuid("Comment", i)), "subjectId", s(subjects.get(i)), "body", s("comment " + i)));
            }
            app.load(app.source("Comment"), comments);
            Path plan = dir.resolve("plan.json");

            CliRun infer = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix, "--out", plan.toString());

            assertThat(infer.code()).as(infer.out() + infer.err()).isZero();
            assertThat(Json.MAPPER.readTree(plan.toFile()).at("/tables/Comment/references/subjectId")).as(infer.err())
                    .isEqualTo(Json.MAPPER.readTree("{\"oneOf\": [\"Photo\", \"Post\"]}"));

            // A photo under a post's ID: which record a comment naming it names, nothing in the source can tell.
            app.load(app.source("Photo"), List.of(Map.of("id", s(uuid("Post", 2)), "caption", s("a pool, again"))));
            CliRun ambiguous = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "resolves-held-both");

            assertThat(ambiguous.code()).as(ambiguous.out() + ambiguous.err()).isEqualTo(ExitCode.INVALID);
            assertThat(ambiguous.out()).contains("  table Comment, item id=" + uuid("Comment", 2) + ", attribute subjectId: '"
                    + uuid("Post", 2) + "' is the ID of a record in each of Photo and Post in the source, so which it names cannot be told;"
                    + " say it by another attribute of the item ({\"by\": <attribute>, \"models\": {…}}) or make the IDs differ\n");
            assertThat(ambiguous.lastLine()).endsWith(": nothing was written");
            assertThat(app.scan(app.target("Comment"))).isEmpty();

            app.dynamoDb.deleteItem(b -> b.tableName(app.source("Photo")).key(Map.of("id", s(uuid("Post", 2)))));
            // A comment on a photo the source no longer holds: an orphan, as a reference to one table's would be.
            app.load(app.source("Comment"), List.of(Map.of("id", s(uuid("Comment", 99)), "subjectId", s(uuid("Photo", 99)),
                    "body", s("on a deleted photo"))));
            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "resolves-held");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.OK);
            // This test's own check, by the ID spec: each comment names its subject's copy, in the table that held it.
            Map<String, String> bodies = new HashMap<>();
            for (Map<String, AttributeValue> comment : app.scan(app.target("Comment"))) {
                bodies.put(comment.get("subjectId").s() + "|" + comment.get("body").s(), comment.get("id").s());
            }
            for (int i = 0; i < subjects.size(); i++) {
                String subject = subjects.get(i);
                String copy = app.newId(i % 2 == 0 ? "Post" : "Photo", subject);
                assertThat(bodies).as("comment " + i).containsEntry(copy + "|comment " + i, app.newId("Comment", uuid("Comment", i)));
            }
            assertThat(bodies).as("an orphan is mapped as an ID of the plan's first table, and named by the analysis")
                    .containsKey(app.newId("Photo", uuid("Photo", 99)) + "|on a deleted photo");
            assertThat(migrate.out()).contains("11 references checked (1 source orphans)");
            assertThat(ids(app, "Post")).hasSize(4).contains(app.newId("Post", uuid("Post", 2)));
            assertThat(ids(app, "Photo")).hasSize(4).contains(app.newId("Photo", uuid("Photo", 1)));
        }
    }

    /** A UUID, distinct per model and index, as an app generates. */
    private static String uuid(String model, int index) {
        return UUID.nameUUIDFromBytes((model + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The IDs of a table's records in production. */
    private static Set<String> ids(AppTables app, String model) {
        return app.scan(app.target(model)).stream().map(item -> item.get("id").s()).collect(Collectors.toSet());
    }

    private static String blogOf(AppTables app, String newId) {
        return List.of(blog(0), blog(1)).stream().filter(id -> app.newId("Blog", id).equals(newId)).findFirst().orElseThrow();
    }

    private static String attachmentOf(AppTables app, String newId) {
        for (int i = 0; i < ATTACHMENTS; i++) {
            if (app.newId("Attachment", attachment(i)).equals(newId)) {
                return attachment(i);
            }
        }
        throw new IllegalStateException("no attachment maps to " + newId);
    }

    /** The output's line that starts with {@code prefix}; null when there is none. */
    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
