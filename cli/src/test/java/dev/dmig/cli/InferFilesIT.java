package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.infer.BucketKeys;
import dev.dmig.infer.InferredPlan;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * infer given the source's Storage bucket, on DynamoDB Local and two buckets of the S3Proxy: photos naming their
 * objects by key ({@code image.key}), documents by a key stored without Amplify's {@code public/}, by {@code s3://}
 * URLs and by https URLs, each proposed as a file reference with its evidence; captions (no keys) and notes (half of
 * them keys) are not. The plan passes analysis, and the bucket is only listed; a listing stops at its cap and says so.
 */
class InferFilesIT {
    private static final int ITEMS = 12;

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app(StorageBuckets buckets) {
        AppTables app = new AppTables("inferfiles").table("Photo", "id", null).table("Doc", "id", null);
        List<Map<String, AttributeValue>> photos = new ArrayList<>();
        List<Map<String, AttributeValue>> docs = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            // Generated IDs of no table and no user's: nothing infer can rename them by.
            String image = "protected/0f0c6a4e-0000-4000-8000-00000000000" + (i % 2) + "/photos/ph-" + i + ".jpg";
            photos.add(Map.of("id", s("ph-" + i), "image", AttributeValue.fromM(Map.of("key", s(image))),
                    "caption", s("photo " + i + " of the garden")));
            put(buckets, image);
            String file = "docs/doc-" + i + ".pdf";
            String attachment = "attachments/doc-" + i + "/notes.txt";
            String cover = "covers/doc-" + i + ".png";
            docs.add(Map.of("id", s("doc-" + i), "fileKey", s(file),
                    "attachments", AttributeValue.fromL(List.of(s("s3://" + buckets.dev + "/" + attachment))),
                    "coverUrl", s("https://" + buckets.dev + ".s3.us-east-1.amazonaws.com/" + cover),
                    "notes", s(i % 2 == 0 ? "notes/doc-" + i + ".md" : "no notes yet " + i)));
            put(buckets, "public/" + file);
            put(buckets, attachment);
            put(buckets, cover);
            put(buckets, "notes/doc-" + i + ".md");
        }
        app.load(app.source("Photo"), photos);
        app.load(app.source("Doc"), docs);
        return app;
    }

    private static void put(StorageBuckets buckets, String key) {
        buckets.put(buckets.dev, key, key.getBytes(StandardCharsets.UTF_8), "application/octet-stream", Map.of());
    }

    @Test
    void pathsNamingTheBucketsObjects_areProposedAsFiles_withTheirEvidence_andThePlanPassesAnalysis(@TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("inferfiles", false); AppTables app = app(buckets)) {
            Map<String, StorageBuckets.Stored> before = buckets.objects(buckets.dev);
            Path evidence = dir.resolve("evidence.json");

            CliRun inferred = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix,
                    "--source-storage-bucket", buckets.dev, "--target-storage-bucket", buckets.prod, "--evidence", evidence.toString());

            assertThat(inferred.code()).as(inferred.err()).isZero();
            JsonNode plan = Json.MAPPER.readTree(inferred.out());
            assertThat(plan.at("/source/storageBucket").asText()).isEqualTo(buckets.dev);
            assertThat(plan.at("/target/storageBucket").asText()).isEqualTo(buckets.prod);
            assertThat(plan.at("/tables/Photo/files")).isEqualTo(Json.MAPPER.readTree("{\"image.key\": {\"format\": \"key\"}}"));
            assertThat(plan.at("/tables/Doc/files")).isEqualTo(Json.MAPPER.readTree("""
                    {"attachments[]": {"format": "s3url"}, "coverUrl": {"format": "url"},
                     "fileKey": {"format": "key", "prefix": "public/"}}"""));
            assertThat(plan.at("/tables/Photo/references").isMissingNode()).isTrue();
            assertThat(plan.at("/tables/Doc/references").isMissingNode()).isTrue();
            assertThat(plan.at("/tables/Photo/comment").asText()).contains("image.key: 12 of 12 values are keys of objects in bucket "
                    + buckets.dev + ", medium confidence 0.76");
            // A warning longer than a line goes on over the next, indented.
            assertThat(inferred.err().replace("\n      ", " ")).contains("listed " + before.size() + " keys of bucket " + buckets.dev + " in 1 ListObjectsV2 call; reads only")
                    .contains("fileKey → file (keys under public/) (12/12, medium)")
                    .contains("0 references and 4 file references proposed in 2 tables")
                    .doesNotContain("storageBucket says")
                    .containsPattern("  Photo: image\\.key: its keys hold generated IDs \\(e\\.g\\. '0f0c6a4e-0000-4000-8000-00000000000[01]' in"
                            + " 'protected/0f0c6a4e-0000-4000-8000-00000000000[01]/photos/ph-[0-9]+\\.jpg'\\): as proposed, each"
                            + " object keeps its key in the target; if those are record or identity IDs, give the file a pattern"
                            + " \\(docs/plan\\.md, Files\\) so that it is renamed with its record");

            JsonNode photo = table(Json.MAPPER.readTree(Files.readString(evidence)), "Photo");
            JsonNode image = photo.get("references").get(0);
            assertThat(image.get("path").asText()).isEqualTo("image.key");
            assertThat(image.get("kind").asText()).isEqualTo("file");
            assertThat(image.get("method").asText()).isEqualTo("listing");
            assertThat(image.get("checked").asInt()).isEqualTo(ITEMS);
            assertThat(image.get("matched").asInt()).isEqualTo(ITEMS);
            assertThat(image.get("examples")).hasSize(3);
            assertThat(image.get("examples").get(0).asText()).startsWith("protected/0f0c6a4e-");
            JsonNode notes = table(Json.MAPPER.readTree(Files.readString(evidence)), "Doc").get("rejected").get(0);
            assertThat(notes.get("path").asText()).isEqualTo("notes");
            assertThat(notes.get("reason").asText()).isEqualTo("only 6 of 12 values (50%) name objects in bucket " + buckets.dev
                    + "; at least 90% needed");

            Path planFile = dir.resolve("plan.json");
            Files.writeString(planFile, inferred.out());
            CliRun analyzed = dmig("analyze", "--plan", planFile.toString(), "--run", "infer-files-" + app.devSuffix.substring(1));
            assertThat(analyzed.code()).as(analyzed.out() + analyzed.err()).isZero();
            assertThat(analyzed.out()).contains("  files: " + (4 * ITEMS) + " objects (");
            assertThat(buckets.objects(buckets.dev)).isEqualTo(before);
            assertThat(buckets.objects(buckets.prod)).isEmpty();

            CliRun untargeted = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix,
                    "--source-storage-bucket", buckets.dev);
            assertThat(untargeted.code()).as(untargeted.err()).isZero();
            assertThat(Json.MAPPER.readTree(untargeted.out()).at("/target/storageBucket").asText())
                    .isEqualTo(InferredPlan.TARGET_BUCKET_PLACEHOLDER);
            assertThat(untargeted.err().replace("\n      ", " ")).contains("  the plan's target.storageBucket says \"edit-me-target-storage-bucket\": edit it to the"
                    + " target environment's Storage bucket, or run again with --target-storage-bucket")
                    .contains("Review the plan, name the target's Storage bucket in it, then: dmig analyze --plan plan.json");
        }
    }

    @Test
    void keysHoldingIdentityIdsAndRecordIds_areProposedWithTheirPattern_andARunOfThePlanRenamesEachObjectWithItsRecord(
            @TempDir Path dir) throws Exception {
        int users = 4;
        int photos = 16;
        try (StorageBuckets buckets = new StorageBuckets("inferrename", false);
             AppTables app = new AppTables("inferrename").table("Photo", "id", null)) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < photos; i++) {
                String id = java.util.UUID.nameUUIDFromBytes(("photo" + i).getBytes(StandardCharsets.UTF_8)).toString();
                String key = "protected/" + devIdentity(i % users) + "/photos/" + id + ".jpg";
                items.add(Map.of("id", s(id), "image", AttributeValue.fromM(Map.of("key", s(key)))));
                put(buckets, key);
            }
            app.load(app.source("Photo"), items);
            Map<String, StorageBuckets.Stored> devBefore = buckets.objects(buckets.dev);

            CliRun inferred = dmig("infer", "--source-suffix", app.devSuffix, "--target-suffix", app.prodSuffix,
                    "--source-storage-bucket", buckets.dev, "--target-storage-bucket", buckets.prod);

            assertThat(inferred.code()).as(inferred.err()).isZero();
            JsonNode plan = Json.MAPPER.readTree(inferred.out());
            assertThat(plan.at("/tables/Photo/files")).isEqualTo(Json.MAPPER.readTree("""
                    {"image.key": {"format": "key", "pattern": "protected/{identityId}/photos/{photoId}.jpg",
                                   "identityId": "@identityId", "photoId": "Photo"}}"""));
            assertThat(plan.at("/identities/csv").asText()).isEqualTo(InferredPlan.IDENTITIES_CSV);
            assertThat(inferred.err().replace("\n      ", " ")).contains("identity IDs proposed (@identityId, <region>:<uuid>): only identities.csv maps them")
                    .doesNotContain("its keys hold generated IDs");

            Path planFile = dir.resolve("plan.json");
            Files.writeString(planFile, inferred.out());
            StringBuilder csv = new StringBuilder("source_sub,target_sub,source_identity_id,target_identity_id\n");
            for (int u = 0; u < users; u++) {
                csv.append("5ab0c0de-0000-4000-8000-00000000000").append(u).append(",7ab0c0de-0000-4000-8000-00000000000").append(u)
                        .append(',').append(devIdentity(u)).append(',').append(prodIdentity(u)).append('\n');
            }
            Files.writeString(dir.resolve(InferredPlan.IDENTITIES_CSV), csv.toString());
            CliRun migrated = dmig("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run",
                    "infer-rename-" + app.devSuffix.substring(1));

            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < photos; i++) {
                expected.add("protected/" + prodIdentity(i % users) + "/photos/" + app.newId("Photo", items.get(i).get("id").s()) + ".jpg");
            }
            assertThat(buckets.objects(buckets.prod).keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(app.scan(app.target("Photo"))).extracting(p -> p.get("image").m().get("key").s())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(buckets.objects(buckets.dev)).isEqualTo(devBefore);
        }
    }

    private static String devIdentity(int user) {
        return "us-east-1:0d0c0de0-0000-4000-8000-00000000000" + user;
    }

    private static String prodIdentity(int user) {
        return "us-east-1:0e0c0de0-0000-4000-8000-00000000000" + user;
    }

    @Test
    void aBucketThatIsNotThere_isOneLine_andNoPlan() {
        CliRun inferred = dmig("infer", "--source-suffix", "-nobucket-dev", "--source-storage-bucket", "no-such-bucket-inferfiles");

        assertThat(inferred.code()).isEqualTo(ExitCode.INVALID);
        assertThat(inferred.out()).isEmpty();
        assertThat(inferred.err().strip().lines().toList()).last().isEqualTo("error: bucket no-such-bucket-inferfiles does not exist where dmig looks"
                + " (at " + SharedStack.stack().s3Endpoint() + ": --source-s3-endpoint, else --s3-endpoint): check --source-storage-bucket");
    }

    @Test
    void aListingPastItsCap_saysSo_andStopsAsking() {
        try (StorageBuckets buckets = new StorageBuckets("infercap", false)) {
            for (int i = 0; i < 5; i++) {
                put(buckets, "public/p-" + i + ".txt");
            }
            put(buckets, "top.txt");

            BucketKeys capped = BucketKeys.list(buckets.s3, buckets.dev, 4);
            BucketKeys whole = BucketKeys.list(buckets.s3, buckets.dev, 6);

            assertThat(capped.capped()).isTrue();
            assertThat(capped.keys()).hasSize(4);
            assertThat(whole.capped()).isFalse();
            assertThat(whole.keys()).containsExactlyInAnyOrder("public/p-0.txt", "public/p-1.txt", "public/p-2.txt", "public/p-3.txt",
                    "public/p-4.txt", "top.txt");
            assertThat(whole.prefixes()).containsExactly("public/");
            assertThat(whole.listCalls()).isEqualTo(1);
        }
    }

    private static JsonNode table(JsonNode evidence, String model) {
        for (JsonNode table : evidence.get("tables")) {
            if (table.get("model").asText().equals(model)) {
                return table;
            }
        }
        throw new AssertionError("no table " + model + " in the evidence");
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
