package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.TestFeatures;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code dmig migrate --refresh} into a preview an earlier run filled, after the source changed (a record added, one
 * edited, one deleted) and the preview's people edited a copy and added a record of their own: the preview then equals a
 * fresh copy of the new source (masked: the same fakes under the same key), plus its own record; the earlier run shows
 * rolled back. A refresh whose undo cannot be done (a table of the preview deleted) stops with one line and migrates
 * nothing, and the command it prints finishes the undo as printed once the table is back; a dry run with the option says
 * what it would undo and writes nothing. A refresh whose new run strict mode refuses undoes nothing.
 */
class RefreshIT {
    private static final String MASKED = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "refresh-it",
             "mask": {"keyFrom": "DMIG_TEST_MASK_KEY"},
             "tables": {"Org": {"mask": {"name": "keep"}},
                        "User": {"references": {"orgId": "Org"},
                                 "mask": {"email": "email", "lastName": "familyName", "nickname": "keep"}},
                        "Invite": {"references": {"userId": "User"}, "mask": {"email": "email"}}}}
            """;
    private static final String PLAIN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, "idNamespace": "refresh-plain-it",
             "tables": {"Org": {}, "User": {"references": {"orgId": "Org"}}, "Invite": {"references": {"userId": "User"}}}}
            """;
    private static final List<String> MODELS = List.of("Org", "User", "Invite");
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app(String name) {
        AppTables app = new AppTables(name).table("Org", "id", null).table("User", "id", null).table("Invite", "id", null);
        app.load(app.source("Org"), List.of(Map.of("id", s("o-1"), "name", s("Acme"))));
        List<Map<String, AttributeValue>> users = new ArrayList<>();
        List<Map<String, AttributeValue>> invites = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(Map.of("id", s("u-" + i), "orgId", s("o-1"), "email", s("person" + i + "@acme-corp.com"),
                    "lastName", s("Lastname" + i), "nickname", s("nick" + i)));
            invites.add(Map.of("id", s("i-" + i), "userId", s("u-" + i), "email", s("person" + i + "@acme-corp.com")));
        }
        app.load(app.source("User"), users);
        app.load(app.source("Invite"), invites);
        return app;
    }

    /** The source's changes since the first run: a user and their invite added, a user's name edited, an invite deleted. */
    private static void change(AppTables app) {
        app.load(app.source("User"), List.of(Map.of("id", s("u-new"), "orgId", s("o-1"), "email", s("newcomer@acme-corp.com"),
                        "lastName", s("Newcomer"), "nickname", s("nick-new")),
                Map.of("id", s("u-1"), "orgId", s("o-1"), "email", s("person1@acme-corp.com"), "lastName", s("Renamed"),
                        "nickname", s("nick1"))));
        app.load(app.source("Invite"), List.of(Map.of("id", s("i-new"), "userId", s("u-new"), "email",
                s("newcomer@acme-corp.com"))));
        app.dynamoDb.deleteItem(b -> b.tableName(app.source("Invite")).key(Map.of("id", s("i-2"))));
    }

    @Test
    void aMaskedRefresh_replacesTheEarlierCopy_editsIncluded_andKeepsThePreviewsOwnRecord(@TempDir Path dir) throws Exception {
        TestFeatures.assumeHas("MaskFeature"); // its plan masks
        refreshes(dir, MASKED, "refreshm", "rf-m");
    }

    @Test
    void anUnmaskedRefresh_isTheSame(@TempDir Path dir) throws Exception {
        refreshes(dir, PLAIN, "refreshp", "rf-p");
    }

    private static void refreshes(Path dir, String template, String name, String prefix) throws Exception {
        try (AppTables preview = app(name); AppTables fresh = app(name + "fresh")) {
            Path plan = plan(dir, template, preview);
            CliRun first = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", prefix + "-1");
            assertThat(first.code()).as(first.out() + first.err()).isZero();
            // The preview's people: a record of their own, and an edit of a copy the run wrote.
            Map<String, AttributeValue> own = Map.of("id", s("preview-own"), "orgId", s("x"), "nickname", s("tester"));
            preview.load(preview.target("User"), List.of(own));
            Map<String, AttributeValue> edited = new HashMap<>(preview.scan(preview.target("User")).stream()
                    .filter(user -> !user.get("id").s().equals("preview-own")).findFirst().orElseThrow());
            edited.put("nickname", s("edited in the preview"));
            preview.load(preview.target("User"), List.of(edited));
            change(preview);

            CliRun dry = dmig("analyze", "--plan", plan.toString(), "--refresh", "--run", prefix + "-dry");
            assertThat(dry.out()).as(dry.out() + dry.err()).contains("refresh: a refresh would undo run " + prefix + "-1 (full, ");
            assertThat(preview.scan(preview.target("User"))).as("a dry run writes nothing").contains(edited, own);

            CliRun refresh = dmig("migrate", "--plan", plan.toString(), "--refresh", "--confirm", "--no-backup", "--run", prefix + "-2");
            assertThat(refresh.code()).as(refresh.out() + refresh.err()).isZero();
            assertThat(refresh.err()).contains("refresh: undoing run " + prefix + "-1 (full, succeeded) in *" + preview.prodSuffix);

            change(fresh);
            CliRun copy = dmig("migrate", "--plan", plan(dir, template, fresh).toString(), "--confirm", "--no-backup",
                    "--run", prefix + "-fresh");
            assertThat(copy.code()).as(copy.out() + copy.err()).isZero();
            for (String model : MODELS) {
                Map<String, Map<String, AttributeValue>> refreshed = byId(preview.scan(preview.target(model)));
                if (model.equals("User")) {
                    assertThat(refreshed.remove("preview-own")).as("the preview's own record stays").isEqualTo(own);
                }
                assertThat(refreshed).as(model + ": the refreshed preview is a fresh copy of the new source")
                        .isEqualTo(byId(fresh.scan(fresh.target(model))));
            }
            Map<String, Map<String, AttributeValue>> users = byId(preview.scan(preview.target("User")));
            assertThat(users).hasSize(8);
            assertThat(preview.scan(preview.target("Invite"))).hasSize(6)
                    .allSatisfy(invite -> assertThat(users).as("the invite's user").containsKey(invite.get("userId").s()));
            assertThat(dmig("status").out()).containsPattern(prefix + "-1 .*rolled-back").containsPattern(prefix + "-2 .*succeeded");

            aRefreshWhoseUndoCannotBeDone_migratesNothing(preview, plan, prefix);
        }
    }

    /** The preview's Invite table gone: the undo of the refreshed run is refused, and no run starts. */
    private static void aRefreshWhoseUndoCannotBeDone_migratesNothing(AppTables preview, Path plan, String prefix) {
        Map<String, Map<String, AttributeValue>> users = byId(preview.scan(preview.target("User")));
        preview.dynamoDb.deleteTable(b -> b.tableName(preview.target("Invite")));
        CliRun stopped = dmig("migrate", "--plan", plan.toString(), "--refresh", "--confirm", "--no-backup", "--run", prefix + "-3");
        assertThat(stopped.code()).as(stopped.out() + stopped.err()).isNotZero();
        assertThat(stopped.out()).as(stopped.out() + stopped.err()).contains("REFRESH STOPPED  undoing run " + prefix + "-2 did "
                + "not finish").contains("nothing was migrated");
        assertThat(stopped.err()).contains("error: run " + prefix + "-2's table " + preview.target("Invite") + " is not in DynamoDB");
        assertThat(ARTIFACTS.getJson(RunLayout.manifest(prefix + "-3"), Map.class)).as("no run started").isEmpty();
        assertThat(byId(preview.scan(preview.target("User")))).as("nothing undone either").isEqualTo(users);

        // The cause fixed (the table there again), the command printed finishes it as printed, and the refresh runs.
        preview.dynamoDb.createTable(b -> b.tableName(preview.target("Invite"))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        Matcher printed = Pattern.compile("finish by hand: (dmig rollback [^,]+), then this command again").matcher(stopped.out());
        assertThat(printed.find()).as(stopped.out()).isTrue();
        List<String> words = List.of(printed.group(1).split(" "));
        CliRun finished = CliRun.execute(words.subList(1, words.size()), null);
        assertThat(finished.code()).as(finished.out() + finished.err()).isZero();
        CliRun again = dmig("migrate", "--plan", plan.toString(), "--refresh", "--confirm", "--no-backup", "--run", prefix + "-4");
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.err()).doesNotContain("refresh: undoing");
        assertThat(byId(preview.scan(preview.target("User")))).isEqualTo(users);
        assertThat(preview.scan(preview.target("Invite"))).hasSize(6);
    }

    /**
     * A refresh whose new run strict mode refuses (the source gained a phone number the plan neither masks nor keeps): the
     * new run's checks come first, so nothing is undone, the earlier run stays as it ended and the preview as it was.
     */
    @Test
    void aRefreshTheNewRunsChecksRefuse_undoesNothing(@TempDir Path dir) throws Exception {
        TestFeatures.assumeHas("MaskFeature"); // the refusal is masking's strict mode
        try (AppTables preview = app("refreshstrict")) {
            Path plan = plan(dir, MASKED, preview);
            CliRun first = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "rf-s-1");
            assertThat(first.code()).as(first.out() + first.err()).isZero();
            Map<String, Map<String, Map<String, AttributeValue>>> before = new HashMap<>();
            MODELS.forEach(model -> before.put(model, byId(preview.scan(preview.target(model)))));
            preview.load(preview.source("User"), List.of(Map.of("id", s("u-0"), "orgId", s("o-1"), "email", s("person0@acme-corp.com"),
                    "lastName", s("Lastname0"), "nickname", s("nick0"), "phone", s("+44 7700 900123"))));

            CliRun refused = dmig("migrate", "--plan", plan.toString(), "--refresh", "--confirm", "--no-backup", "--run", "rf-s-2");

            assertThat(refused.code()).as(refused.out() + refused.err()).isNotZero();
            assertThat(refused.out() + refused.err()).contains("table User, attribute phone:").doesNotContain("Exception")
                    .doesNotContain("+44 7700 900123");
            assertThat(refused.err()).contains("error: refresh refused: the new run would be refused for the 1 problem dry run ")
                    .contains("nothing was undone, the earlier runs' copy in *" + preview.prodSuffix + " stands")
                    .doesNotContain("refresh: undoing");
            assertThat(ARTIFACTS.getJson(RunLayout.manifest("rf-s-2"), Map.class)).as("no run started").isEmpty();
            assertThat(dmig("status").out()).containsPattern("rf-s-1 .*succeeded");
            for (String model : MODELS) {
                assertThat(byId(preview.scan(preview.target(model)))).as(model + ": the preview as the earlier run left it")
                        .isEqualTo(before.get(model));
            }
        }
    }

    private static Map<String, Map<String, AttributeValue>> byId(List<Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> byId = new HashMap<>();
        items.forEach(item -> byId.put(item.get("id").s(), item));
        return byId;
    }

    private static Path plan(Path dir, String template, AppTables app) throws Exception {
        Path file = dir.resolve("plan" + app.prodSuffix + ".json");
        Files.writeString(file, template.formatted(app.devSuffix, app.prodSuffix));
        return file;
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
