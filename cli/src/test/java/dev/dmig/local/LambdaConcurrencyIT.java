package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.StateRecord;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.LambdaAccountStub;
import dev.dmig.run.LambdaConcurrency;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.StoreRefusedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A run sized from an account's Lambda concurrency runs no more tasks at once than its share of it, in every Map of
 * the real state machine: the analysis's and validation's fan-outs, a level's tables, each table's segments, a
 * rollback's. The account's settings come from {@link LambdaAccountStub}, a stub of Lambda's GetAccountSettings (the
 * Lambda API cannot run here); the tables and the artifacts are on the embedded stack.
 */
class LambdaConcurrencyIT {
    /** What the stub's account leaves unreserved, and the stack's share of it: a budget of 6 tasks at once. */
    private static final int UNRESERVED = 12;
    private static final int SHARE_PERCENT = 50;
    private static final int BUDGET = 6;
    /** One level of four tables, whose targets (on demand) call for 3, 3, 3 and 1 segment tasks: 10 at once. */
    private static final List<String> MODELS = List.of("Alpha", "Bravo", "Charlie", "Delta");
    private static final int ITEMS = 30;

    @Test
    void aLoweredAccountLimit_capsEveryMapOfTheRun_andTheRunStillMigratesEveryItem() {
        JsonNode definition = Json.tree(LocalRunner.bundledDefinition().getBytes(StandardCharsets.UTF_8));
        DynamoDbClient dynamoDb = SharedStack.dynamoDb();
        String tag = "lcap" + ProcessHandle.current().pid();
        for (String model : MODELS) {
            for (String side : List.of("-dev", "-prod")) {
                createTable(dynamoDb, model + "-" + tag + side);
            }
            load(dynamoDb, model + "-" + tag + "-dev");
        }
        Settings fanning = Settings.defaults(SharedStack.BUCKET).withDistributedMapSegments(3);
        try (LambdaAccountStub account = LambdaAccountStub.start(10, UNRESERVED); LambdaClient lambda = account.client();
             Services services = new Services(new DynamoDbItemStore(dynamoDb), new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET),
                     fanning, FaultInjector.NONE, LambdaConcurrency.ofAccount(() -> lambda, SHARE_PERCENT))) {
            MapsSeen seen = new MapsSeen(definition);
            LocalRunner runner = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 16, List.of(seen));
            String runId = tag + "-full";

            Execution migrated = runner.run(runId, runId, input(tag, "full", runId));
            assertThat(migrated.succeeded()).as(migrated.error() + ": " + migrated.cause()).isTrue();
            for (String model : MODELS) {
                assertThat(count(dynamoDb, model + "-" + tag + "-prod")).as(model).isEqualTo(ITEMS);
            }
            ObjectNode undo = input(tag, "rollback", runId);
            undo.put("rollbackRunId", runId);
            Execution undone = runner.run(tag + "-undo", runId, undo);
            assertThat(undone.succeeded()).as(undone.error() + ": " + undone.cause()).isTrue();

