package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.executor.Executor;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.Slice;
import dev.dmig.sample.SampleData;
import dev.dmig.sample.SampleEnvironment;
import dev.dmig.sample.SamplePlan;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.TableInfo;
import dev.dmig.store.ContentDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shipped sample app between two environments of its own (unique suffixes), on the shared
 * embedded stack, with the real state machine file and handlers to run against it.
 */
public final class SampleApp implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final String devSuffix;
    public final String prodSuffix;
    public final String planJson;
    public final MigrationPlan plan;
    public final DynamoDbClient dynamoDb;
    public final S3Client s3;
    public final SampleEnvironment.Created created;

    public SampleApp(String name, SampleData data) {
        String tag = name + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        this.devSuffix = "-" + tag + "-dev";
        this.prodSuffix = "-" + tag + "-prod";
        this.planJson = SamplePlan.json(devSuffix, prodSuffix);
        this.plan = PlanParser.parse(planJson);
        this.dynamoDb = SharedStack.dynamoDb();
        this.s3 = SharedStack.s3();
        this.created = new SampleEnvironment(dynamoDb).create(data, devSuffix, prodSuffix, false);
    }

    /** A state-machine runner over this app's tables, with the given seam and per-function timeouts. */
    Runner runner(Settings settings, FaultInjector faults, Map<String, Duration> timeouts) {
        return runner(settings, faults, timeouts, null);
    }

    /** {@code retryWait}: each Retry backoff of the state machine waits this long instead (null = for real). */
    Runner runner(Settings settings, FaultInjector faults, Map<String, Duration> timeouts, Duration retryWait) {
        return runner(settings, faults, timeouts, retryWait, store -> store);
    }

    /** {@code front}: what the handlers see of DynamoDB, built around the real store (recording, faults). */
    Runner runner(Settings settings, FaultInjector faults, Map<String, Duration> timeouts, Duration retryWait,
                  UnaryOperator<ItemStore> front) {
        return runner(settings, faults, timeouts, retryWait, front, UnaryOperator.identity());
    }

    /** {@code executorSettings}: changes to the strict executor's settings (Step Functions' quotas). */
    Runner runner(Settings settings, FaultInjector faults, Map<String, Duration> timeouts, Duration retryWait,
                  UnaryOperator<ItemStore> front, UnaryOperator<Executor.Builder> executorSettings) {
        return runner(settings, faults, timeouts, retryWait, front, executorSettings, UnaryOperator.identity());
    }

    /** {@code artifactsFront}: what the handlers see of the bucket, built around the real store (faults). */
    Runner runner(Settings settings, FaultInjector faults, Map<String, Duration> timeouts, Duration retryWait,
                  UnaryOperator<ItemStore> front, UnaryOperator<Executor.Builder> executorSettings,
                  UnaryOperator<ArtifactStore> artifactsFront) {
        Services services = new Services(front.apply(new DynamoDbItemStore(dynamoDb)),
                artifactsFront.apply(new S3ArtifactStore(s3, SharedStack.BUCKET)), settings, faults);
        dev.dmig.executor.Waits waits = retryWait == null ? null : requested -> Thread.sleep(retryWait.toMillis());
        return new Runner(services, new LocalRunner(services, LocalRunner.bundledDefinition(), timeouts, 8, List.of(), waits,
                executorSettings));
    }

    Runner runner() {
        return runner(Settings.defaults(SharedStack.BUCKET), FaultInjector.NONE, Map.of());
    }

    /** One runner and the services it runs on. */
    record Runner(Services services, LocalRunner local) {
        Execution run(String runId, ObjectNode input) {
            return local.run(runId, runId, input);
        }
    }

    ObjectNode input(String mode, String runId) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", mode);
        input.put("runId", runId);
        input.set("config", Json.tree(planJson.getBytes(StandardCharsets.UTF_8)));
        // DynamoDB Local has no backups; the CLI sends the same opt-out on the embedded stack.
        input.put("backup", false);
        return input;
    }

    public String source(String model) {
        return model + devSuffix;
    }

    public String target(String model) {
        return model + prodSuffix;
    }

    public List<String> models() {
        return new ArrayList<>(created.itemsPerModel().keySet());
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    public TableInfo describe(String table) {
        return new DynamoDbItemStore(dynamoDb).describe(table).orElseThrow();
    }

    /** Order-independent digest and count of every table of one environment. */
    public Map<String, String> digests(String suffix) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String model : models()) {
            ContentDigest digest = new ContentDigest();
            scan(model + suffix).forEach(digest::add);
            digests.put(model, digest.count() + ":" + digest.hex());
        }
        return digests;
    }

    public ItemTransformer transformer() {
        return new ItemTransformer(plan);
    }

    /** Every migrated table holds exactly its transformed source items, nothing else. */
    /** What the target should hold after a run of {@code slice}: every member of each source table, mapped, by target key. */
    public Map<String, String> expectedTarget(Slice slice) {
        ItemTransformer transformer = transformer();
        Map<String, String> expected = new TreeMap<>();
        for (String model : plan.migratedModels()) {
            TableInfo target = describe(target(model));
            for (Map<String, AttributeValue> item : scan(source(model))) {
                if (slice.contains(model, item)) {
                    Map<String, AttributeValue> mapped = transformer.transform(model, item);
                    expected.put(model + " " + DynamoJson.item(target.keyOf(mapped)), ContentDigest.itemHash(mapped));
                }
            }
        }
        return expected;
    }

    /** Every target item's content digest, by model and key. */
    public Map<String, String> targetDigests() {
        Map<String, String> actual = new TreeMap<>();
        for (String model : plan.migratedModels()) {
            TableInfo target = describe(target(model));
            scan(target(model)).forEach(item -> actual.put(model + " " + DynamoJson.item(target.keyOf(item)),
                    ContentDigest.itemHash(item)));
        }
        return actual;
    }

    public void assertExact() {
        ItemTransformer transformer = transformer();
        for (String model : plan.migratedModels()) {
            TableInfo target = describe(target(model));
            Map<String, String> expected = new TreeMap<>();
            for (Map<String, AttributeValue> source : scan(source(model))) {
                Map<String, AttributeValue> mapped = transformer.transform(model, source);
                expected.put(DynamoJson.item(target.keyOf(mapped)).toString(), ContentDigest.itemHash(mapped));
            }
            Map<String, String> actual = new TreeMap<>();
            scan(target(model)).forEach(item -> actual.put(DynamoJson.item(target.keyOf(item)).toString(),
                    ContentDigest.itemHash(item)));
            assertThat(actual).as("target table %s", model).isEqualTo(expected);
        }
    }

    /**
     * {@link #assertExact}, and every target item's ID recomputed from its source item's with {@link SpecIds}, code
     * written from docs/ID-MAPPING.md that shares nothing with dmig's: the holdout check of a whole run, item by item.
     */
    public void assertExactBySpec() {
        assertExact();
        String namespace = plan.idNamespace();
        for (String model : plan.migratedModels()) {
            TablePlan table = plan.table(model);
            List<String> expected = new ArrayList<>();
            for (Map<String, AttributeValue> source : scan(source(model))) {
                AttributeValue id = source.get(table.idAttribute());
                expected.add((table.ids() == IdStrategy.PRESERVE ? id : AttributeValue.fromS(SpecIds.newId(namespace, model, id.s())))
                        .toString());
            }
            List<String> actual = new ArrayList<>();
            scan(target(model)).forEach(item -> actual.add(item.get(table.idAttribute()).toString()));
            assertThat(actual).as("IDs of target table %s, by the spec", model).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Override
    public void close() {
        dynamoDb.close();
        s3.close();
    }
}
