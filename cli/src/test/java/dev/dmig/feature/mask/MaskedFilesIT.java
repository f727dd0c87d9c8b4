package dev.dmig.feature.mask;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.CliRun;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.StorageBuckets;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A masked preview's Storage files, on DynamoDB Local and two buckets of the S3 store: people's avatars (PNG by their
 * extension, JPEG by their Content-Type alone) and CVs (PDF) replaced by placeholders of their types at the keys the
 * copies would take, their ID scans left out with the attribute that named them; validation passes, the rollback
 * removes the placeholders, and the source bucket never changes. A file key holding an email is masked by the file's
 * pattern as the record's email is; left unmasked, it fails validation. A file the plan does not decide is refused
 * before any write.
 */
class MaskedFilesIT {
    private static final int PEOPLE = 6;
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s", "storageBucket": "%s"}, "target": {"tableSuffix": "%s", "storageBucket": "%s"},
             "idNamespace": "mask-files", "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
             "tables": {"Person": {"files": {"avatarKey": {}, "cv.key": {}, "idScan": {}},
                                   "mask": {"email": "email", %s}}}}
            """;
    private static final String DECIDED = "\"avatarKey\": \"placeholder\", \"cv.key\": \"placeholder\", \"idScan\": \"remove\"";
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static String email(int i) {
        return "filesperson" + i + "@acme-files.com";
    }

    /** An avatar's key: a PNG by its name for even people, a JPEG only its Content-Type says for odd ones. */
    private static String avatar(int i) {
        return "protected/eu-west-1:p" + i + "/avatar" + (i % 2 == 0 ? ".png" : "");
    }

    private static AppTables app(String name, StorageBuckets buckets, boolean emailInKeys) {
        AppTables app = new AppTables(name).table("Person", "id", null);
        List<Map<String, AttributeValue>> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String avatar = emailInKeys ? "public/avatars/" + email(i) + ".png" : avatar(i);
            String cv = "protected/eu-west-1:p" + i + "/cv.pdf";
            String scan = "private/eu-west-1:p" + i + "/passport.jpg";
            buckets.put(buckets.dev, avatar, content("the face of " + email(i)), i % 2 == 0 || emailInKeys ? "image/png" : "image/jpeg",
                    Map.of("original-name", "me-" + i + ".png"));
            buckets.put(buckets.dev, cv, content("%PDF-1.7 the CV of " + email(i)), "application/pdf", Map.of());
            buckets.put(buckets.dev, scan, content("the passport of " + email(i)), "image/jpeg", Map.of());
            people.add(Map.of("id", s("p-" + i), "email", s(email(i)), "avatarKey", s(avatar),
                    "cv", AttributeValue.fromM(Map.of("key", s(cv), "pages", AppTables.n(2))), "idScan", s(scan)));
        }
        app.load(app.source("Person"), people);
        return app;
    }

    private static byte[] content(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void placeholdersOfTheFilesTypes_standInForPeoplesFiles_removedFilesAreLeftOut_andTheRollbackRemovesThem(@TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("maskfiles", false); AppTables app = app("maskfiles", buckets, false)) {
            Map<String, StorageBuckets.Stored> sourceBefore = buckets.objects(buckets.dev);

            CliRun migrate = migrate(app, buckets, dir, DECIDED, "mask-files");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertThat(migrate.out()).contains("  masking: table Person: Storage files avatarKey, cv.key as placeholders of their"
                    + " types; idScan left out\n");
            ValidationReport validation = validation("mask-files");
            assertThat(validation.passed()).as(String.join("; ", validation.failures())).isTrue();
            List<Map<String, AttributeValue>> people = app.scan(app.target("Person"));
            assertThat(people).hasSize(PEOPLE);
            Map<String, StorageBuckets.Stored> target = buckets.objects(buckets.prod);
            TreeSet<String> named = new TreeSet<>();
            for (Map<String, AttributeValue> person : people) {
                assertThat(person).as("the ID scan's attribute removed").doesNotContainKey("idScan");
                named.add(person.get("avatarKey").s());
                named.add(person.get("cv").m().get("key").s());
            }
            assertThat(target.keySet()).as("an object for each file the records name, and nothing else").isEqualTo(named);
            for (int i = 0; i < PEOPLE; i++) {
                StorageBuckets.Stored image = target.get(avatar(i));
                assertThat(image.contentType()).isEqualTo(i % 2 == 0 ? "image/png" : "image/jpeg");
                BufferedImage read = ImageIO.read(new ByteArrayInputStream(bytes(image)));
                assertThat(read).as("an image javax.imageio reads: " + avatar(i)).isNotNull();
                assertThat(image.metadata()).as("no user metadata of the upload's").isEmpty();
                StorageBuckets.Stored cv = target.get("protected/eu-west-1:p" + i + "/cv.pdf");
                assertThat(cv.contentType()).isEqualTo("application/pdf");
                assertThat(new String(bytes(cv), StandardCharsets.ISO_8859_1)).startsWith("%PDF-1.").endsWith("%%EOF\n");
            }
            for (Map.Entry<String, StorageBuckets.Stored> object : target.entrySet()) {
                assertThat(sourceBefore.values()).as("no object holds a source object's bytes: " + object.getKey())
                        .noneMatch(source -> source.bytes().equals(object.getValue().bytes()));
                assertThat(new String(bytes(object.getValue()), StandardCharsets.ISO_8859_1)).doesNotContain("acme-files");
            }
            assertThat(buckets.objects(buckets.dev)).as("the source bucket untouched").isEqualTo(sourceBefore);
            // The counts by kind, checked against the bucket: an avatar's and a CV's placeholder per person, no file copied,
            // each person's ID scan left out.
            assertThat(target).hasSize(2 * PEOPLE);
            assertThat(migrate.out()).contains("  files: " + 2 * PEOPLE + " files written from bucket " + buckets.dev + " to "
                    + buckets.prod + ": 0 copied, " + 2 * PEOPLE + " placeholders in their stead, " + PEOPLE + " left out (removed by"
                    + " the mask)\n");
            String validated = "  files: " + 2 * PEOPLE + " objects equal what the run wrote in the target's bucket: 0 their"
                    + " source's, " + 2 * PEOPLE + " placeholders\n";
            assertThat(migrate.out()).contains(validated).doesNotContain("equal their source's");
            CliRun validate = CliRun.of(CliRun.embeddedStack(), "validate", "--run", "mask-files");
            assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
            assertThat(validate.out()).contains(validated);

            CliRun rollback = CliRun.of(CliRun.embeddedStack(), "rollback", "--run", "mask-files", "--confirm");

            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(buckets.objects(buckets.prod)).as("the placeholders removed").isEmpty();
            assertThat(app.scan(app.target("Person"))).isEmpty();
            assertThat(buckets.objects(buckets.dev)).as("the source bucket untouched").isEqualTo(sourceBefore);
        }
    }

    @Test
    void aFileThePlanDoesNotDecide_isRefusedBeforeAnyWrite_andAFileKeyHoldingAMaskedEmail_failsValidation(@TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("maskfilesrefused", false);
             AppTables app = app("maskfilesrefused", buckets, false);
             StorageBuckets keyed = new StorageBuckets("maskfileskeys", false);
             AppTables emails = app("maskfileskeys", keyed, true)) {
            CliRun refused = migrate(app, buckets, dir, "\"cv.key\": \"placeholder\", \"idScan\": \"remove\"", "mask-files-undecided");

            assertThat(refused.code()).as(refused.out() + refused.err()).isNotZero();
            assertThat((refused.out() + refused.err()).replaceAll("\\s+", " ")).contains("table Person, attribute avatarKey: names"
                    + " Storage files, which hold what people upload, and the plan neither masks nor keeps them: add \"avatarKey\":"
                    + " \"placeholder\" (a small file of the same type in each one's stead) or \"remove\" to table Person's mask, or"
                    + " \"avatarKey\": \"keep\" to copy the files as they are").doesNotContain("Exception");
            assertThat(app.scan(app.target("Person"))).as("nothing written").isEmpty();
            assertThat(buckets.objects(buckets.prod)).as("nothing written").isEmpty();

            // Avatars named by their owners' emails: the keys hold what the run masks, and validation says so.
            CliRun dirty = migrate(emails, keyed, dir, DECIDED, "mask-files-emails");

            assertThat(dirty.code()).as(dirty.out() + dirty.err()).isNotZero();
            assertThat(validation("mask-files-emails").failures()).anySatisfy(line -> assertThat(line).startsWith(
                    "table Person, attribute avatarKey: " + PEOPLE + " values holding a source email that the run masks;"));
            assertThat(dirty.out()).contains("ROLLED BACK  run mask-files-emails");
            assertThat(keyed.objects(keyed.prod)).as("rolled back").isEmpty();
        }
    }

    /**
     * Avatars named by their owners' emails, masked by the file's pattern: each record names its avatar by its masked
     * email, the same fake as its {@code email}, the placeholder is there, no key holds a source email, validation passes,
     * and the rollback removes them.
     */
    @Test
    void aFileKeyHoldingAnEmail_isMaskedAsTheRecordsEmailIs_andNamesItsPlaceholder(@TempDir Path dir) throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("maskfilesmasked", false); AppTables app = app("maskfilesmasked", buckets, true)) {
            Map<String, StorageBuckets.Stored> sourceBefore = buckets.objects(buckets.dev);

            CliRun migrate = migrate(app, buckets, dir, DECIDED.replace("\"avatarKey\": \"placeholder\"", "\"avatarKey\": {\"kind\":"
                    + " \"placeholder\", \"pattern\": \"public/avatars/{email}.png\", \"email\": \"email\"}"), "mask-files-keys");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            ValidationReport validation = validation("mask-files-keys");
            assertThat(validation.passed()).as(String.join("; ", validation.failures())).isTrue();
            Map<String, StorageBuckets.Stored> target = buckets.objects(buckets.prod);
            TreeSet<String> named = new TreeSet<>();
            for (Map<String, AttributeValue> person : app.scan(app.target("Person"))) {
                String avatar = person.get("avatarKey").s();
                assertThat(avatar).as("named by the record's own masked email").isEqualTo("public/avatars/" + person.get("email").s() + ".png")
                        .endsWith("@example.invalid.png");
                assertThat(ImageIO.read(new ByteArrayInputStream(bytes(target.get(avatar))))).as(avatar).isNotNull();
                named.add(avatar);
                named.add(person.get("cv").m().get("key").s());
            }
            assertThat(target.keySet()).isEqualTo(named).noneMatch(key -> key.contains("acme-files"));
            assertThat(RunArtifacts.holding(ARTIFACTS, "mask-files-keys", List.of("acme-files")))
                    .as("the run's artifacts holding a source email of an object's key").isEmpty();

            CliRun rollback = CliRun.of(CliRun.embeddedStack(), "rollback", "--run", "mask-files-keys", "--confirm");

            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(buckets.objects(buckets.prod)).as("the placeholders removed").isEmpty();
            assertThat(buckets.objects(buckets.dev)).as("the source bucket untouched").isEqualTo(sourceBefore);
        }
    }

    private static CliRun migrate(AppTables app, StorageBuckets buckets, Path dir, String files, String runId) throws IOException {
        Path plan = Files.writeString(dir.resolve(runId + ".json"),
                PLAN.formatted(app.devSuffix, buckets.dev, app.prodSuffix, buckets.prod, files));
        return CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", runId);
    }

    private static ValidationReport validation(String runId) {
        return ARTIFACTS.getJson(RunLayout.validation(runId), ValidationReport.class).orElseThrow();
    }

    private static byte[] bytes(StorageBuckets.Stored stored) {
        byte[] bytes = new byte[stored.bytes().size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = stored.bytes().get(i);
        }
        return bytes;
    }
}
