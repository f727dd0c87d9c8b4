package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.PlanParser;
import dev.dmig.report.RunReport;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.Slice;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.TableInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code --root}: one project of the sample app with everything it owns (quotes, quote items, comments,
 * milestones, …) and what they refer to (contacts, property, request), on DynamoDB Local through the CLI.
 */
class SliceIT {
    @Test
    void aProjectsSlice_isAnalyzedThenMigratedAlone_isANoOpAgain_andAFullRunAfterIsTheFullRunAlone(@TempDir Path dir)
            throws Exception {
        try (SampleApp app = new SampleApp("slice", SampleData.scaled(0.1))) {
            SharedStack.credentialsForTheCli();
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            String project = app.scan(app.source("Projects")).stream().map(i -> i.get("id").s())
                    .min(Comparator.naturalOrder()).orElseThrow();
            Path abort = dir.resolve("plan.json");
            app.writePlan(abort);
            ObjectNode skipping = (ObjectNode) Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8));
            skipping.put("onConflict", "skip");
            Path skip = dir.resolve("plan-skip.json");
            SamplePlan.write(skip, Json.pretty(skipping));
            Map<String, String> emptyTarget = app.digests(app.prodSuffix);

            CliRun analyzed = dmig("analyze", "--plan", abort.toString(), "--root", "Projects:" + project, "--run", "slice-dry");

            assertThat(analyzed.code()).as(analyzed.out() + analyzed.err()).isZero();
            assertThat(analyzed.out()).contains("Slice of Projects:" + project + ": ");
            Slice slice = RunFiles.slice(artifacts, "slice-dry").orElseThrow();
            assertThat(slice.tables().keySet()).contains("Projects", "Quotes", "QuoteItems", "Contacts", "Properties");
            assertThat(slice.tables().get("Projects").ids()).containsExactly(project);
            assertThat(app.digests(app.prodSuffix)).as("a dry run writes nothing").isEqualTo(emptyTarget);

            CliRun migrated = dmig("migrate", "--plan", abort.toString(), "--root", "Projects:" + project, "--confirm",
                    "--no-backup", "--run", "slice-1");

            assertThat(migrated.code()).as(migrated.out() + migrated.err()).isZero();
            assertThat(migrated.lastLine()).startsWith("SUCCEEDED  run slice-1 (full): ");
            assertThat(app.targetDigests()).as("the target holds exactly the slice, mapped").isEqualTo(app.expectedTarget(slice, "slice-1"));
            assertThat(report(artifacts, "slice-1").totals().itemsWritten()).isEqualTo(slice.totals().members());

            Map<String, String> afterSlice = app.digests(app.prodSuffix);
            CliRun again = dmig("migrate", "--plan", skip.toString(), "--root", "Projects:" + project, "--confirm",
                    "--no-backup", "--run", "slice-2");

            assertThat(again.code()).as(again.out() + again.err()).isZero();
            assertThat(again.out()).startsWith("NOTHING TO DO  run slice-2 (full): the target already holds exactly what this"
                    + " plan writes (" + slice.totals().members() + " items in ").endsWith("written by run slice-1; nothing to do\n");
            assertThat(app.digests(app.prodSuffix)).as("the same slice again changes nothing").isEqualTo(afterSlice);

            CliRun full = dmig("migrate", "--plan", skip.toString(), "--confirm", "--no-backup", "--run", "slice-full");

