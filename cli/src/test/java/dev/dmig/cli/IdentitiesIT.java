package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static dev.dmig.local.AppTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's users mapped by an identity map given as CSV, on DynamoDB Local: owners ({@code <sub>::<username>}),
 * lists of owners, a sub in a nested map, a GSI key {@code USER#<sub>}, a single-table partition key holding subs
 * or IDs, a sort key holding IDs and a composite sort-key attribute with a reference. One development user (carol)
 * has no production user: the default refuses the run before any write naming each value; {@code keep} copies her
 * values as they are; {@code remove} leaves them out. Every value is checked against the test's own map and the
 * spec's ID function, validation passes, a rollback restores the target exactly, and a run killed mid-way resumes
 * exactly with the map it was started with, whatever the file says by then.
 */
class IdentitiesIT {
    /** Development users and their production users; carol has none. */
    private static final IdentityApp USERS = new IdentityApp(List.of(
            new IdentityApp.User("1f0c6a4e-0000-4000-8000-00000000000a", "alice", "7a3e9b10-0000-4000-8000-00000000000a", "alice@example.com"),
            new IdentityApp.User("1f0c6a4e-0000-4000-8000-00000000000b", "bob", "7a3e9b10-0000-4000-8000-00000000000b", "robert"),
            new IdentityApp.User("1f0c6a4e-0000-4000-8000-00000000000e", "erin", "7a3e9b10-0000-4000-8000-00000000000e", "erin"),
            new IdentityApp.User("1f0c6a4e-0000-4000-8000-00000000000c", "carol", null, null)));
    private static final IdentityApp.User CAROL_USER = USERS.users.get(3);
    private static final String CAROL = CAROL_USER.devOwner();
    private static final int TODOS = IdentityApp.TODOS;
    private static final int ORDERS = IdentityApp.ORDERS;
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, %s
             "identities": {"csv": "users.csv"%s},
            """ + IdentityApp.TABLES + "}";
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    /** The tables, with every user's records; {@code carol}: whether carol's are among them. */
    private static AppTables app(String name, boolean carol) {
        return USERS.tables(name, carol ? 4 : 3);
    }

    /** The map as the team writes it: with a header, usernames included. */
    private static String csv() {
        StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
        for (IdentityApp.User user : USERS.users) {
            if (user.prodSub() != null) {
                csv.append(user.devSub()).append(',').append(user.prodSub()).append(',').append(user.devUsername()).append(',')
                        .append(user.prodUsername()).append('\n');
            }
        }
        return csv.toString();
    }

    private static void assertMapped(AppTables app, List<String> models, String runId, boolean keep) {
        USERS.assertMapped(app, ARTIFACTS, models, runId, keep);
    }

    private static Path plan(AppTables app, Path dir, String onUnmatched, String extra) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(app.devSuffix.substring(1)));
        Files.writeString(folder.resolve("users.csv"), csv());
        Path file = folder.resolve("plan.json");
        Files.writeString(file, PLAN.formatted(app.devSuffix, app.prodSuffix, extra,
                onUnmatched == null ? "" : ", \"onUnmatched\": \"" + onUnmatched + "\""));
        return file;
    }

    @Test
    void aUserWithoutAMatch_refusesTheRun_beforeAnyWrite_namingEachValue(@TempDir Path dir) throws Exception {
        try (AppTables app = app("idrefuse", true)) {
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun run = dmig("migrate", "--plan", plan(app, dir, null, "").toString(), "--confirm", "--no-backup",
                    "--run", "id-refuse");

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCode.INVALID);
            // One line per table and attribute, with its count and first items: carol's in Todo's owners, editors and creators.
            String fix = "' has no match in users.csv; add the user there, or set identities.onUnmatched to keep or remove";
            assertThat(run.out()).containsPattern("  table Todo, attribute (owner|editors\\[\\]): \\d+ items \\(first: item id=todo-\\d+:"
                    + " identity '("
                    + Pattern.quote(CAROL) + "|" + Pattern.quote(CAROL_USER.devSub()) + ")" + Pattern.quote(fix));
            assertThat(run.lastLine()).endsWith(": nothing was written");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
            // The analysis counts them, as it counts orphans: each item with carol in it is a problem.
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("id-refuse"), Analysis.class).orElseThrow();
            // Read as analysis.json holds it: the test names nothing of the feature's folder, which compiles without it.
            JsonNode owner = table(analysis, "Todo").section("identities", JsonNode.class).get(0);
            assertThat(owner.path("path").asText()).isEqualTo("owner");
            assertThat(owner.path("values").asLong()).isEqualTo(TODOS);
            assertThat(owner.path("unmatched").asLong()).isEqualTo(TODOS / 4);
            assertThat(owner.path("unmatchedExamples").get(0).path("value").asText()).isEqualTo(CAROL);
            assertThat(table(analysis, "Todo").problems()).isEqualTo(TODOS * 3 / 4);
            assertThat(table(analysis, "App").problems()).isEqualTo(1 + ORDERS / 4);

            // A key that holds carol's sub names its item by its whole key.
            CliRun single = dmig("analyze", "--plan", plan(app, dir, null, "").toString(), "--tables", "App", "--run", "id-refuse-app");
            assertThat(single.code()).isEqualTo(ExitCode.INVALID);
            assertThat(single.out()).contains("  table App, item PK=USER#" + CAROL_USER.devSub() + ", SK=PROFILE, attribute PK: identity '"
                    + CAROL_USER.devSub() + fix);
        }
    }

    @Test
    void aMapOfSubsAlone_forOwnersWhoseUsernamesAreNotTheirSubs_isRefusedSayingTheUsernameColumnsAreMissing(@TempDir Path dir)
            throws Exception {
        try (AppTables app = app("idsubsonly", false)) {
            Path plan = plan(app, dir, null, "");
            StringBuilder subs = new StringBuilder("source_sub,target_sub\n");
            USERS.users.stream().filter(u -> u.prodSub() != null).forEach(u -> subs.append(u.devSub()).append(',').append(u.prodSub())
                    .append('\n'));
            Files.writeString(plan.resolveSibling("users.csv"), subs.toString());
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun analyzed = dmig("analyze", "--plan", plan.toString(), "--tables", "Todo,Project", "--run", "id-subs-only");

            assertThat(analyzed.code()).as(analyzed.out() + analyzed.err()).isEqualTo(ExitCode.INVALID);
            assertThat(analyzed.out()).containsPattern("  table (Todo|Project), attribute (owner|editors\\[\\]): \\d+ items \\(first:"
                    + " item id=[a-z]+-\\d+: identity '" + Pattern.quote(USERS.users.get(0).devOwner()) + Pattern.quote("' has no match in users.csv: its"
                    + " sub is there, but users.csv gives subs alone (source_sub,target_sub, which serves only pools where each user's"
                    + " username is their sub); add the columns source_username,target_username with each user's usernames, or set"
                    + " identities.onUnmatched to keep or remove"));
            assertThat(analyzed.out()).doesNotContain("add the user there");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        }
    }

    @Test
    void aMapWithItsColumnsSwapped_isRefusedInOneLineSayingSo_underKeepToo(@TempDir Path dir) throws Exception {
        try (AppTables app = app("idswapped", false)) {
            Path plan = plan(app, dir, "keep", "");
            // The production users first: every development user of the data is in the target columns.
            StringBuilder swapped = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
            USERS.users.stream().filter(u -> u.prodSub() != null).forEach(u -> swapped.append(u.prodSub()).append(',')
                    .append(u.devSub()).append(',').append(u.prodUsername()).append(',').append(u.devUsername()).append('\n'));
            Files.writeString(plan.resolveSibling("users.csv"), swapped.toString());
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun run = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "id-swapped");

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCode.INVALID);
            assertThat(run.out() + run.err()).containsPattern("users\\.csv has its columns swapped: [\\d,]+ of the source's identity"
                    + " values \\(first: table \\w+, attribute [^)]+\\) are its target users, 0 its source users; each line gives the"
                    + " development \\(source\\) user first, then the production \\(target\\) one \\(source_sub,target_sub,"
                    + "source_username,target_username\\[,source_identity_id,target_identity_id\\]\\): swap its columns");
            assertThat(run.out()).doesNotContain("identity '").doesNotContain("alice@example.com");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        }
    }

    @Test
    void keep_mapsEveryUserTheMapKnows_keepsCarols_validates_andRollsBackExactly(@TempDir Path dir) throws Exception {
        try (AppTables app = app("idkeep", true)) {
            Map<String, String> before = app.digests(app.prodSuffix);
            Path plan = plan(app, dir, "keep", "");

            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "id-keep");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertThat(migrate.out()).contains("  identities: 3 users in users.csv; ");
            assertMapped(app, List.of("Todo", "Project", "Task", "App"), "id-keep", true);
            // The index on the mapped key finds a production user's todos.
            String bob = "USER#" + USERS.users.get(1).prodSub();
            assertThat(app.dynamoDb.query(b -> b.tableName(app.target("Todo")).indexName("byOwner")
                    .keyConditionExpression("ownerKey = :o").expressionAttributeValues(Map.of(":o", s(bob)))).items())
                    .hasSize(TODOS / 4).allSatisfy(t -> assertThat(t.get("owner").s()).isEqualTo(USERS.users.get(1).prodSub() + "::robert"));
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("id-keep"), Analysis.class).orElseThrow();
            JsonNode identities = analysis.section("identities", JsonNode.class);
            assertThat(identities.get("users").asInt()).isEqualTo(3);
            assertThat(identities.get("unmatched").asLong()).isPositive();
            assertThat(analysis.warnings()).anySatisfy(w -> assertThat(w).startsWith("table Todo, attribute owner: " + TODOS / 4
                    + " identity values have no match in users.csv and are copied as they are (e.g. item id=todo-"));
            assertThat(ARTIFACTS.getJson(RunLayout.validation("id-keep"), ValidationReport.class).orElseThrow().passed()).isTrue();

            CliRun idmap = dmig("idmap", "--run", "id-keep", "--identities");
            assertThat(idmap.code()).as(idmap.err()).isZero();
            assertThat(idmap.out()).as("alice's production username, an email, masked").isEqualTo(csv().replace(",alice@example.com\n",
                    ",a***@e***.com\n"));
            CliRun status = dmig("status", "--run", "id-keep");
            assertThat(status.out()).contains("identities: 3 users in users.csv; ");

            CliRun rollback = dmig("rollback", "--run", "id-keep", "--confirm");
            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(app.digests(app.prodSuffix)).as("target exactly as before").isEqualTo(before);
        }
    }

    @Test
    void remove_leavesCarolsValuesOut_butNotFromAKey(@TempDir Path dir) throws Exception {
        try (AppTables app = app("idremove", true)) {
            Path plan = plan(app, dir, "remove", "");
            CliRun onKeys = dmig("analyze", "--plan", plan.toString(), "--run", "id-remove-keys");
            assertThat(onKeys.code()).as(onKeys.out() + onKeys.err()).isEqualTo(ExitCode.INVALID);
            assertThat(onKeys.out()).contains("  table App, attribute PK: is a key attribute of " + app.source("App")
                    + "; an identity without a match cannot be removed from it (onUnmatched is remove): use refuse, keep, or drop (the item is left behind)");

            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--tables", "Todo,Project",
                    "--run", "id-remove");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertMapped(app, List.of("Todo", "Project"), "id-remove", false);
            assertThat(app.scan(app.target("Todo"))).filteredOn(t -> !t.containsKey("owner")).hasSize(TODOS / 4);
        }
    }

    @Test
    void drop_leavesBehindTheRecordsOfAUserWithoutAMatch_andTheRunValidates(@TempDir Path dir) throws Exception {
        try (AppTables app = app("iddrop", true)) {
            Path plan = plan(app, dir, "remove", "");
            Files.writeString(plan, Files.readString(plan).replace("\"App\": {\"idAttribute\"", "\"App\": {\"onUnmatched\": \"drop\", \"idAttribute\""));
            List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> carols = app.scan(app.source("App")).stream()
                    .filter(item -> item.values().stream().anyMatch(v -> v.s() != null && v.s().contains(CAROL_USER.devSub()))).toList();

            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "id-drop");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertThat(carols).as("her profile and the orders she placed").hasSize(1 + ORDERS / 4);
            assertThat(migrate.out()).contains("table App: " + carols.size() + " items are left behind, each holding an identity with no "
                    + "match in users.csv (onUnmatched: drop)");
            assertThat(app.scan(app.target("App"))).hasSize(app.scan(app.source("App")).size() - carols.size())
                    .allSatisfy(item -> assertThat(item.toString()).doesNotContain(CAROL_USER.devSub()));
            assertThat(app.scan(app.target("Todo"))).as("the plan's remove still holds elsewhere")
                    .filteredOn(t -> !t.containsKey("owner")).hasSize(TODOS / 4);
        }
    }

    @Test
    void aRunKilledMidWay_resumesExactly_withTheMapItWasStartedWith(@TempDir Path dir) throws Exception {
        try (AppTables app = app("idkill", false)) {
            // Killed while a segment holds its writer lease: its tables, written together, are paced to take a few seconds.
            Path plan = plan(app, dir, null, "\"writeRateLimit\": 5,");
            MidRunKill.killMidRun(plan, "id-kill", 0, dir);
            // The file changes after the run began: the run goes on with the map it froze.
            Files.writeString(plan.resolveSibling("users.csv"), csv().replace(USERS.users.get(0).prodSub(), "99999999-0000-4000-8000-000000000000"));

            CliRun resumed = dmig("resume", "--run", "id-kill");

            assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run id-kill (full): ");
            assertMapped(app, List.of("Todo", "Project", "Task", "App"), "id-kill", false);
        }
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
