package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.TestFeatures;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cognito.CognitoLocal;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code dmig infer} on a team app whose attributes hold users' subs ({@code lead}, {@code members[]}, {@code assignee},
 * {@code admins[]}, {@code updatedBy}) and whose {@code UserProfile} table is keyed by them, beside DataStore's sync
 * table {@code AmplifyDataStore} (its IDs those of tasks), on DynamoDB Local and cognito-local (an emulator of Cognito's
 * user-pool API, not Cognito). With both user pools, the subs are {@code @sub} identity references and the profile
 * table's ID is a sub, the plan maps users by the pools and leaves the sync table alone, and a run of it gives every
 * record its production user; without the pools the same data is referred to the profile table, with a warning on
 * each such path. The identity map infer writes holds the users' usernames, which it prints nowhere.
 */
class InferPoolsIT {
    private static final int TASKS = 30;
    private static final AtomicInteger APPS = new AtomicInteger();
    private static CognitoLocal cognito;

    /** One development user as the pools made them: their subs and usernames in both pools (null when not in production). */
    private record User(String devSub, String devUsername, String prodSub, String prodUsername) {
        String owner() {
            return devSub + "::" + devUsername;
        }
    }

    /** The pools and the tables of one test. */
    private record App(String devPool, String prodPool, List<User> users, User carol, AppTables tables) {}

    @BeforeAll
    static void start() {
        SharedStack.credentialsForTheCli();
        cognito = CognitoLocal.shared();
    }

