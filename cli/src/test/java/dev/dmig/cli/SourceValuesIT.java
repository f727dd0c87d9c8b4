package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.runs.ExitCode;
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
 * Storage files whose plan copies part of their keys as they are, on DynamoDB Local and the S3Proxy: photos under
 * {@code protected/<identity ID>/photos/<photo ID>.jpg} whose pattern maps the identity but keeps the file name (the
 * development record's ID), and avatars whose keys are copied whole (the development identity ID). The copy is what the
 * plan says; validation names the records' attributes and the objects in the production bucket that still hold the
 * development's values, and the run is rolled back, the production bucket left empty. Kept on purpose, the same run
 * succeeds and says so.
 */
class SourceValuesIT {
    private static final int PHOTOS = 4;
    /** Two users: development sub, production sub, development identity ID, production identity ID. */
    private static final String[][] USERS = {
            {"5a000000-0000-4000-8000-0000000000a1", "7a000000-0000-4000-8000-0000000000a1",
                    "us-east-1:0f0c6a4e-0000-4000-8000-0000000000a1", "us-east-1:7a3e9b10-0000-4000-8000-0000000000a1"},
            {"5b000000-0000-4000-8000-0000000000b2", "7b000000-0000-4000-8000-0000000000b2",
                    "us-east-1:0f0c6a4e-0000-4000-8000-0000000000b2", "us-east-1:7a3e9b10-0000-4000-8000-0000000000b2"}};
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s", "storageBucket": "%s"}, "target": {"tableSuffix": "%s", "storageBucket": "%s"},
             "identities": {"csv": "users.csv"},
             "tables": {
               "Photo": {"files": {"image.key": {"pattern": "protected/{identityId}/photos/{name}", "identityId": "@identityId"}}%s},
               "Member": {"files": {"avatarKey": {}}%s}}}
            """;

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app(String name, StorageBuckets buckets) {
        AppTables app = new AppTables(name).table("Photo", "id", null).table("Member", "id", null);
        List<Map<String, AttributeValue>> photos = new ArrayList<>();
        for (int i = 0; i < PHOTOS; i++) {
            String key = photoKey(i);
            photos.add(Map.of("id", s(photoId(i)), "image", AttributeValue.fromM(Map.of("key", s(key)))));
            buckets.put(buckets.dev, key, ("photo " + i).getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of());
        }
        app.load(app.source("Photo"), photos);
        List<Map<String, AttributeValue>> members = new ArrayList<>();
        for (int i = 0; i < USERS.length; i++) {
            members.add(Map.of("id", s("member-000" + i), "avatarKey", s(avatarKey(i))));
            buckets.put(buckets.dev, avatarKey(i), ("avatar " + i).getBytes(StandardCharsets.UTF_8), "image/png", Map.of());
        }
        app.load(app.source("Member"), members);
        return app;
    }

    private static String photoId(int i) {
        return "photo-000" + i;
    }

    private static String photoKey(int i) {
        return "protected/" + USERS[i % 2][2] + "/photos/" + photoId(i) + ".jpg";
    }

    private static String avatarKey(int i) {
        return "protected/" + USERS[i][2] + "/avatar.png";
    }

    private static Path plan(AppTables app, StorageBuckets buckets, Path dir, String photoExtra, String memberExtra) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(app.devSuffix.substring(1)));
        StringBuilder csv = new StringBuilder("source_sub,target_sub,source_identity_id,target_identity_id\n");
        for (String[] user : USERS) {
            csv.append(String.join(",", user)).append('\n');
        }
        Files.writeString(folder.resolve("users.csv"), csv);
        return Files.writeString(folder.resolve("plan.json"), PLAN.formatted(app.devSuffix, buckets.dev, app.prodSuffix, buckets.prod,
                photoExtra, memberExtra));
    }

    @Test
    void objectKeysAndValuesStillNamingTheSource_failTheRun_eachNamed_andItIsRolledBack(@TempDir Path dir) throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("sourcevalues", false); AppTables app = app("sourcevalues", buckets)) {
            Map<String, String> tables = app.digests(app.prodSuffix);

            CliRun migrate = dmig("migrate", "--plan", plan(app, buckets, dir, "", "").toString(), "--confirm", "--no-backup",
                    "--run", "source-values");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.FAILED);
            List<String> photoIds = new ArrayList<>();
            List<String> photoKeys = new ArrayList<>();
            for (int i = 0; i < PHOTOS; i++) {
                photoIds.add("id=" + app.newId("Photo", photoId(i)));
                photoKeys.add("protected/" + USERS[i % 2][3] + "/photos/" + photoId(i) + ".jpg");
            }
            List<String> memberIds = List.of("id=" + app.newId("Member", "member-0000"), "id=" + app.newId("Member", "member-0001"));
            assertLine(migrate.out(), "  table Photo, attribute image.key: 4 values hold source IDs of Photo; the plan maps this"
                    + " attribute, but not these values (first: item ", photoIds, "); map it in the plan, or list it in the table's"
                    + " keepSourceValues to copy it as it is");
            assertLine(migrate.out(), "  table Photo, objects of image.key: 4 object keys hold source IDs of Photo; the plan maps"
                    + " these keys, but not these values (first: ", photoKeys, "); map them with a pattern on image.key, or list"
                    + " image.key in the table's keepSourceValues to copy them as they are");
            assertLine(migrate.out(), "  table Member, attribute avatarKey: 2 values hold source users' identity IDs; the plan does"
                    + " not map this attribute (first: item ", memberIds, "); map it in the plan, or list it in the table's"
                    + " keepSourceValues to copy it as it is");
            assertLine(migrate.out(), "  table Member, objects of avatarKey: 2 object keys hold source users' identity IDs; the plan"
                    + " does not map these keys (first: ", List.of(avatarKey(0), avatarKey(1)), "); map them with a pattern on"
                    + " avatarKey, or list avatarKey in the table's keepSourceValues to copy them as they are");
            assertThat(migrate.lastLine()).isEqualTo("ROLLED BACK  run source-values (full): ValidationFailed: the target does not match the"
                    + " transformed source, still names the source's users or records, or does not name what the source named; the run's report"
                    + " names each difference");
            assertThat(buckets.objects(buckets.prod)).as("the objects the run wrote, deleted").isEmpty();
            assertThat(app.digests(app.prodSuffix)).isEqualTo(tables);
        }
    }

    @Test
    void keptAsTheyAre_theSameRunSucceeds_andSaysWhatItKept(@TempDir Path dir) throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("sourcekept", false); AppTables app = app("sourcekept", buckets)) {
            CliRun migrate = dmig("migrate", "--plan", plan(app, buckets, dir, ", \"keepSourceValues\": [\"image\"]",
                    ", \"keepSourceValues\": [\"avatarKey\"]").toString(), "--confirm", "--no-backup", "--run", "source-kept");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.OK);
            assertThat(migrate.out()).contains(
                    "  kept as they are (keepSourceValues): table Photo, attribute image.key: 4 values hold source IDs of Photo\n",
                    "  kept as they are (keepSourceValues): table Photo, objects of image.key: 4 object keys hold source IDs of Photo\n",
                    "  kept as they are (keepSourceValues): table Member, attribute avatarKey: 2 values hold source users' identity IDs\n",
                    "  kept as they are (keepSourceValues): table Member, objects of avatarKey: 2 object keys hold source users'"
                            + " identity IDs\n");
            assertThat(buckets.objects(buckets.prod)).containsKeys(avatarKey(0), avatarKey(1));
        }
    }

    /** The output has the line {@code prefix + one of examples + suffix}. */
    private static void assertLine(String out, String prefix, List<String> examples, String suffix) {
        String line = out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
        assertThat(line).as(out).isNotNull();
        String example = line.substring(prefix.length(), line.length() - suffix.length());
        assertThat(line).endsWith(suffix);
        assertThat(examples).contains(example);
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