            assertThat(seen.concurrency).as("every Map that runs tasks ran").containsKeys("AnalyzeSegments", "MigrateTables",
                    "MigrateSegments", "MigrateSegmentsDistributed", "ValidateSegments", "RollbackSegments");
            assertThat(seen.concurrency).allSatisfy((map, most) -> assertThat(most).as(map).isBetween(1, BUDGET));
            assertThat(seen.levelDemand).as("a level's tables at once, with their segment tasks: the whole budget, no more")
                    .containsOnly((long) BUDGET);
            assertThat(seen.mostTasks.get()).as("tasks running at once").isBetween(1, BUDGET);
            assertThat(account.calls()).as("each Analyze call read the account's limit").isPositive();
        }
    }

    /** A stack whose Analyze role may not read the account's limit refuses the run at once: nothing written, nothing held. */
    @Test
    void anAccountLimitThatCannotBeRead_failsTheRunInOneLine_withNothingWrittenOrHeld() {
        String tag = "lcapdeny" + ProcessHandle.current().pid();
        S3ArtifactStore artifacts = new S3ArtifactStore(SharedStack.s3(), SharedStack.BUCKET);
        try (LambdaAccountStub account = LambdaAccountStub.start(1_000, 1_000); LambdaClient lambda = account.client();
             Services services = new Services(new DynamoDbItemStore(SharedStack.dynamoDb()), artifacts,
                     Settings.defaults(SharedStack.BUCKET), FaultInjector.NONE, LambdaConcurrency.ofAccount(() -> lambda, SHARE_PERCENT))) {
            account.deny();
            LocalRunner runner = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 16, List.of()).recovering(false);
            String runId = tag + "-full";

            Execution refused = runner.run(runId, runId, input(tag, "full", runId));

            assertThat(refused.path()).containsExactly("Analyze", "AnalysisFailed");
            assertThat(refused.error()).isEqualTo(StoreRefusedException.class.getName());
            assertThat(refused.cause()).contains("Lambda refused GetAccountSettings (AccessDeniedException): the Analyze "
                    + "function's role needs lambda:GetAccountSettings to size the run's Maps; deploy the stack's "
                    + "infra/template.yaml, which grants it");
            assertThat(artifacts.get(RunLayout.manifest(runId))).as("no run opened").isEmpty();
            assertThat(artifacts.get(RunLock.key("-" + tag + "-prod"))).as("the target is not locked").isEmpty();
        }
    }

    /** One level of tables without references; all but the last large enough for a Distributed Map. */
    private static ObjectNode input(String tag, String mode, String runId) {
        ObjectNode plan = Json.MAPPER.createObjectNode();
        plan.putObject("source").put("tableSuffix", "-" + tag + "-dev");
        plan.putObject("target").put("tableSuffix", "-" + tag + "-prod");
        plan.put("segments", 3);
        ObjectNode tables = plan.putObject("tables");
        MODELS.forEach(tables::putObject);
        ((ObjectNode) tables.get(MODELS.get(MODELS.size() - 1))).put("segments", 1);
        ObjectNode input = Json.MAPPER.createObjectNode().put("mode", mode).put("runId", runId).put("confirm", true)
                .put("backup", false);
        input.set("config", plan);
        return input;
    }

    private static void createTable(DynamoDbClient dynamoDb, String name) {
        dynamoDb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build()));
    }

    private static void load(DynamoDbClient dynamoDb, String table) {
        for (int from = 0; from < ITEMS; from += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = from; i < Math.min(ITEMS, from + 25); i++) {
                Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("item-" + i), "n", AttributeValue.fromN(Integer.toString(i)));
                batch.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            }
            dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
        }
    }

    private static long count(DynamoDbClient dynamoDb, String table) {
        return dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream().count();
    }

    /** Every Map of the definition takes its concurrency from what Analyze sized, unless it runs one iteration at a time. */
    @Test
    void everyMapOfTheDefinition_takesItsConcurrencyFromTheRun() {
        JsonNode definition = Json.tree(LocalRunner.bundledDefinition().getBytes(StandardCharsets.UTF_8));
        Map<String, JsonNode> maps = new ConcurrentHashMap<>();
        MapsSeen.collectMaps(definition.get("States"), maps);

        assertThat(maps).hasSizeGreaterThanOrEqualTo(7).allSatisfy((name, map) -> assertThat(map.has("MaxConcurrencyPath")
                || map.path("MaxConcurrency").asInt() == 1).as("%s: MaxConcurrencyPath, or MaxConcurrency 1", name).isTrue());
    }

    /**
     * What an execution's Maps ran with, read as Step Functions reads it: each Map's {@code MaxConcurrencyPath} (or
     * {@code MaxConcurrency}) on the Map's input; and the tasks running at once, from the executor's own events.
     */
    private static final class MapsSeen implements ExecutionListener {
        private final Map<String, JsonNode> maps = new ConcurrentHashMap<>();
        final Map<String, Integer> concurrency = new ConcurrentHashMap<>();
        final List<Long> levelDemand = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger mostTasks = new AtomicInteger();
        private final AtomicInteger tasks = new AtomicInteger();

        MapsSeen(JsonNode definition) {
            collectMaps(definition.get("States"), maps);
        }

        static void collectMaps(JsonNode states, Map<String, JsonNode> into) {
            states.properties().forEach(state -> {
                if ("Map".equals(state.getValue().path("Type").asText())) {
                    into.put(state.getKey(), state.getValue());
                    collectMaps(state.getValue().path("ItemProcessor").path("States"), into);
                }
            });
        }

        @Override
        public void stateEntered(StateRecord record) {
            if ("Task".equals(record.stateType())) {
                mostTasks.accumulateAndGet(tasks.incrementAndGet(), Math::max);
            }
            JsonNode map = maps.get(record.stateName());
            if (map == null) {
                return;
            }
            int resolved = map.has("MaxConcurrencyPath")
                    ? record.input().at(map.get("MaxConcurrencyPath").asText().substring(1).replace('.', '/')).asInt()
                    : map.path("MaxConcurrency").asInt();
            concurrency.merge(record.stateName(), resolved, Math::max);
            if (record.stateName().equals("MigrateTables")) {
                // The level's tables at once, those asking for the most tasks.
                JsonNode level = record.input().get("level");
                List<Integer> perTable = new ArrayList<>();
                level.get("tables").forEach(table -> perTable.add(table.get("maxConcurrency").asInt()));
                perTable.sort(Comparator.reverseOrder());
                levelDemand.add(perTable.stream().limit(resolved).mapToLong(Integer::longValue).sum());
            }
        }

        @Override
        public void stateExited(StateRecord record) {
            ended(record);
        }

        @Override
        public void stateFailed(StateRecord record) {
            ended(record);
        }

        private void ended(StateRecord record) {
            if ("Task".equals(record.stateType())) {
                tasks.decrementAndGet();
            }
        }
    }
}