    /**
     * A development pool signing users in by username (erin's is her email) and a production pool signing them in by
     * email (a username there is the user's sub); carol has no production user, and no records.
     */
    private static App app() {
        int n = APPS.incrementAndGet();
        String dev = cognito.createPool("inferdev-" + n, false);
        String prod = cognito.createPool("inferprod-" + n, true);
        List<User> users = new ArrayList<>();
        for (String[] user : new String[][] {{"alice", "alice@example.com"}, {"bob", "bob@example.com"},
                {"erin@example.com", "erin@example.com"}}) {
            String[] d = cognito.createUser(dev, user[0], Map.of("email", user[1]));
            String[] p = cognito.createUser(prod, user[1], Map.of("email", user[1]));
            users.add(new User(d[1], d[0], p[1], p[0]));
        }
        String[] c = cognito.createUser(dev, "carol", Map.of("email", "carol@example.com"));
        AppTables tables = new AppTables("inferpools").table("UserProfile", "id", null).table("Task", "id", null)
                .table("AmplifyDataStore", "id", null);
        List<Map<String, AttributeValue>> profiles = new ArrayList<>();
        for (User user : users) {
            profiles.add(Map.of("id", s(user.devSub()), "owner", s(user.owner()), "displayName", s("Profile " + (profiles.size() + 1))));
        }
        tables.load(tables.source("UserProfile"), profiles);
        List<Map<String, AttributeValue>> tasks = new ArrayList<>();
        List<Map<String, AttributeValue>> syncs = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            User lead = users.get(i % 3);
            String id = UUID.nameUUIDFromBytes(("task" + n + "-" + i).getBytes()).toString();
            tasks.add(Map.of("id", s(id), "owner", s(lead.owner()), "lead", s(lead.devSub()),
                    "members", AttributeValue.fromL(List.of(s(users.get((i + 1) % 3).devSub()), s(users.get((i + 2) % 3).devSub()))),
                    "assignee", s(users.get((i + 1) % 3).devSub()), "admins", AttributeValue.fromSs(List.of(lead.devSub())),
                    "updatedBy", s(users.get((i + 2) % 3).devSub()), "title", s("task " + i)));
            syncs.add(Map.of("id", s(id), "_version", AttributeValue.fromN("1"), "tableName", s("Task")));
        }
        tables.load(tables.source("Task"), tasks);
        tables.load(tables.source("AmplifyDataStore"), syncs);
        return new App(dev, prod, users, new User(c[1], c[0], null, null), tables);
    }

    @Test
    void withBothPools_subsAreSubIdentities_theProfileKeyIsASub_theSyncTableIsLeftAlone_andARunGivesEachRecordItsProdUser(
            @TempDir Path dir) throws Exception {
        App app = app();
        try (AppTables tables = app.tables()) {
            Map<String, String> devBefore = tables.digests(tables.devSuffix);
            Path identities = dir.resolve("users.csv");

            CliRun inferred = infer(tables, "--source-user-pool-id", app.devPool(), "--target-user-pool-id", app.prodPool(),
                    "--cognito-endpoint", cognito.endpoint().toString(), "--identities-out", identities.toString());

            assertThat(inferred.code()).as(inferred.err()).isZero();
            assertThat(InferIT.references(dev.dmig.plan.PlanParser.parse(inferred.out()))).isEqualTo(Map.of(
                    "Task", Map.of("lead", "@sub", "members[]", "@sub", "assignee", "@sub", "admins[]", "@sub", "updatedBy", "@sub",
                            "owner", "@owner"),
                    "UserProfile", Map.of("id", "@sub", "owner", "@owner"), "AmplifyDataStore", Map.of()));
            JsonNode plan = Json.MAPPER.readTree(inferred.out());
            assertThat(plan.at("/tables/AmplifyDataStore")).isEqualTo(Json.MAPPER.readTree("{\"skip\": true, \"comment\": \"Amplify"
                    + " DataStore's delta-sync table, which clients sync from: not read, and left alone (copied, the target's clients"
                    + " would be sent the source's changes)\"}"));
            assertThat(plan.at("/source/userPoolId").asText()).isEqualTo(app.devPool());
            assertThat(plan.at("/target/userPoolId").asText()).isEqualTo(app.prodPool());
            assertThat(plan.at("/source/userPoolEndpoint").asText()).isEqualTo(cognito.endpoint().toString());
            assertThat(plan.get("identities")).isEqualTo(Json.MAPPER.readTree("{\"matchBy\": \"email\", \"onUnmatched\": \"refuse\"}"));
            assertThat(plan.at("/tables/UserProfile/comment").asText()).startsWith("partition key 'id' holds users' identities (subs"
                    + " of the users of user pool " + app.devPool() + "): the identity map gives each item its new key");
            assertThat(inferred.err()).contains("listing the users of pool " + app.devPool() + " and " + app.prodPool()
                            + " (ListUsers; reads only)",
                    "identity references proposed: the plan builds its identity map from the user pools " + app.devPool() + " and "
                            + app.prodPool() + ", pairing users by email as analysis will: 3 of 4 source users paired with 3 users of "
                            + app.prodPool(),
                    "1 source users have no pair (carol, no user of the target pool has this email)",
                    "the plan names " + cognito.endpoint() + " as its user pools' endpoint: analyze, test and migrate with it need no"
                            + " --cognito-endpoint",
                    "Review the plan, then: dmig analyze --plan plan.json")
                    .doesNotContain("erin@example.com").doesNotContain("alice@example.com").doesNotContain("which only you can write");
            // The file is the user's: every source user, real usernames and all; carol's target columns left to fill in.
            StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
            for (User user : app.users()) {
                csv.append(user.devSub()).append(',').append(user.prodSub()).append(',').append(user.devUsername()).append(',')
                        .append(user.prodUsername()).append('\n');
            }
            csv.append(app.carol().devSub()).append(",,carol,\n");
            assertThat(Files.readString(identities)).isEqualTo(sortedLike(csv.toString(), Files.readString(identities)));
            assertThat(inferred.err()).contains("wrote " + identities + ": 4 source users of user pool " + app.devPool() + ", 3 paired by"
                    + " email with their users of " + app.prodPool() + ", 1 with its target_sub and target_username empty");
            assertThat(tables.digests(tables.devSuffix)).isEqualTo(devBefore);

            Path planFile = dir.resolve("plan.json");
            Files.writeString(planFile, inferred.out());
            // A preview pairs the pools' users as the run will: a profile keyed by its user's sub gets the prod user's.
            User first = app.users().get(0);
            CliRun preview = dmig("preview", "--plan", planFile.toString(), "--table", "UserProfile", "--id", first.devSub(),
                    "--output", "json");
            assertThat(preview.code()).as(preview.err()).isZero();
            assertThat(Json.MAPPER.readTree(preview.out()).at("/0/target/id/S").asText()).isEqualTo(first.prodSub());
            CliRun migrated = dmig("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run",
                    "inferpools-" + tables.devSuffix.substring(1));

            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
            assertThat(migrated.out()).contains("identities: 3 of 4 users of pool " + app.devPool() + " paired by email with 3 users of"
                    + " pool " + app.prodPool());
            Map<String, String> prodSubs = new java.util.HashMap<>();
            app.users().forEach(u -> prodSubs.put(u.devSub(), u.prodSub()));
            assertThat(tables.scan(tables.target("UserProfile"))).extracting(p -> p.get("id").s())
                    .containsExactlyInAnyOrderElementsOf(prodSubs.values());
            List<Map<String, AttributeValue>> prodTasks = tables.scan(tables.target("Task"));
            assertThat(prodTasks).hasSize(TASKS).allSatisfy(task -> {
                assertThat(prodSubs.values()).contains(task.get("lead").s(), task.get("assignee").s(), task.get("updatedBy").s());
                assertThat(task.get("members").l()).allSatisfy(m -> assertThat(prodSubs.values()).contains(m.s()));
                assertThat(prodSubs.values()).containsAll(task.get("admins").ss());
            });
            assertThat(tables.scan(tables.target("AmplifyDataStore"))).as("the target's sync table, untouched").isEmpty();
        }
    }

    @Test
    void withoutThePools_theSameDataIsReferredToTheProfileTable_withAWarningOnEachPath_andTheFileHasEmptyTargets(@TempDir Path dir)
            throws Exception {
        App app = app();
        try (AppTables tables = app.tables()) {
            Path identities = dir.resolve("identities.csv");

            CliRun inferred = infer(tables, "--identities-out", identities.toString());

            assertThat(inferred.code()).as(inferred.err()).isZero();
            assertThat(InferIT.references(dev.dmig.plan.PlanParser.parse(inferred.out())).get("Task")).isEqualTo(Map.of(
                    "lead", "UserProfile", "members[]", "UserProfile", "assignee", "UserProfile", "admins[]", "UserProfile",
                    "updatedBy", "UserProfile", "owner", "@owner"));
            // Long warnings go on over indented lines of their own: read them joined.
            String warnings = inferred.err().replaceAll("\n {4,}", " ");
            for (String path : List.of("lead", "members[]", "assignee", "admins[]", "updatedBy")) {
                assertThat(warnings).contains("  Task: " + path + ": its values are IDs of UserProfile and also subs seen in"
                        + " owner values: if they hold users, they are identity references (\"" + path + "\": \"@sub\"), which follow"
                        + " each user to the target's sub, not references to UserProfile; infer tells them apart with the source's"
                        + " user pool (--source-user-pool-id)");
            }
            assertThat(inferred.err()).contains("  UserProfile: its partition key 'id' holds subs seen in owner values, by shape only",
                    "identities told by their shape only");
            JsonNode plan = Json.MAPPER.readTree(inferred.out());
            assertThat(plan.at("/tables/AmplifyDataStore/skip").asBoolean()).isTrue();
            assertThat(plan.get("identities")).isEqualTo(Json.MAPPER.readTree("{\"csv\": \"identities.csv\"}"));
            StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
            app.users().forEach(u -> csv.append(u.devSub()).append(",,").append(u.devUsername()).append(",\n"));
            assertThat(Files.readString(identities)).isEqualTo(sortedLike(csv.toString(), Files.readString(identities)));
            assertThat(inferred.err()).contains("wrote " + identities + ": 3 source users seen in owner values, 3 with their"
                    + " target_sub and target_username empty").doesNotContain("erin@example.com");

            // The file as written stops analysis at its first empty column: only the user knows who is who.
            Path planFile = dir.resolve("plan.json");
            Files.writeString(planFile, inferred.out());
            CliRun analyzed = dmig("analyze", "--plan", planFile.toString(), "--run", "inferpools-empty-" + tables.devSuffix.substring(1));
            assertThat(analyzed.code()).isEqualTo(ExitCode.INVALID);
            assertThat(analyzed.err()).contains("identities.csv line 2: target_sub is empty");
        }
    }

    @Test
    void aPlanThatMigratesTheSyncTableWithoutSayingSo_isRefusedBeforeAnyWrite(@TempDir Path dir) throws Exception {
        TestFeatures.assumeHas("DataStoreFeature");
        App app = app();
        try (AppTables tables = app.tables()) {
            CliRun inferred = infer(tables);
            ObjectNode plan = (ObjectNode) Json.MAPPER.readTree(inferred.out());
            ((ObjectNode) plan.get("tables")).set("AmplifyDataStore", Json.MAPPER.createObjectNode());
            Path planFile = dir.resolve("plan.json");
            Files.writeString(planFile, Json.MAPPER.writeValueAsString(plan));
            // A map that would let the run through: only the sync table's entry stops it.
            StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
            app.users().forEach(u -> csv.append(u.devSub()).append(',').append(u.prodSub()).append(',').append(u.devUsername())
                    .append(',').append(u.prodUsername()).append('\n'));
            Files.writeString(dir.resolve("identities.csv"), csv.toString());
            Map<String, String> prodBefore = tables.digests(tables.prodSuffix);

            CliRun refused = dmig("migrate", "--plan", planFile.toString(), "--confirm", "--no-backup", "--run",
                    "inferpools-sync-" + tables.devSuffix.substring(1));

            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCode.INVALID);
            assertThat(refused.err()).isEqualTo("error: the plan has 1 problem, nothing was written:\n  table AmplifyDataStore: is Amplify DataStore's delta-sync table, which clients sync"
                    + " from: copied, the target's clients would be sent the source's changes; give it \"skip\": true (as dmig infer"
                    + " proposes), or \"skip\": false to copy it on\n    purpose\n");
            assertThat(tables.digests(tables.prodSuffix)).isEqualTo(prodBefore);
        }
    }

    @Test
    void aPoolThatIsNotThere_isOneLineNamingTheOption_andAnIdentitiesFileIsNeverOverwritten(@TempDir Path dir) throws Exception {
        App app = app();
        try (AppTables tables = app.tables()) {
            CliRun missing = infer(tables, "--source-user-pool-id", "local_nosuchpool", "--cognito-endpoint",
                    cognito.endpoint().toString());

            assertThat(missing.code()).isEqualTo(ExitCode.INVALID);
            assertThat(missing.out()).isEmpty();
            assertThat(missing.err().strip().lines().toList()).last().isEqualTo("error: --source-user-pool-id local_nosuchpool: no such"
                    + " user pool at " + cognito.endpoint() + " (check --source-user-pool-id and --cognito-endpoint)");

            Path kept = Files.writeString(dir.resolve("identities.csv"), "source_sub,target_sub\n");
            CliRun refused = infer(tables, "--identities-out", kept.toString());
            assertThat(refused.code()).isEqualTo(ExitCode.INVALID);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err().strip()).isEqualTo("error: --identities-out " + kept + " exists: infer never writes over an"
                    + " identity map you may have filled in; move it away or name another file");
            assertThat(Files.readString(kept)).isEqualTo("source_sub,target_sub\n");

            CliRun alone = infer(tables, "--target-user-pool-id", app.prodPool());
            assertThat(alone.err().strip()).isEqualTo("error: --target-user-pool-id goes with --source-user-pool-id: add the source's"
                    + " pool, whose users the target's are paired with");
        }
    }

    private static CliRun infer(AppTables tables, String... options) {
        List<String> args = new ArrayList<>(List.of("infer", "--source-suffix", tables.devSuffix, "--target-suffix", tables.prodSuffix));
        args.addAll(List.of(options));
        return CliRun.of(CliRun.embeddedDynamoDb(), args.toArray(String[]::new));
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }

    /** {@code expected}'s header, then its lines in the order {@code actual} has them (a pool lists its users in its own order). */
    private static String sortedLike(String expected, String actual) {
        List<String> lines = expected.lines().toList();
        List<String> order = actual.lines().toList();
        List<String> sorted = new ArrayList<>(lines.subList(1, lines.size()));
        sorted.sort(java.util.Comparator.comparingInt(l -> order.indexOf(l) < 0 ? Integer.MAX_VALUE : order.indexOf(l)));
        return lines.get(0) + "\n" + String.join("\n", sorted) + "\n";
    }
}
