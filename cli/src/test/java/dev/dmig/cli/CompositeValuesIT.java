package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static dev.dmig.local.AppTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * IDs inside composite values, on DynamoDB Local: a single-table design whose partition and sort keys
 * ({@code ORG#<id>}, {@code CUSTOMER#<id>}, {@code ORDER#<id>}) and index key ({@code GSI1PK}) hold IDs, and an
 * Amplify composite sort-key attribute {@code projectId#createdAt} that a global secondary index sorts by.
 * Every mapped value is checked against the ID function written again from the spec ({@code SpecIds}), the
 * indexes answer with the mapped values, validation passes, a rollback restores the target exactly, conflicts are
 * found at the mapped keys, and a run killed mid-way resumes exactly.
 */
class CompositeValuesIT {
    private static final int PROJECTS = 30;
    private static final int TASKS = 120;
    private static final int ORGS = 10;
    private static final int CUSTOMERS = 20;
    private static final int ORDERS = 100;
    private static final String PLAN = """
            {"source": {"tableSuffix": "%s"}, "target": {"tableSuffix": "%s"}, %s
             "tables": {
               "Project": {},
               "Task": {"references": {"projectId": "Project",
                        "projectId#createdAt": {"pattern": "{projectId}#{createdAt}", "projectId": "Project"}}},
               "App": {"idAttribute": "PK",
                       "references": {
                         "PK": [{"pattern": "ORG#{org}", "org": "App"}, {"pattern": "CUSTOMER#{customer}", "customer": "App"}],
                         "SK": [{"pattern": "ORDER#{order}", "order": "App"}, {"pattern": "PROFILE"}],
                         "GSI1PK": {"pattern": "CUSTOMER#{customer}", "customer": "App"}}}}}
            """;

    @BeforeAll
    static void credentials() {
        SharedStack.credentialsForTheCli();
    }

    private static AppTables app(String name) {
        AppTables app = new AppTables(name)
                .table("Project", "id", null)
                .table("Task", "id", null, new AppTables.Index("byStatus", "status", "projectId#createdAt"))
                .table("App", "PK", "SK", new AppTables.Index("GSI1", "GSI1PK", "SK"));
        app.load(app.source("Project"), projects());
        app.load(app.source("Task"), tasks());
        app.load(app.source("App"), single());
        return app;
    }

    private static List<Map<String, AttributeValue>> projects() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            items.add(Map.of("id", s("p-" + i), "name", s("Project " + i)));
        }
        return items;
    }

    /** Tasks of every project, and one of a project that is not there (an orphan, reported and copied). */
    private static List<Map<String, AttributeValue>> tasks() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i <= TASKS; i++) {
            String project = i == TASKS ? "p-gone" : "p-" + i % PROJECTS;
            String createdAt = "2024-05-01T10:%02d:%02d.000Z".formatted(i / 60, i % 60);
            items.add(Map.of("id", s("t-" + i), "projectId", s(project), "createdAt", s(createdAt),
                    "status", s(i % 3 == 0 ? "DONE" : "OPEN"), "projectId#createdAt", s(project + "#" + createdAt)));
        }
        return items;
    }

    private static List<Map<String, AttributeValue>> single() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < ORGS; i++) {
            items.add(Map.of("PK", s("ORG#o-" + i), "SK", s("PROFILE"), "name", s("Org " + i)));
        }
        for (int i = 0; i < CUSTOMERS; i++) {
            items.add(Map.of("PK", s("CUSTOMER#c-" + i), "SK", s("PROFILE"), "email", s("c" + i + "@example.com")));
        }
        for (int i = 0; i < ORDERS; i++) {
            items.add(Map.of("PK", s("ORG#o-" + i % ORGS), "SK", s("ORDER#n-" + i), "GSI1PK", s("CUSTOMER#c-" + i % CUSTOMERS),
                    "total", AttributeValue.fromN(Integer.toString(10 + i))));
        }
        return items;
    }

    /** What a source item must become, by the spec's ID function: the test's own mapping, not dmig's. */
    private static Map<String, AttributeValue> expected(AppTables app, String model, Map<String, AttributeValue> source) {
        Map<String, AttributeValue> item = new HashMap<>(source);
        switch (model) {
            case "Project" -> item.put("id", s(app.newId("Project", source.get("id").s())));
            case "Task" -> {
                item.put("id", s(app.newId("Task", source.get("id").s())));
                String project = app.newId("Project", source.get("projectId").s());
                item.put("projectId", s(project));
                item.put("projectId#createdAt", s(project + "#" + source.get("createdAt").s()));
            }
            default -> {
                item.put("PK", s(prefixed(app, source.get("PK").s())));
                item.put("SK", s(prefixed(app, source.get("SK").s())));
                if (source.containsKey("GSI1PK")) {
                    item.put("GSI1PK", s(prefixed(app, source.get("GSI1PK").s())));
                }
            }
        }
        return item;
    }

    /** {@code TYPE#id} with the ID mapped under App; {@code PROFILE} as it is. */
    private static String prefixed(AppTables app, String value) {
        int hash = value.indexOf('#');
        return hash < 0 ? value : value.substring(0, hash + 1) + app.newId("App", value.substring(hash + 1));
    }

    /** Every target table holds each source item as the spec maps it, and {@code others} besides, nothing else. */
    private static void assertMapped(AppTables app, Map<String, List<Map<String, AttributeValue>>> others) {
        for (String model : List.of("Project", "Task", "App")) {
            List<Map<String, AttributeValue>> want = new ArrayList<>(others.getOrDefault(model, List.of()));
            app.scan(app.source(model)).forEach(source -> want.add(expected(app, model, source)));
            assertThat(app.byKey(model, app.scan(app.target(model)))).as("target table %s", model)
                    .isEqualTo(app.byKey(model, want));
        }
    }

    private static Path planFile(AppTables app, Path dir, String extra) throws Exception {
        Path file = dir.resolve("plan-" + app.devSuffix + ".json");
        Files.writeString(file, PLAN.formatted(app.devSuffix, app.prodSuffix, extra));
        return file;
    }

    @Test
    void keysAndCompositeValues_areMapped_indexesAnswer_validationPasses_andRollbackRestoresTheTargetExactly(@TempDir Path dir)
            throws Exception {
        try (AppTables app = app("composite")) {
            // Production's own record, which the run must leave as it is, and a rollback too.
            Map<String, AttributeValue> theirs = Map.of("PK", s("ORG#prod-only"), "SK", s("PROFILE"), "name", s("Theirs"));
            app.load(app.target("App"), List.of(theirs));
            Map<String, String> before = app.digests(app.prodSuffix);
            Path plan = planFile(app, dir, "");

            CliRun migrate = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "composite-it");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
            assertThat(migrate.lastLine()).startsWith("SUCCEEDED  run composite-it (full): ");
            assertMapped(app, Map.of("App", List.of(theirs)));
            // The indexes sort and find by the mapped values.
            String customer = "CUSTOMER#" + app.newId("App", "c-3");
            assertThat(app.dynamoDb.query(b -> b.tableName(app.target("App")).indexName("GSI1")
                    .keyConditionExpression("GSI1PK = :c").expressionAttributeValues(Map.of(":c", s(customer)))).items())
                    .extracting(i -> i.get("SK").s())
                    .containsExactlyInAnyOrder("ORDER#" + app.newId("App", "n-3"), "ORDER#" + app.newId("App", "n-23"),
                            "ORDER#" + app.newId("App", "n-43"), "ORDER#" + app.newId("App", "n-63"), "ORDER#" + app.newId("App", "n-83"));
            String project = app.newId("Project", "p-1");
            assertThat(app.dynamoDb.query(b -> b.tableName(app.target("Task")).indexName("byStatus")
                    .keyConditionExpression("#s = :s AND begins_with(#c, :p)")
                    .expressionAttributeNames(Map.of("#s", "status", "#c", "projectId#createdAt"))
                    .expressionAttributeValues(Map.of(":s", s("OPEN"), ":p", s(project + "#")))).items())
                    .extracting(i -> i.get("id").s())
                    .containsExactlyInAnyOrder(app.newId("Task", "t-1"), app.newId("Task", "t-31"), app.newId("Task", "t-61"),
                            app.newId("Task", "t-91"));

            S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
            Analysis analysis = artifacts.getJson(RunLayout.analysis("composite-it"), Analysis.class).orElseThrow();
            Map<String, ReferenceAnalysis> task = references(analysis, "Task");
            assertThat(task.get("projectId#createdAt{projectId}").values()).isEqualTo(TASKS + 1);
            assertThat(task.get("projectId#createdAt{projectId}").orphans()).isEqualTo(1);
            assertThat(task.get("projectId#createdAt{projectId}").orphanExamples().get(0).value()).isEqualTo("p-gone");
            Map<String, ReferenceAnalysis> single = references(analysis, "App");
            assertThat(single.keySet()).containsExactlyInAnyOrder("PK{org}", "PK{customer}", "SK{order}", "GSI1PK{customer}");
            // App is keyed by a pattern: references to it are mapped, and counted unchecked.
            assertThat(single.get("GSI1PK{customer}").unchecked()).isEqualTo(ORDERS);
            assertThat(analysis.levels()).containsExactly(List.of("Project", "App"), List.of("Task"));

            CliRun validate = dmig("validate", "--run", "composite-it");
            assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
            ValidationReport validation = artifacts.getJson(RunLayout.validation("composite-it"), ValidationReport.class).orElseThrow();
            assertThat(validation.passed()).isTrue();
            assertThat(validation.tables()).allSatisfy(t -> assertThat(t.brokenReferences()).isZero());

            CliRun rollback = dmig("rollback", "--run", "composite-it", "--confirm");
            assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
            assertThat(rollback.lastLine()).startsWith("ROLLED BACK  run composite-it");
            assertThat(app.digests(app.prodSuffix)).as("target exactly as before").isEqualTo(before);
        }
    }

    @Test
    void anItemAlreadyAtAMappedKey_isAConflictThere_beforeAnyWrite(@TempDir Path dir) throws Exception {
        try (AppTables app = app("compconf")) {
            Map<String, AttributeValue> there = Map.of("PK", s("ORG#" + app.newId("App", "o-4")), "SK",
                    s("ORDER#" + app.newId("App", "n-14")), "note", s("already here"));
            app.load(app.target("App"), List.of(there));
            Map<String, String> before = app.digests(app.prodSuffix);

            CliRun migrate = dmig("migrate", "--plan", planFile(app, dir, "").toString(), "--confirm", "--no-backup",
                    "--run", "composite-conflict");

            assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCode.REFUSED);
            Analysis analysis = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET)
                    .getJson(RunLayout.analysis("composite-conflict"), Analysis.class).orElseThrow();
            TableAnalysis single = table(analysis, "App");
            assertThat(single.conflicts()).isEqualTo(1);
            assertThat(single.conflictExamples().get(0).sourceItem()).isEqualTo("PK=ORG#o-4, SK=ORDER#n-14");
            assertThat(single.conflictExamples().get(0).targetKey())
                    .isEqualTo("PK=" + there.get("PK").s() + ", SK=" + there.get("SK").s());
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        }
    }

    @Test
    void aRunKilledMidWay_resumesExactly(@TempDir Path dir) throws Exception {
        try (AppTables app = app("compkill")) {
            // Paced, so that the copy is still going when the process is killed.
            Path plan = planFile(app, dir, "\"writeRateLimit\": 40,");
            MidRunKill.killMidRun(plan, "composite-kill", 40, dir);
            assertThat(app.scan(app.target("App")).size() + app.scan(app.target("Project")).size()).isPositive();

            CliRun resumed = dmig("resume", "--run", "composite-kill");

            assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.lastLine()).startsWith("SUCCEEDED  run composite-kill (full): ");
            assertMapped(app, Map.of());
        }
    }

    private static Map<String, ReferenceAnalysis> references(Analysis analysis, String model) {
        return table(analysis, model).references().stream()
                .collect(Collectors.toMap(ReferenceAnalysis::path, r -> r, (a, b) -> a, TreeMap::new));
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
