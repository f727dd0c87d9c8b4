package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static dev.dmig.local.AppTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An app's Storage files copied with its records, on DynamoDB Local and two buckets of the S3Proxy standing for the
 * development and production Storage buckets: photos under {@code protected/<identityId>/photos/<id>.jpg} (renamed
 * with the photo's new ID and its owner's production identity ID), documents under {@code public/} named by a plain
 * key, and attachments as {@code s3://} URLs. Every object is compared byte for byte with its content type and user
 * metadata; the development bucket never changes.
 */
class StorageFilesIT {
    private static final int PHOTOS = 12;
    private static final int DOCS = 8;
    /** Development identity-pool IDs and production's, as the CSV pairs them. */
    private static final String[][] IDENTITIES = {
            {"5a000000-0000-4000-8000-0000000000a1", "7a000000-0000-4000-8000-0000000000a1",
                    "us-east-1:0f0c6a4e-0000-4000-8000-0000000000a1", "us-east-1:7a3e9b10-0000-4000-8000-0000000000a1"},
            {"5b000000-0000-4000-8000-0000000000b2", "7b000000-0000-4000-8000-0000000000b2",
                    "us-east-1:0f0c6a4e-0000-4000-8000-0000000000b2", "us-east-1:7a3e9b10-0000-4000-8000-0000000000b2"}};
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s", "storageBucket": "%s"}, "target": {"tableSuffix": "%s", "storageBucket": "%s"},
             "identities": {"csv": "users.csv"}, %s
             "tables": {
               "Photo": {"files": {"image.key": {"pattern": "protected/{identityId}/photos/{id}.jpg", "identityId": "@identityId",
                                                 "id": "Photo"}}},
               "Doc": {"files": {"fileKey": {"prefix": "public/"}, "attachments[]": {"format": "s3url"}}}}}
            """;
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    /** The app's tables and files: every record's objects in the development bucket, but {@code missing}. */
    private static AppTables app(String name, StorageBuckets buckets, String... missing) {
        return app(name, buckets, PHOTOS, missing);
    }

    private static AppTables app(String name, StorageBuckets buckets, int photoCount, String... missing) {
        AppTables app = new AppTables(name).table("Photo", "id", null).table("Doc", "id", null);
        List<Map<String, AttributeValue>> photos = new ArrayList<>();
        for (int i = 0; i < photoCount; i++) {
            String key = "protected/" + IDENTITIES[i % 2][2] + "/photos/ph-" + i + ".jpg";
            photos.add(Map.of("id", s("ph-" + i), "image", AttributeValue.fromM(Map.of("key", s(key), "width", AppTables.n(640)))));
            putUnlessMissing(buckets, key, "image/jpeg", missing);
        }
        app.load(app.source("Photo"), photos);
        List<Map<String, AttributeValue>> docs = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
            String file = "docs/doc-" + i + ".pdf";
            String attachment = "attachments/doc-" + i + "/notes " + i + ".txt";
            docs.add(Map.of("id", s("doc-" + i), "fileKey", s(file),
                    "attachments", AttributeValue.fromL(List.of(s("s3://" + buckets.dev + "/" + attachment)))));
            putUnlessMissing(buckets, "public/" + file, "application/pdf", missing);
            putUnlessMissing(buckets, attachment, "text/plain", missing);
        }
        app.load(app.source("Doc"), docs);
        return app;
    }

    private static void putUnlessMissing(StorageBuckets buckets, String key, String contentType, String... missing) {
        if (!List.of(missing).contains(key)) {
            buckets.put(buckets.dev, key, content(key), contentType, Map.of("origin", key.substring(key.lastIndexOf('/') + 1)));
        }
    }

    /** Each object's own bytes, all 256 byte values among them. */
    private static byte[] content(String key) {
        byte[] bytes = new byte[300 + Math.abs(key.hashCode() % 700)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + key.hashCode());
        }
        return bytes;
    }

    private static String csv() {
        StringBuilder csv = new StringBuilder("source_sub,target_sub,source_identity_id,target_identity_id\n");
        for (String[] user : IDENTITIES) {
            csv.append(String.join(",", user)).append('\n');
        }
        return csv.toString();
    }

    private static Path plan(AppTables app, StorageBuckets buckets, Path dir, String extra) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(app.devSuffix.substring(1)));
        Files.writeString(folder.resolve("users.csv"), csv());
        Path file = folder.resolve("plan.json");
        Files.writeString(file, PLAN.formatted(app.devSuffix, buckets.dev, app.prodSuffix, buckets.prod, extra));
        return file;
    }

    /** What the production bucket must hold: each development object at its new key, as the test maps it. */
    private static Map<String, StorageBuckets.Stored> expectedObjects(AppTables app, StorageBuckets buckets) {
        Map<String, StorageBuckets.Stored> expected = new TreeMap<>();
        for (Map.Entry<String, StorageBuckets.Stored> object : buckets.objects(buckets.dev).entrySet()) {
            String key = object.getKey();
            if (key.startsWith("protected/")) {
                String[] parts = key.split("/");
                String identity = parts[1].equals(IDENTITIES[0][2]) ? IDENTITIES[0][3] : IDENTITIES[1][3];
                String photo = parts[3].substring(0, parts[3].length() - ".jpg".length());
                key = "protected/" + identity + "/photos/" + app.newId("Photo", photo) + ".jpg";
            }
            expected.put(key, object.getValue());
        }
        return expected;
    }

    @Test
    void aMissingSourceObject_isReportedBeforeAnyWrite_andNothingChanges(@TempDir Path dir) throws Exception {
        String gone = "protected/" + IDENTITIES[1][2] + "/photos/ph-3.jpg";
        try (StorageBuckets buckets = new StorageBuckets("missing", false); AppTables app = app("filesmissing", buckets, gone)) {
            Map<String, String> tables = app.digests(app.prodSuffix);
            Map<String, StorageBuckets.Stored> source = buckets.objects(buckets.dev);

            CliRun migrate = dmig("migrate", "--plan", plan(app, buckets, dir, "").toString(), "--confirm", "--no-backup",
                    "--run", "files-missing");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.INVALID);
            assertThat(migrate.out()).contains("  table Photo, item id=ph-3, attribute image.key: object " + gone + " is not in bucket "
                    + buckets.dev + " (files.onMissing is refuse); restore it, fix the record, or set files.onMissing to keep");
            assertThat(migrate.lastLine()).endsWith(": nothing was written");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(tables);
            assertThat(buckets.objects(buckets.prod)).isEmpty();
            assertThat(buckets.objects(buckets.dev)).isEqualTo(source);

            CliRun analyze = dmig("analyze", "--plan", plan(app, buckets, dir, "\"files\": {\"onMissing\": \"keep\"},").toString(),
                    "--run", "files-missing-keep");

            assertThat(analyze.code()).as(analyze.out() + analyze.err()).isZero();
            assertThat(analyze.out()).contains("  files: 27 objects (").contains(") from bucket " + buckets.dev + " to " + buckets.prod
                    + ", copied server-side, 1 missing (onMissing: keep), 0 already there; about ");
            assertThat(analyze.out()).contains("  warning: table Photo, attribute image.key: 1 value names no object in bucket "
                    + buckets.dev + "; the records are copied, no object with them (e.g. item id=ph-3: " + gone + ")");
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("files-missing-keep"), Analysis.class).orElseThrow();
            // The feature's sections, read as analysis.json holds them: a table's file references, the run's files.
            JsonNode photos = table(analysis, "Photo").section("files", JsonNode.class).get(0);
            assertThat(photos.get("objects").asLong()).isEqualTo(PHOTOS - 1);
            assertThat(photos.get("missing").asLong()).isEqualTo(1);
            assertThat(table(analysis, "Doc").section("files", JsonNode.class)).extracting(file -> file.get("objects").asLong())
                    .containsExactly((long) DOCS, (long) DOCS);
            long bytes = source.values().stream().mapToLong(o -> o.bytes().size()).sum();
            assertThat(analysis.section("files", JsonNode.class).get("bytes").asLong()).isEqualTo(bytes);
            assertThat(analysis.section("files", JsonNode.class).get("targetVersioned").asBoolean()).isFalse();
            assertThat(buckets.objects(buckets.prod)).isEmpty();
        }
    }

    /**
     * Records whose keys S3 and its clients would not take as written: each is a data problem naming its item, found by the
     * analysis before anything is read from or written to a bucket, not an S3 error that ends the run.
     */
    @Test
    void aKeyS3WouldNotTakeAsWritten_isADataProblemNamingTheItem_andNothingIsWritten(@TempDir Path dir) throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("hostile", false); AppTables app = app("fileshostile", buckets)) {
            Map<String, String> hostile = new TreeMap<>(Map.of(
                    "doc-h1", "../secrets.txt", "doc-h2", "docs/./a.pdf", "doc-h3", "docs/a\u0007b.pdf",
                    "doc-h4", "docs/%2E%2e/a.pdf", "doc-h5", "docs%2fa.pdf"));
            List<Map<String, AttributeValue>> docs = new ArrayList<>();
            hostile.forEach((id, key) -> docs.add(Map.of("id", s(id), "fileKey", s(key))));
            docs.add(Map.of("id", s("doc-h6"), "fileKey", s("docs/doc-0.pdf"),
                    "attachments", AttributeValue.fromL(List.of(s("s3://" + buckets.dev + "//lead.pdf")))));
            app.load(app.source("Doc"), docs);
            Map<String, String> tables = app.digests(app.prodSuffix);
            Map<String, StorageBuckets.Stored> source = buckets.objects(buckets.dev);

            CliRun migrate = dmig("migrate", "--plan", plan(app, buckets, dir, "").toString(), "--confirm", "--no-backup",
                    "--run", "files-hostile");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.INVALID);
            String fix = ": rename the object and fix the record";
            Map<String, String> why = Map.of(
                    "doc-h1", "object key 'public/../secrets.txt' has a '..' path segment, which HTTP clients resolve away, reaching"
                            + " another key" + fix,
                    "doc-h2", "object key 'public/docs/./a.pdf' has a '.' path segment, which HTTP clients resolve away, reaching"
                            + " another key" + fix,
                    "doc-h3", "object key 'public/docs/aU+0007b.pdf' holds the control character U+0007, which S3's requests and"
                            + " listings do not carry intact" + fix,
                    "doc-h4", "object key 'public/docs/%2E%2e/a.pdf' holds '%2E', an encoded '.', which a client or proxy may decode"
                            + " into another key" + fix,
                    "doc-h5", "object key 'public/docs%2fa.pdf' holds '%2f', an encoded '/', which a client or proxy may decode into"
                            + " another key" + fix);
            // One line per attribute, with its count and its first three items, each with why.
            String fileKey = migrate.out().lines().filter(l -> l.startsWith("  table Doc, attribute fileKey: ")).findFirst().orElseThrow();
            assertThat(fileKey).startsWith("  table Doc, attribute fileKey: 5 items (first: item id=doc-h");
            assertThat(why.entrySet().stream().filter(e -> fileKey.contains("item id=" + e.getKey() + ": " + e.getValue()))).hasSize(3);
            assertThat(migrate.out()).contains("  table Doc, item id=doc-h6, attribute attachments[]: object key '/lead.pdf' starts"
                    + " with '/', which S3 clients may drop or double" + fix + "\n");
            assertThat(migrate.out() + migrate.err()).doesNotContain("S3Exception").doesNotContain("Status Code: 400");
            assertThat(migrate.lastLine()).endsWith(": nothing was written");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(tables);
            assertThat(buckets.objects(buckets.prod)).isEmpty();
            assertThat(buckets.objects(buckets.dev)).isEqualTo(source);
        }
    }

    /** The key a photo's object gets in production. */
    private static String photoKey(AppTables app, int photo) {
        return "protected/" + IDENTITIES[photo % 2][3] + "/photos/" + app.newId("Photo", "ph-" + photo) + ".jpg";
    }

    /** Every target record names the object its source record names, renamed as the test maps it. */
    private static void assertRecordsRenamed(AppTables app, StorageBuckets buckets, int photoCount) {
        Map<String, String> photos = new TreeMap<>();
        app.scan(app.target("Photo")).forEach(p -> photos.put(p.get("id").s(), p.get("image").m().get("key").s()));
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < photoCount; i++) {
            want.put(app.newId("Photo", "ph-" + i), photoKey(app, i));
        }
        assertThat(photos).isEqualTo(want);
        app.scan(app.target("Doc")).forEach(d -> assertThat(d.get("attachments").l().get(0).s()).startsWith("s3://" + buckets.prod + "/"));
    }

    @ParameterizedTest(name = "versioned production bucket: {0}")
    @ValueSource(booleans = {true, false})
    void everyObject_isCopiedAndRenamed_byteForByte_andARollback_leavesTheProductionBucketExactlyAsBefore(boolean versioned,
                                                                                                           @TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("copy" + versioned, versioned); AppTables app = app("files" + versioned, buckets)) {
            // Production already holds: other content at a photo's new key, the same content at a document's, and its own file.
            buckets.put(buckets.prod, photoKey(app, 0), "production's own photo".getBytes(StandardCharsets.UTF_8), "image/png",
                    Map.of("origin", "prod"));
            buckets.put(buckets.prod, "public/docs/doc-1.pdf", content("public/docs/doc-1.pdf"), "application/pdf",
                    Map.of("origin", "doc-1.pdf"));
            buckets.put(buckets.prod, "public/theirs.txt", "theirs".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
            Map<String, StorageBuckets.Stored> prodBefore = buckets.objects(buckets.prod);
            List<String> versionsBefore = buckets.versions(buckets.prod);
            Map<String, StorageBuckets.Stored> devBefore = buckets.objects(buckets.dev);
            List<String> devVersions = buckets.versions(buckets.dev);
            Map<String, String> tables = app.digests(app.prodSuffix);
            Path plan = plan(app, buckets, dir, "\"onConflict\": \"overwrite\",");

            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "files-copy-" + versioned);

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            // The files the run copied, counted by its checkpoints, and those it found at their keys, named apart.
            long copied = dev.dmig.migrate.Checkpoint.all(ARTIFACTS, "files-copy-" + versioned).stream()
                    .mapToLong(dev.dmig.migrate.Checkpoint::objectsCopied).sum();
            Analysis analyzed = ARTIFACTS.getJson(RunLayout.analysis("files-copy-" + versioned), Analysis.class).orElseThrow();
            assertThat(copied).as("every object but the one already there").isEqualTo(analyzed.section("files", JsonNode.class).get("objects").asLong() - 1);
            assertThat(migrate.out()).contains("  files: " + copied + " files copied from bucket " + buckets.dev + " to " + buckets.prod
                    + ", 1 already there, 1 with other content at their keys\n");
            Map<String, StorageBuckets.Stored> want = expectedObjects(app, buckets);
            want.put("public/theirs.txt", prodBefore.get("public/theirs.txt"));
            assertThat(buckets.objects(buckets.prod)).as("every object at its new key, byte for byte, with its content type and metadata")
                    .isEqualTo(want);
            assertRecordsRenamed(app, buckets, PHOTOS);
            assertThat(buckets.objects(buckets.dev)).isEqualTo(devBefore);
            assertThat(buckets.versions(buckets.dev)).isEqualTo(devVersions);
            assertThat(migrate.out()).contains("  files: " + (want.size() - 1) + " objects equal their source's in the target's bucket\n");

            // Something changes a copied object: validating the run again names it.
            buckets.put(buckets.prod, photoKey(app, 1), "changed".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
            CliRun validate = dmig("validate", "--run", "files-copy-" + versioned);

            assertThat(validate.code()).as(validate.out() + validate.err()).isNotZero();
            assertThat(validate.out()).contains("  table Photo: 1 objects missing or different in the target's Storage bucket")
                    .contains("    table Photo: object " + photoKey(app, 1) + " in bucket " + buckets.prod + " differs from "
                            + buckets.dev + "/protected/" + IDENTITIES[1][2] + "/photos/ph-1.jpg (size 7 ≠ "
                            + content("protected/" + IDENTITIES[1][2] + "/photos/ph-1.jpg").length + ")");

            // A user uploads over the object the run wrote where production had its own photo: theirs too is kept.
            buckets.put(buckets.prod, photoKey(app, 0), "a user's later upload".getBytes(StandardCharsets.UTF_8), "image/jpeg",
                    Map.of("origin", "user"));
            Map<String, StorageBuckets.Stored> changedSince = new TreeMap<>(Map.of(photoKey(app, 0), buckets.get(buckets.prod,
                    photoKey(app, 0)), photoKey(app, 1), buckets.get(buckets.prod, photoKey(app, 1))));
            List<String> changedVersions = buckets.versions(buckets.prod).stream()
                    .filter(v -> v.startsWith(photoKey(app, 0) + " ") || v.startsWith(photoKey(app, 1) + " ")).toList();
            CliRun rollback = dmig("rollback", "--run", "files-copy-" + versioned, "--confirm");

            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(rollback.out()).contains(", " + (want.size() - 4) + " created objects deleted, 0 overwritten objects restored")
                    .contains("  2 objects the run wrote changed by someone else since: left as is\n")
                    .contains("  changed by someone else, left as is: " + buckets.prod + "/" + photoKey(app, 0) + "\n")
                    .contains("  changed by someone else, left as is: " + buckets.prod + "/" + photoKey(app, 1) + "\n");
            Map<String, StorageBuckets.Stored> left = new TreeMap<>(prodBefore);
            left.putAll(changedSince);
            assertThat(buckets.objects(buckets.prod)).as("everything as before the run but the two objects changed since").isEqualTo(left);
            if (versioned) {
                // Only the run's own versions are gone: production's photo is a version under the user's upload again.
                List<String> kept = new ArrayList<>(versionsBefore);
                changedVersions.stream().filter(v -> v.contains("\"" + md5("a user's later upload") + "\"")
                        || v.contains("\"" + md5("changed") + "\"")).forEach(kept::add);
                assertThat(buckets.versions(buckets.prod)).as("the run's versions deleted, no delete marker left")
                        .containsExactlyInAnyOrderElementsOf(kept);
            }
            assertThat(app.digests(app.prodSuffix)).isEqualTo(tables);
            assertThat(buckets.objects(buckets.dev)).isEqualTo(devBefore);
        }
    }

    private static String md5(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRollback_isRefused_whileALaterRunOfOtherTables_namesAnObjectItWrote(@TempDir Path dir) throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("shared", false);
             AppTables app = new AppTables("filesshared").table("Doc", "id", null).table("Note", "id", null)) {
            // A document and a note name the same file: the first run (Doc alone) copies it, the second (Note alone) finds it there.
            buckets.put(buckets.dev, "public/shared/plan.pdf", content("public/shared/plan.pdf"), "application/pdf", Map.of());
            app.load(app.source("Doc"), List.of(Map.of("id", s("doc-1"), "fileKey", s("shared/plan.pdf"))));
            app.load(app.source("Note"), List.of(Map.of("id", s("note-1"), "fileKey", s("shared/plan.pdf"))));
            Path folder = Files.createDirectories(dir.resolve(app.devSuffix.substring(1)));
            Path plan = Files.writeString(folder.resolve("plan.json"), """
                    {"source": {"tableSuffix": "%s", "storageBucket": "%s"}, "target": {"tableSuffix": "%s", "storageBucket": "%s"},
                     "tables": {"Doc": {"files": {"fileKey": {"prefix": "public/"}}}, "Note": {"files": {"fileKey": {"prefix": "public/"}}}}}
                    """.formatted(app.devSuffix, buckets.dev, app.prodSuffix, buckets.prod));
            CliRun docs = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--tables", "Doc", "--run", "shared-docs");
            CliRun notes = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--tables", "Note", "--run", "shared-notes");
            assertThat(docs.code()).as(docs.out() + docs.err()).isZero();
            assertThat(notes.code()).as(notes.out() + notes.err()).isZero();
            Map<String, StorageBuckets.Stored> prodWithBoth = buckets.objects(buckets.prod);
            assertThat(prodWithBoth).containsOnlyKeys("public/shared/plan.pdf");

            CliRun refused = dmig("rollback", "--run", "shared-docs", "--confirm");

            assertThat(refused.code()).as(refused.out() + refused.err()).isNotZero();
            assertThat(refused.err() + refused.out()).contains("run shared-notes (status succeeded) wrote to target environment "
                    + app.prodSuffix + " after run shared-docs and its records name object " + buckets.prod + "/public/shared/plan.pdf,"
                    + " which shared-docs wrote; rolling shared-docs back would delete or change it under them: roll back shared-notes"
                    + " first (dmig rollback --run shared-notes --confirm)");
            assertThat(buckets.objects(buckets.prod)).as("nothing undone").isEqualTo(prodWithBoth);

            CliRun notesBack = dmig("rollback", "--run", "shared-notes", "--confirm");
            CliRun docsBack = dmig("rollback", "--run", "shared-docs", "--confirm");

            assertThat(notesBack.code()).as(notesBack.out() + notesBack.err()).isZero();
            assertThat(docsBack.code()).as(docsBack.out() + docsBack.err()).isZero();
            assertThat(buckets.objects(buckets.prod)).isEmpty();
        }
    }

    @Test
    void aRunKilledMidWay_resumesExactly(@TempDir Path dir) throws Exception {
        // Enough records that a segment's first pages are checkpointed well before its last: the kill lands mid-run.
        int photos = 400;
        try (StorageBuckets buckets = new StorageBuckets("kill", false); AppTables app = app("fileskill", buckets, photos)) {
            Map<String, StorageBuckets.Stored> devBefore = buckets.objects(buckets.dev);
            Path plan = plan(app, buckets, dir, "\"writeRateLimit\": 30, \"segments\": 2,");
            MidRunKill.killMidRun(plan, "files-kill", 20, dir);
            CliRun resumed = dmig("resume", "--run", "files-kill");

            assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run files-kill (full): ");
            assertThat(buckets.objects(buckets.prod)).isEqualTo(expectedObjects(app, buckets));
            assertRecordsRenamed(app, buckets, photos);
            assertThat(buckets.objects(buckets.dev)).isEqualTo(devBefore);
        }
    }

    /**
     * Runs of one app killed (SIGKILL, the real dmig.jar) while they copy files, in turn: the first resumed to its end and
     * rolled back, the second rolled back as it was killed, the third resumed, killed again and rolled back. After each
     * rollback the production bucket and tables are exactly as before the runs, the objects the rollback says it deleted
     * are the objects that left the bucket, and it names no object kept: no record is left to name one.
     */
    @Test
    void runsKilledWhileCopyingFiles_resumedOrNot_thenRolledBack_leaveTheBucketAsBefore_countedAsTheBucket(@TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("killrb", false); AppTables app = app("fileskillrb", buckets, 300)) {
            buckets.put(buckets.prod, "public/theirs.txt", "theirs".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
            Map<String, StorageBuckets.Stored> prodBefore = buckets.objects(buckets.prod);
            Map<String, String> tablesBefore = app.digests(app.prodSuffix);
            Path plan = plan(app, buckets, dir, "\"writeRateLimit\": 30, \"segments\": 2,");

            MidRunKill.killMidRun(plan, "files-killrb-1", 20, dir);
            CliRun resumed = dmig("resume", "--run", "files-killrb-1");
            assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
            assertRolledBackExactly("files-killrb-1", buckets, app, prodBefore, tablesBefore);

            MidRunKill.killMidRun(plan, "files-killrb-2", 20, dir);
            assertRolledBackExactly("files-killrb-2", buckets, app, prodBefore, tablesBefore);

            MidRunKill.killMidRun(plan, "files-killrb-3", 20, dir);
            MidRunKill.killMidRun(List.of("resume", "--run", "files-killrb-3"), "files-killrb-3",
                    KillAndResumeIT.written(ARTIFACTS, "files-killrb-3") + 20, dir);
            assertRolledBackExactly("files-killrb-3", buckets, app, prodBefore, tablesBefore);
        }
    }

    /** Rolls back {@code runId}: the bucket and tables as before, its count of objects deleted those that left the bucket. */
    private static void assertRolledBackExactly(String runId, StorageBuckets buckets, AppTables app,
                                                Map<String, StorageBuckets.Stored> prodBefore, Map<String, String> tablesBefore) {
        int objectsOfTheRun = buckets.objects(buckets.prod).size() - prodBefore.size();
        assertThat(objectsOfTheRun).as("objects run %s wrote", runId).isPositive();

        CliRun rollback = dmig("rollback", "--run", runId, "--confirm");

        assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
        assertThat(rollback.out()).as(rollback.out()).contains(", " + objectsOfTheRun + " created objects deleted, 0 overwritten objects restored")
                .doesNotContain("kept");
        assertThat(buckets.objects(buckets.prod)).as("the production bucket after rolling back %s", runId).isEqualTo(prodBefore);
        assertThat(app.digests(app.prodSuffix)).as("the production tables after rolling back %s", runId).isEqualTo(tablesBefore);
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