            assertThat(full.code()).as(full.out() + full.err()).isZero();
            app.assertExact("slice-1", "slice-full");
        }
    }

    @Test
    void aTestOfARoot_movesItsWholeSlice_andAFullRunAfterAdoptsIt(@TempDir Path dir) throws Exception {
        try (SampleApp app = new SampleApp("slicetest", SampleData.scaled(0.05))) {
            SharedStack.credentialsForTheCli();
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Path plan = dir.resolve("plan.json");
            app.writePlan(plan);
            // A request some project came from: its slice has descendants (the project and what it owns) and ancestors.
            String request = app.scan(app.source("Projects")).stream().filter(i -> i.containsKey("requestId"))
                    .map(i -> i.get("requestId").s()).min(Comparator.naturalOrder()).orElseThrow();

            CliRun tested = dmig("test", "--plan", plan.toString(), "--root", "Requests:" + request, "--run", "slice-test");

            assertThat(tested.code()).as(tested.out() + tested.err()).isZero();
            assertThat(tested.lastLine()).startsWith("SUCCEEDED  run slice-test (test): ");
            Slice slice = RunFiles.slice(artifacts, "slice-test").orElseThrow();
            assertThat(slice.totals().descendants()).as("the request's projects and what they own").isPositive();
            assertThat(app.targetDigests()).isEqualTo(app.expectedTarget(slice, "slice-test"));

            CliRun mixed = dmig("test", "--plan", plan.toString(), "--root", "Requests:" + request, "--table", "Requests");
            assertThat(mixed.code()).isNotZero();
            assertThat(mixed.err() + mixed.out()).contains("--root tests the root's whole slice: leave out --table");

            CliRun full = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", "slice-test-full");
            assertThat(full.code()).as(full.out() + full.err()).isZero();
            app.assertExact("slice-test", "slice-test-full");
        }
    }

    @Test
    void aRootNotInTheSource_isRefusedInOneLine_andNothingIsWritten(@TempDir Path dir) throws Exception {
        try (SampleApp app = new SampleApp("sliceno", SampleData.scaled(0.02))) {
            SharedStack.credentialsForTheCli();
            Path plan = dir.resolve("plan.json");
            app.writePlan(plan);
            Map<String, String> emptyTarget = app.digests(app.prodSuffix);

            CliRun run = dmig("migrate", "--plan", plan.toString(), "--root", "Projects:no-such-project", "--confirm",
                    "--no-backup", "--run", "slice-none");

            assertThat(run.code()).isNotZero();
            assertThat(run.lastLine()).isEqualTo("INVALID  run slice-none (full): nothing was written");
            assertThat(run.out()).contains("root Projects:no-such-project is not in the source: no item of Projects" + app.devSuffix);
            assertThat(app.digests(app.prodSuffix)).isEqualTo(emptyTarget);
            CliRun badForm = dmig("analyze", "--plan", plan.toString(), "--root", "Projects");
            assertThat(badForm.code()).isNotZero();
            assertThat(badForm.err() + badForm.out()).contains("root 'Projects' is not of the form MODEL:ID");
            // The target is free again.
            assertThat(dmig("analyze", "--plan", plan.toString(), "--run", "slice-after").code()).isZero();
        }
    }

    /**
     * Teams and members referring to each other (a team's captain, a member's team) and to themselves (a member's
     * mentor): the slice of team t1 is t1, its members m1 and m2, m3 whom m1 mentors, and what m3 brings as an
     * ancestor (its team t2 and t2's captain m4), but not m5, t2's other member. Then the run is rolled back.
     */
    @Test
    void aSliceThroughReferenceCycles_isClosed_migratesExactly_andRollsBack(@TempDir Path dir) throws Exception {
        String tag = "cyc" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100_000;
        String dev = "-" + tag + "-dev";
        String prod = "-" + tag + "-prod";
        SharedStack.credentialsForTheCli();
        try (DynamoDbClient dynamoDb = SharedStack.dynamoDb()) {
            for (String table : List.of("Teams" + dev, "Teams" + prod, "Members" + dev, "Members" + prod)) {
                dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                        .attributeDefinitions(d -> d.attributeName("id").attributeType(ScalarAttributeType.S)));
            }
            put(dynamoDb, "Teams" + dev, Map.of("id", "t1", "captainId", "m1"), Map.of("id", "t2", "captainId", "m4"));
            put(dynamoDb, "Members" + dev, Map.of("id", "m1", "teamId", "t1", "mentorId", "m1"),
                    Map.of("id", "m2", "teamId", "t1", "mentorId", "m1"), Map.of("id", "m3", "teamId", "t2", "mentorId", "m1"),
                    Map.of("id", "m4", "teamId", "t2"), Map.of("id", "m5", "teamId", "t2", "mentorId", "m4"));
            String planJson = ("{\"source\": {\"tableSuffix\": \"%s\"}, \"target\": {\"tableSuffix\": \"%s\"},"
                    + " \"tables\": {\"Teams\": {\"references\": {\"captainId\": \"Members\"}},"
                    + " \"Members\": {\"references\": {\"teamId\": \"Teams\", \"mentorId\": \"Members\"}}}}").formatted(dev, prod);
            Path plan = dir.resolve("plan.json");
            Files.writeString(plan, planJson);

            CliRun run = dmig("migrate", "--plan", plan.toString(), "--root", "Teams:t1", "--confirm", "--no-backup",
                    "--run", tag);

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("Slice of Teams:t1: 6 items (1 root, 3 descendants, 2 ancestors)");
            ItemTransformer transformer = new ItemTransformer(PlanParser.parse(planJson));
            for (String model : List.of("Teams", "Members")) {
                Set<String> members = model.equals("Teams") ? Set.of("t1", "t2") : Set.of("m1", "m2", "m3", "m4");
                Map<String, String> expected = new TreeMap<>();
                scan(dynamoDb, model + dev).stream().filter(i -> members.contains(i.get("id").s())).forEach(i -> {
                    Map<String, AttributeValue> mapped = transformer.transform(model, i);
                    expected.put(mapped.get("id").s(), ContentDigest.itemHash(mapped));
                });
                Map<String, String> actual = new TreeMap<>();
                scan(dynamoDb, model + prod).forEach(i -> actual.put(i.get("id").s(), ContentDigest.itemHash(i)));
                assertThat(actual).as("target %s", model).isEqualTo(expected);
            }

            CliRun rolledBack = dmig("rollback", "--run", tag, "--confirm");

            assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
            assertThat(scan(dynamoDb, "Teams" + prod)).isEmpty();
            assertThat(scan(dynamoDb, "Members" + prod)).isEmpty();
        }
    }

    @SafeVarargs
    private static void put(DynamoDbClient dynamoDb, String table, Map<String, String>... items) {
        for (Map<String, String> item : items) {
            Map<String, AttributeValue> values = new TreeMap<>();
            item.forEach((name, value) -> values.put(name, AttributeValue.fromS(value)));
            dynamoDb.putItem(b -> b.tableName(table).item(values));
        }
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamoDb, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    private static RunReport report(S3ArtifactStore artifacts, String runId) {
        return artifacts.getJson(RunLayout.report(runId), RunReport.class).orElseThrow();
    }

    private static CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }
}
