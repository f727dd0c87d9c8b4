package dev.dmig.cli;

import static dev.dmig.local.AppTables.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.infer.InferredPlan;
import dev.dmig.json.Json;
import dev.dmig.local.AppTables;
import dev.dmig.local.SharedStack;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunLayout;
import dev.dmig.store.S3ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code dmig infer} on an Amplify app's users and composite values, on DynamoDB Local: owners ({@code <sub>::<username>}),
 * a list of owners and subs, a sub in a nested map, a GSI key {@code USER#<sub>}, a composite sort-key attribute with a
 * reference ({@code projectId#createdAt}) and a single-table design whose keys and index key hold IDs
 * ({@code USER#<sub>}, {@code ORG#<id>}, {@code CUSTOMER#<id>}, {@code ORDER#<id>}, {@code GSI1PK = CUSTOMER#<id>}).
 * Infer proposes each identity reference and pattern with its evidence, no more, names the identity map it needs,
 * and the plan it writes passes {@code dmig analyze} once that file is there. No user pool is read: identities are
 * told by their shape, so none is above medium confidence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferIdentitiesIT {
    /** Development users: sub and username. */
    private static final String[][] USERS = {
            {"1f0c6a4e-0000-4000-8000-00000000000a", "alice"},
            {"1f0c6a4e-0000-4000-8000-00000000000b", "bob"},
            {"1f0c6a4e-0000-4000-8000-00000000000c", "carol"},
            {"1f0c6a4e-0000-4000-8000-00000000000e", "erin"}};
    private static final int TODOS = 48;
    private static final int PROJECTS = 12;
    private static final int TASKS = 60;
    private static final int CUSTOMERS = 8;
    private static final int ORGS = 4;
    private static final int ORDERS = 24;

    private AppTables app;

    @BeforeAll
    void setUp() {
        SharedStack.credentialsForTheCli();
        app = new AppTables("inferid")
                .table("Todo", "id", null, new AppTables.Index("byOwner", "ownerKey", null))
                .table("Project", "id", null)
                .table("Task", "id", null, new AppTables.Index("byProject", "projectId", "projectId#createdAt"))
                .table("App", "PK", "SK", new AppTables.Index("GSI1", "GSI1PK", "SK"));
        List<Map<String, AttributeValue>> todos = new ArrayList<>();
        for (int i = 0; i < TODOS; i++) {
            int user = i % USERS.length;
            todos.add(Map.of("id", s(id("todo", i)), "owner", s(owner(user)),
                    "editors", AttributeValue.fromL(List.of(s(owner((user + 1) % 4)), s(USERS[(user + 2) % 4][0]))),
                    "meta", AttributeValue.fromM(Map.of("createdBy", s(USERS[user][0]), "via", s("web"))),
                    "ownerKey", s("USER#" + USERS[user][0]), "title", s("todo " + i)));
        }
        app.load(app.source("Todo"), todos);
        List<Map<String, AttributeValue>> projects = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            projects.add(Map.of("id", s(id("project", i)), "owner", s(owner(i % 4)), "name", s("Project " + i)));
        }
        app.load(app.source("Project"), projects);
        List<Map<String, AttributeValue>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String project = id("project", i % PROJECTS);
            String createdAt = "2024-06-01T08:%02d:%02d.000Z".formatted(i / 60, i % 60);
            tasks.add(Map.of("id", s(id("task", i)), "projectId", s(project), "createdAt", s(createdAt),
                    "projectId#createdAt", s(project + "#" + createdAt), "status#createdAt", s((i % 3 == 0 ? "DONE#" : "OPEN#") + createdAt)));
        }
        app.load(app.source("Task"), tasks);
        List<Map<String, AttributeValue>> single = new ArrayList<>();
        for (int user = 0; user < USERS.length; user++) {
            single.add(Map.of("PK", s("USER#" + USERS[user][0]), "SK", s("PROFILE"), "name", s(USERS[user][1])));
        }
        for (int i = 0; i < CUSTOMERS; i++) {
            single.add(Map.of("PK", s("CUSTOMER#" + id("customer", i)), "SK", s("PROFILE"), "email", s("c" + i + "@example.com")));
        }
        for (int i = 0; i < ORDERS; i++) {
            single.add(Map.of("PK", s("ORG#" + id("org", i % ORGS)), "SK", s("ORDER#" + id("order", i)),
                    "GSI1PK", s("CUSTOMER#" + id("customer", i % CUSTOMERS)), "total", AttributeValue.fromN(Integer.toString(10 + i))));
        }
        app.load(app.source("App"), single);
    }

    @AfterAll
    void tearDown() {
        app.close();
    }

    @Test
    void identitiesAndPatterns_areProposedWithTheirEvidence_andThePlanPassesAnalysis(@TempDir Path dir) throws Exception {
        Map<String, String> devBefore = app.digests(app.devSuffix);
        Path evidence = dir.resolve("evidence.json");

        CliRun inferred = CliRun.of(CliRun.embeddedDynamoDb(), "infer", "--source-suffix", app.devSuffix,
                "--target-suffix", app.prodSuffix, "--evidence", evidence.toString());

        assertThat(inferred.code()).as(inferred.err()).isZero();
        MigrationPlan plan = PlanParser.parse(inferred.out());
        assertThat(InferIT.references(plan)).isEqualTo(Map.of(
                "Todo", Map.of("owner", "@owner", "editors[]", "@owner", "meta.createdBy", "@sub",
                        "ownerKey", "USER#{sub} sub=@sub"),
                "Project", Map.of("owner", "@owner"),
                "Task", Map.of("projectId", "Project", "projectId#createdAt", "{projectId}#{createdAt} projectId=Project"),
                "App", Map.of("PK", "CUSTOMER#{customer} customer=App | USER#{sub} sub=@sub | ORG#{org} org=App",
                        "SK", "ORDER#{order} order=App | PROFILE",
                        "GSI1PK", "CUSTOMER#{customer} customer=App")));
        assertThat(plan.table("App").idAttribute()).isEqualTo("PK");
        assertThat(plan.table("App").ids()).isEqualTo(IdStrategy.SHA256);
        assertThat(plan.identities().csv()).isEqualTo(InferredPlan.IDENTITIES_CSV);

        JsonNode tables = Json.tree(inferred.out().getBytes()).get("tables");
        assertThat(tables.get("Todo").get("comment").asText()).isEqualTo(String.join("; ",
                "editors[]: 8 of 8 values are <sub>::<username> or subs seen in owner values, by shape only, low confidence 0.68",
                "meta.createdBy: 4 of 4 values are subs seen in owner values, by shape only, low confidence 0.51",
                "owner: 4 of 4 values are <sub>::<username>, by shape only, low confidence 0.51",
                "ownerKey: 4 of 4 values are USER#<sub>, low confidence 0.51"));
        assertThat(tables.get("Task").get("comment").asText()).isEqualTo(String.join("; ",
                "projectId: 12 of 12 values are Project IDs, medium confidence 0.76",
                "projectId#createdAt: 60 of 60 values are <Project ID>#<createdAt>, medium confidence 0.76"));
        assertThat(tables.get("App").get("comment").asText()).isEqualTo(String.join("; ",
                "partition key 'PK' holds composite values (CUSTOMER#<App ID> or USER#<sub> or ORG#<App ID>): its pattern gives"
                        + " each item its new key",
                "GSI1PK: 8 of 8 values are CUSTOMER#<App ID>, low confidence 0.68",
                "PK: 16 of 16 values are CUSTOMER#<App ID> or USER#<sub> or ORG#<App ID>, low confidence 0.51",
                "SK: 24 of 24 values are ORDER#<App ID>; also PROFILE (1 value), medium confidence 0.86"));
        JsonNode sk = evidence(evidence, "App", "SK");
        assertThat(sk.get("kind").asText()).isEqualTo("pattern");
        assertThat(sk.get("method").asText()).isEqualTo("own keys");
        assertThat(sk.get("patterns").get(0).get("pattern").asText()).isEqualTo("ORDER#{order}");
        assertThat(sk.get("patterns").get(0).get("values").asInt()).isEqualTo(ORDERS);
        JsonNode gsi = evidence(evidence, "App", "GSI1PK");
        assertThat(gsi.get("method").asText()).isEqualTo("keys");
        JsonNode owner = evidence(evidence, "Todo", "owner");
        assertThat(owner.get("kind").asText()).isEqualTo("identity");
        assertThat(owner.get("method").asText()).isEqualTo("shape");
        assertThat(inferred.err()).contains("1 reference, 4 identity references and 5 patterns proposed in 4 tables",
                "identity references proposed: the plan names its identity map \"identities.csv\", which only you can write",
                "Review the plan, write identities.csv beside it, then: dmig analyze --plan plan.json");
        assertThat(app.digests(app.devSuffix)).isEqualTo(devBefore);

        Path planFile = dir.resolve("plan.json");
        Files.writeString(planFile, inferred.out());
        CliRun missing = dmig("analyze", "--plan", planFile.toString(), "--run", "inferid-missing");
        assertThat(missing.code()).isEqualTo(ExitCode.INVALID);
        assertThat(missing.err().strip()).isEqualTo("error: identity map " + dir.resolve("identities.csv") + " does not exist (the"
                + " plan's identities.csv, identities.csv, is read relative to the plan file " + planFile + ")");

        Files.writeString(dir.resolve(InferredPlan.IDENTITIES_CSV), csv());
        CliRun analyzed = dmig("analyze", "--plan", planFile.toString(), "--run", "inferid-analyze");

        assertThat(analyzed.code()).as(analyzed.out() + analyzed.err()).isZero();
        assertThat(analyzed.out()).contains("SUCCEEDED  run inferid-analyze (dry-run)", "  identities: 4 users in identities.csv");
        Analysis analysis = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET)
                .getJson(RunLayout.analysis("inferid-analyze"), Analysis.class).orElseThrow();
        assertThat(analysis.section("identities", JsonNode.class).get("unmatched").asLong()).isZero();
        assertThat(analysis.tables()).extracting(TableAnalysis::problems).containsOnly(0L);
    }

    private static String owner(int user) {
        return USERS[user][0] + "::" + USERS[user][1];
    }

    /** A UUID-shaped ID of its own per kind and index, as Amplify's clients make them. */
    private static String id(String kind, int index) {
        return UUID.nameUUIDFromBytes((kind + index).getBytes()).toString();
    }

    /** Each development user beside a production user, as a team would write the file. */
    private static String csv() {
        StringBuilder csv = new StringBuilder("source_sub,target_sub,source_username,target_username\n");
        for (String[] user : USERS) {
            csv.append(user[0]).append(',').append(user[0].replace("1f0c6a4e", "7a3e9b10")).append(',').append(user[1]).append(',')
                    .append(user[1]).append("@example.com\n");
        }
        return csv.toString();
    }

    private static JsonNode evidence(Path file, String model, String path) throws Exception {
        for (JsonNode table : Json.tree(Files.readAllBytes(file)).get("tables")) {
            if (table.get("model").asText().equals(model)) {
                for (JsonNode reference : table.get("references")) {
                    if (reference.get("path").asText().equals(path)) {
                        return reference;
                    }
                }
            }
        }
        throw new AssertionError("no evidence for " + model + "." + path);
    }

    private CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
