package dev.dmig.feature.mask;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.cli.CliRun;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.local.SpecIds;
import dev.dmig.local.StorageBuckets;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.io.IOException;
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
 * A masked preview proven clean by validation, on DynamoDB Local and the S3 store: a free-text attribute the plan keeps,
 * holding a user's email (and another table's key holding one), fails the run's validation, one line per table and
 * attribute naming the item by its key, never the value; masked as text, the same users pass, and the run's artifacts
 * (analysis, journal, checkpoints, ID map, validation, report, history) hold no source value the run masks. With user
 * pools (cognito-local), a source user's phone number in a kept title fails too.
 */
class MaskedCleanIT {
    private static final int USERS = 6;
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "mask-clean",
             "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
             "tables": {"User": {"mask": {"email": "email", "firstName": "givenName", "lastName": "familyName",
                                          "fullName": "fullName", "phone": "phone", "notes": "%s"}},
                        "Tag": {"references": {"userId": "User"}, "ids": "preserve", "mask": {"id": "keep", "label": "keep"}}}}
            """;
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static String email(int i) {
        return "cleanperson" + i + "@acme-clean.com";
    }

    private static AppTables app(String name, String tagId) {
        AppTables app = new AppTables(name).table("User", "id", null).table("Tag", "id", null);
        List<Map<String, AttributeValue>> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String notes = i == 2 ? "Call " + email(i) + " about the invoice." : i == 4 ? "Met Quentin Zarkowsky at the fair" : "ok";
            users.add(Map.of("id", s("u-" + i), "email", s(email(i)), "firstName", s("Quentin" + i),
                    "lastName", s("Zarkowsky" + i), "fullName", s(i == 4 ? "Quentin Zarkowsky" : "Quentin" + i + " Zarkowsky" + i),
                    "phone", s("+4479460" + (2000 + i)), "notes", s(notes)));
        }
        app.load(app.source("User"), users);
        app.load(app.source("Tag"), List.of(Map.of("id", s(tagId), "userId", s("u-3"), "label", s("vip"))));
        return app;
    }

    @Test
    void aKeptAttributeHoldingAMaskedEmail_failsValidation_andMaskedItPasses(@TempDir Path dir) throws Exception {
        try (AppTables kept = app("maskdirty", "USER#" + email(3)); AppTables masked = app("maskclean", "TAG#3")) {
            CliRun dirty = migrate(kept, dir, "keep", "mask-dirty");
            assertThat(dirty.code()).as(dirty.out() + dirty.err()).isNotZero();
            ValidationReport failed = validation("mask-dirty");
            assertThat(failed.passed()).isFalse();
            assertThat(failed.failures()).anySatisfy(line -> assertThat(line).startsWith("table User, attribute notes: 1 value"
                    + " holding a source email that the run masks; mask or remove this attribute too (first: item id="));
            assertThat(failed.failures()).as("a full name in a sentence").anySatisfy(line -> assertThat(line).startsWith(
                    "table User, attribute notes: 1 value holding a source name that the run masks;"));
            assertThat(failed.failures()).contains("table Tag, attribute id: 1 value holding a source email that the run masks;"
                    + " mask or remove this attribute too (first: item id=(a source email))");
            assertThat(String.join("\n", failed.failures()) + dirty.out() + dirty.err()).doesNotContain("acme-clean")
                    .doesNotContain("Zarkowsky");
            assertThat(dirty.out()).contains("ROLLED BACK  run mask-dirty");
            assertThat(kept.scan(kept.target("User"))).as("rolled back").isEmpty();

            // The same users, their notes masked as text, and a tag whose ID names nobody: nothing of the source anywhere, in
            // the target nor in the run's artifacts.
            Path plan = Files.writeString(dir.resolve("clean.json"), PLAN.formatted(masked.devSuffix, masked.prodSuffix, "text")
                    .replace("\"ids\": \"preserve\", ", ""));
            CliRun clean = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup",
                    "--run", "mask-clean");
            assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
            ValidationReport passed = validation("mask-clean");
            assertThat(passed.passed()).as(String.join("; ", passed.failures())).isTrue();

            assertThat(ARTIFACTS.get(RunLayout.prefix("mask-clean") + "mask/source-prints.bin")).as("the prints kept").isPresent();
            assertThat(RunArtifacts.holding(ARTIFACTS, "mask-clean", List.of("acme-clean", "zarkowsky", "quentin", "+447946020")))
                    .as("artifacts holding a masked source value").isEmpty();
            // The failed run's too (its report and validation included), but for the tag's key, which its journal and ID map
            // name as the run wrote it.
            assertThat(RunArtifacts.holding(ARTIFACTS, "mask-dirty", List.of("cleanperson2", "zarkowsky", "quentin", "+447946020")))
                    .as("artifacts holding a masked source value").isEmpty();
        }
    }

    /**
     * A source pool's user put in the preview's pool masked, whose phone number (which no record's masked attribute holds)
     * a kept title copies: validation fails naming it, and the run is rolled back; with the title masked, the run passes
     * and the masked user in the preview's pool holds nothing of theirs.
     */
    @Test
    void aKeptTitleHoldingAPoolUsersPhone_failsValidation(@TempDir Path dir) throws Exception {
        CognitoLocal cognito = CognitoLocal.shared();
        String prod = cognito.createPool("clean-prod", false);
        String preview = cognito.createPool("clean-preview", false);
        String[] user = cognito.createUser(prod, "qyrelle", Map.of("email", "qyrelle.vantroy@acme-clean.com",
                "phone_number", "+447946030303", "given_name", "Qyrelle", "family_name", "Vantroy", "name", "Qyrelle Vantroy"));
        try (AppTables app = new AppTables("maskpool").table("Todo", "id", null)) {
            app.load(app.source("Todo"), List.of(Map.of("id", s("todo-1"), "owner", s(user[1] + "::" + user[0]),
                    "ownerEmail", s("qyrelle.vantroy@acme-clean.com"), "title", s("Call +447946030303 back"))));
            String endpoint = cognito.endpoint().toString();
            String plan = """
                    {"source": {"tableSuffix": "%s", "userPoolId": "%s", "userPoolEndpoint": "%s"},
                     "target": {"tableSuffix": "%s", "userPoolId": "%s", "userPoolEndpoint": "%s"},
                     "idNamespace": "mask-clean-pool", "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
                     "tables": {"Todo": {"references": {"owner": "@owner"}, "mask": {"ownerEmail": "email", "title": "%s"}}}}
                    """;
            CliRun dirty = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", Files.writeString(dir.resolve("dirty.json"),
                    plan.formatted(app.devSuffix, prod, endpoint, app.prodSuffix, preview, endpoint, "keep")).toString(),
                    "--confirm", "--no-backup", "--run", "mask-pool-dirty");
            assertThat(dirty.code()).as(dirty.out() + dirty.err()).isNotZero();
            assertThat(validation("mask-pool-dirty").failures()).containsExactly("table Todo, attribute title: 1 value holding a"
                    + " source phone number that the run masks; mask or remove this attribute too (first: item id="
                    + SpecIds.newId("mask-clean-pool", "Todo", "todo-1") + ")");
            assertThat(dirty.out()).contains("ROLLED BACK  run mask-pool-dirty").doesNotContain("7946030303");
            assertThat(app.scan(app.target("Todo"))).as("rolled back").isEmpty();
            assertThat(cognito.client().listUsers(b -> b.userPoolId(preview)).users()).as("rolled back").isEmpty();

            CliRun clean = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", Files.writeString(dir.resolve("clean.json"),
                    plan.formatted(app.devSuffix, prod, endpoint, app.prodSuffix, preview, endpoint, "text")).toString(),
                    "--confirm", "--no-backup", "--run", "mask-pool-clean");
            assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
            List<String> masked = new ArrayList<>();
            cognito.client().listUsers(b -> b.userPoolId(preview)).users().forEach(u -> {
                masked.add(u.username());
                u.attributes().forEach(a -> masked.add(a.value()));
            });
            assertThat(masked).as("the masked user").hasSizeGreaterThan(5).noneMatch(v -> v.contains("acme-clean")
                    || v.contains("7946030303") || v.contains("Qyrelle") || v.contains("Vantroy") || v.equals("qyrelle"));
        }
    }

    /**
     * Members keyed by their emails, masked, whose avatars are named by them: a badge naming a member the source lacks and
     * a member whose avatar the source bucket lacks are named, in the analysis and what dmig prints, by the keys the run
     * writes in the preview, never by a source email; validation, which looks through the run's artifacts too, passes.
     */
    @Test
    void anOrphanOfAnEmailKeyedTable_andAMissingObjectUnderAnEmailNamedKey_areNamedAsInThePreview(@TempDir Path dir)
            throws Exception {
        try (StorageBuckets buckets = new StorageBuckets("maskexamples", false);
             AppTables app = new AppTables("maskexamples").table("Member", "email", null).table("Badge", "id", null)) {
            List<Map<String, AttributeValue>> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String avatar = "public/avatars/" + email(i) + ".png";
                if (i != 2) {
                    buckets.put(buckets.dev, avatar, ("the face of " + email(i)).getBytes(StandardCharsets.UTF_8), "image/png",
                            Map.of());
                }
                members.add(Map.of("email", s(email(i)), "avatarKey", s(avatar)));
            }
            app.load(app.source("Member"), members);
            app.load(app.source("Badge"), List.of(Map.of("id", s("b-1"), "memberEmail", s(email(0))),
                    Map.of("id", s("b-2"), "memberEmail", s("ghost@acme-clean.com"))));
            Path plan = Files.writeString(dir.resolve("examples.json"), """
                    {"source": {"tableSuffix": "%s", "storageBucket": "%s"}, "target": {"tableSuffix": "%s", "storageBucket": "%s"},
                     "idNamespace": "mask-examples", "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"}, "files": {"onMissing": "keep"},
                     "tables": {"Member": {"idAttribute": "email", "ids": "preserve", "files": {"avatarKey": {}},
                                           "mask": {"email": "email", "avatarKey": {"kind": "placeholder",
                                                    "pattern": "public/avatars/{email}.png", "email": "email"}}},
                                "Badge": {"references": {"memberEmail": "Member"}}}}
                    """.formatted(app.devSuffix, buckets.dev, app.prodSuffix, buckets.prod));

            CliRun run = CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup",
                    "--run", "mask-examples");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out() + run.err()).as("what dmig printed").doesNotContain("acme-clean");
            String analysis = new String(ARTIFACTS.get(RunLayout.analysis("mask-examples")).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(run.out()).as("the missing avatar, by its key in the preview").contains("1 value names no object in bucket "
                    + buckets.dev).contains("@example.invalid.png (as in the target))");
            assertThat(analysis).as("the analysis").doesNotContain("acme-clean");
            assertThat(analysis).as("the missing avatar, by its key in the preview").contains("\"value\":\"public/avatars/")
                    .contains("@example.invalid.png (as in the target)\"");
            assertThat(analysis).as("the orphaned badge's member, by the ID the preview would name").containsPattern(
                    "\"orphanExamples\":\\[\\{\"item\":\"id=b-2\",\"value\":\"[a-z.0-9]+@example\\.invalid \\(as in the target\\)\"");
            ValidationReport validation = validation("mask-examples");
            assertThat(validation.passed()).as(String.join("; ", validation.failures())).isTrue();
            assertThat(RunArtifacts.holding(ARTIFACTS, "mask-examples", List.of("acme-clean")))
                    .as("artifacts holding a source email").isEmpty();
        }
    }

    private static CliRun migrate(AppTables app, Path dir, String notes, String runId) throws IOException {
        Path plan = Files.writeString(dir.resolve(runId + ".json"), PLAN.formatted(app.devSuffix, app.prodSuffix, notes));
        return CliRun.of(CliRun.embeddedStack(), "migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", runId);
    }

    private static ValidationReport validation(String runId) {
        return ARTIFACTS.getJson(RunLayout.validation(runId), ValidationReport.class).orElseThrow();
    }
}
