package dev.dmig.cli;

import static dev.dmig.local.AppTables.n;
import static dev.dmig.local.AppTables.s;
import static dev.dmig.local.AppTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.IdentityAnalysis;
import dev.dmig.analysis.IdentitySummary;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
    /** Development users: sub, username; production's: sub, username (null: none). */
    private static final String[][] USERS = {
            {"1f0c6a4e-0000-4000-8000-00000000000a", "alice", "7a3e9b10-0000-4000-8000-00000000000a", "alice@example.com"},
            {"1f0c6a4e-0000-4000-8000-00000000000b", "bob", "7a3e9b10-0000-4000-8000-00000000000b", "robert"},
            {"1f0c6a4e-0000-4000-8000-00000000000e", "erin", "7a3e9b10-0000-4000-8000-00000000000e", "erin"},
            {"1f0c6a4e-0000-4000-8000-00000000000c", "carol", null, null}};
    private static final String CAROL = USERS[3][0] + "::carol";
    private static final int TODOS = 48;
    private static final int PROJECTS = 6;
    private static final int TASKS = 30;
    private static final int ORDERS = 24;
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, %s
             "identities": {"csv": "users.csv"%s},
             "tables": {
               "Todo": {"references": {"owner": "@owner", "editors[]": "@owner", "meta.createdBy": "@sub",
                                       "ownerKey": {"pattern": "USER#{sub}", "sub": "@sub"}}},
               "Project": {"references": {"owner": "@owner"}},
               "Task": {"references": {"projectId": "Project",
                                       "projectId#createdAt": {"pattern": "{projectId}#{createdAt}", "projectId": "Project"}}},
               "App": {"idAttribute": "PK",
                       "references": {
                         "PK": [{"pattern": "USER#{sub}", "sub": "@sub"}, {"pattern": "ORG#{org}", "org": "App"}],
                         "SK": [{"pattern": "ORDER#{order}", "order": "App"}, {"pattern": "PROFILE"}],
                         "GSI1PK": {"pattern": "USER#{sub}", "sub": "@sub"}}}}}
            """;
    private static final S3ArtifactStore ARTIFACTS = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static String owner(int user) {
        return USERS[user][0] + "::" + USERS[user][1];
    }

    /** The tables, with every user's records; {@code carol}: whether carol's are among them. */
    private static AppTables app(String name, boolean carol) {
        int users = carol ? 4 : 3;
        AppTables app = new AppTables(name)
                .table("Todo", "id", null, new AppTables.Index("byOwner", "ownerKey", null))
                .table("Project", "id", null)
                .table("Task", "id", null, new AppTables.Index("byProject", "projectId", "projectId#createdAt"))
                .table("App", "PK", "SK", new AppTables.Index("GSI1", "GSI1PK", "SK"));
        List<Map<String, AttributeValue>> todos = new ArrayList<>();
        for (int i = 0; i < TODOS; i++) {
            int user = i % users;
            todos.add(Map.of("id", s("todo-" + i), "owner", s(owner(user)),
                    "editors", AttributeValue.fromL(List.of(s(owner((user + 1) % users)), s(USERS[(user + 2) % users][0]))),
                    "meta", AttributeValue.fromM(Map.of("createdBy", s(USERS[user][0]), "via", s("web"))),
                    "ownerKey", s("USER#" + USERS[user][0]), "_version", n(1 + i % 4), "_lastChangedAt", n(1_700_000_000_000L + i)));
        }
        app.load(app.source("Todo"), todos);
        List<Map<String, AttributeValue>> projects = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            projects.add(Map.of("id", s("p-" + i), "owner", s(owner(i % 3))));
        }
        app.load(app.source("Project"), projects);
        List<Map<String, AttributeValue>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String createdAt = "2024-06-01T08:00:%02d.000Z".formatted(i);
            tasks.add(Map.of("id", s("task-" + i), "projectId", s("p-" + i % PROJECTS), "createdAt", s(createdAt),
                    "projectId#createdAt", s("p-" + i % PROJECTS + "#" + createdAt)));
        }
        app.load(app.source("Task"), tasks);
        List<Map<String, AttributeValue>> single = new ArrayList<>();
        for (int user = 0; user < users; user++) {
            single.add(Map.of("PK", s("USER#" + USERS[user][0]), "SK", s("PROFILE"), "name", s(USERS[user][1])));
        }
        for (int i = 0; i < ORDERS; i++) {
            single.add(Map.of("PK", s("ORG#o-" + i % 4), "SK", s("ORDER#n-" + i), "GSI1PK", s("USER#" + USERS[i % users][0])));
        }
        app.load(app.source("App"), single);
        return app;
    }

    /** The map as the team writes it: with a header, usernames included. */
    private static String csv() {
        StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
        for (String[] user : USERS) {
            if (user[2] != null) {
                csv.append(user[0]).append(',').append(user[2]).append(',').append(user[1]).append(',').append(user[3]).append('\n');
            }
        }
        return csv.toString();
    }

    /** The test's own map of an identity value: the production user's, or null for carol's. */
    private static String mapped(String value) {
        for (String[] user : USERS) {
            if (user[2] == null) {
                continue;
            }
            if (value.equals(user[0] + "::" + user[1])) {
                return user[2] + "::" + user[3];
            }
            if (value.equals(user[0])) {
                return user[2];
            }
        }
        return null;
    }

    /** What a source item must become, by the test's map, the spec's ID function and the run's start; {@code keep}: carol stays. */
    private static Map<String, AttributeValue> expected(AppTables app, String model, Map<String, AttributeValue> source,
                                                        boolean keep, long started) {
        Map<String, AttributeValue> item = new HashMap<>(source);
        switch (model) {
            case "Todo" -> {
                item.put("id", s(app.newId("Todo", source.get("id").s())));
                putIdentity(item, "owner", source.get("owner").s(), keep);
                List<AttributeValue> editors = new ArrayList<>();
                source.get("editors").l().forEach(e -> {
                    String value = mapped(e.s());
                    if (value != null || keep) {
                        editors.add(s(value != null ? value : e.s()));
                    }
                });
                item.put("editors", AttributeValue.fromL(editors));
                Map<String, AttributeValue> meta = new HashMap<>(source.get("meta").m());
                putIdentity(meta, "createdBy", meta.get("createdBy").s(), keep);
                item.put("meta", AttributeValue.fromM(meta));
                String sub = source.get("ownerKey").s().substring("USER#".length());
                if (mapped(sub) != null || keep) {
                    item.put("ownerKey", s("USER#" + (mapped(sub) != null ? mapped(sub) : sub)));
                } else {
                    item.remove("ownerKey");
                }
                item.put("_version", n(1));
                item.put("_lastChangedAt", n(started));
            }
            case "Project" -> {
                item.put("id", s(app.newId("Project", source.get("id").s())));
                putIdentity(item, "owner", source.get("owner").s(), keep);
            }
            case "Task" -> {
                item.put("id", s(app.newId("Task", source.get("id").s())));
                String project = app.newId("Project", source.get("projectId").s());
                item.put("projectId", s(project));
                item.put("projectId#createdAt", s(project + "#" + source.get("createdAt").s()));
            }
            default -> {
                item.put("PK", s(key(app, source.get("PK").s())));
                item.put("SK", s(key(app, source.get("SK").s())));
                if (source.containsKey("GSI1PK")) {
                    item.put("GSI1PK", s(key(app, source.get("GSI1PK").s())));
                }
            }
        }
        return item;
    }

    private static void putIdentity(Map<String, AttributeValue> item, String attribute, String value, boolean keep) {
        String mapped = mapped(value);
        if (mapped != null) {
            item.put(attribute, s(mapped));
        } else if (!keep) {
            item.remove(attribute);
        }
    }

    /** {@code USER#<sub>} with the production sub (carol's kept), {@code TYPE#<id>} with the ID mapped, {@code PROFILE} as it is. */
    private static String key(AppTables app, String value) {
        int hash = value.indexOf('#');
        if (hash < 0) {
            return value;
        }
        String rest = value.substring(hash + 1);
        if (value.startsWith("USER#")) {
            return "USER#" + (mapped(rest) != null ? mapped(rest) : rest);
        }
        return value.substring(0, hash + 1) + app.newId("App", rest);
    }

    private static void assertMapped(AppTables app, List<String> models, String runId, boolean keep) {
        long started = Instant.parse(ARTIFACTS.getJson(RunLayout.manifest(runId), RunManifest.class).orElseThrow().createdAt())
                .toEpochMilli();
        for (String model : models) {
            List<Map<String, AttributeValue>> want = new ArrayList<>();
            app.scan(app.source(model)).forEach(source -> want.add(expected(app, model, source, keep, started)));
            assertThat(app.byKey(model, app.scan(app.target(model)))).as("target table %s", model).isEqualTo(app.byKey(model, want));
        }
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
            // The first 20 problems are listed: carol's in Todo's owners, editors and creators.
            String fix = "' has no match in users.csv; add the user there, or set identities.onUnmatched to keep or remove";
            assertThat(run.out()).containsPattern("  table Todo, item id=todo-\\d+, attribute (owner|editors\\[\\]): identity '("
                    + Pattern.quote(CAROL) + "|" + Pattern.quote(USERS[3][0]) + ")" + Pattern.quote(fix));
            assertThat(run.lastLine()).endsWith(": nothing was written");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
            // The analysis counts them, as it counts orphans: each item with carol in it is a problem.
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("id-refuse"), Analysis.class).orElseThrow();
            IdentityAnalysis owner = table(analysis, "Todo").identities().get(0);
            assertThat(owner.path()).isEqualTo("owner");
            assertThat(owner.values()).isEqualTo(TODOS);
            assertThat(owner.unmatched()).isEqualTo(TODOS / 4);
            assertThat(owner.unmatchedExamples().get(0).value()).isEqualTo(CAROL);
            assertThat(table(analysis, "Todo").problems()).isEqualTo(TODOS * 3 / 4);
            assertThat(table(analysis, "App").problems()).isEqualTo(1 + ORDERS / 4);

            // A key that holds carol's sub names its item by its whole key.
            CliRun single = dmig("analyze", "--plan", plan(app, dir, null, "").toString(), "--tables", "App", "--run", "id-refuse-app");
            assertThat(single.code()).isEqualTo(ExitCode.INVALID);
            assertThat(single.out()).contains("  table App, item PK=USER#" + USERS[3][0] + ", SK=PROFILE, attribute PK: identity '"
                    + USERS[3][0] + fix);
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
            String bob = "USER#" + USERS[1][2];
            assertThat(app.dynamoDb.query(b -> b.tableName(app.target("Todo")).indexName("byOwner")
                    .keyConditionExpression("ownerKey = :o").expressionAttributeValues(Map.of(":o", s(bob)))).items())
                    .hasSize(TODOS / 4).allSatisfy(t -> assertThat(t.get("owner").s()).isEqualTo(USERS[1][2] + "::robert"));
            Analysis analysis = ARTIFACTS.getJson(RunLayout.analysis("id-keep"), Analysis.class).orElseThrow();
            IdentitySummary identities = analysis.identities();
            assertThat(identities.users()).isEqualTo(3);
            assertThat(identities.unmatched()).isPositive();
            assertThat(analysis.warnings()).anySatisfy(w -> assertThat(w).startsWith("table Todo, attribute owner: " + TODOS / 4
                    + " identity values have no match in users.csv and are copied as they are (e.g. item id=todo-"));
            assertThat(ARTIFACTS.getJson(RunLayout.validation("id-keep"), ValidationReport.class).orElseThrow().passed()).isTrue();

            CliRun idmap = dmig("idmap", "--run", "id-keep", "--identities");
            assertThat(idmap.code()).as(idmap.err()).isZero();
            assertThat(idmap.out()).isEqualTo(csv());
            CliRun status = dmig("status", "--run", "id-keep");
            assertThat(status.out()).contains("identities: 3 users in users.csv; ");

            CliRun rollback = dmig("rollback", "--run", "id-keep");
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
                    + "; an identity without a match cannot be removed from it (identities.onUnmatched is remove): use refuse or keep");

            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--tables", "Todo,Project",
                    "--run", "id-remove");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertMapped(app, List.of("Todo", "Project"), "id-remove", false);
            assertThat(app.scan(app.target("Todo"))).filteredOn(t -> !t.containsKey("owner")).hasSize(TODOS / 4);
        }
    }

    @Test
    void aRunKilledMidWay_resumesExactly_withTheMapItWasStartedWith(@TempDir Path dir) throws Exception {
        try (AppTables app = app("idkill", false)) {
            Path plan = plan(app, dir, null, "\"writeRateLimit\": 15,");
            MidRunKill.killMidRun(plan, "id-kill", 20, dir);
            // The file changes after the run began: the run goes on with the map it froze.
            Files.writeString(plan.resolveSibling("users.csv"), csv().replace(USERS[0][2], "99999999-0000-4000-8000-000000000000"));

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
