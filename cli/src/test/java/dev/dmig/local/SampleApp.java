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
import dev.dmig.identity.IdentityCsv;
import dev.dmig.migrate.RunMappings;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
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
    /** The services built for this app's runs, closed with it. */
    private final List<Services> services = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        Services services = opened(new Services(front.apply(new DynamoDbItemStore(dynamoDb)),
                artifactsFront.apply(new S3ArtifactStore(s3, SharedStack.BUCKET)), settings, faults));
        // A fake of the executor's waits: each Retry backoff lasts retryWait, the latency it stands for.
        dev.dmig.executor.Waits waits = retryWait == null ? null : requested -> Thread.sleep(retryWait.toMillis());
        return new Runner(services, new LocalRunner(services, LocalRunner.bundledDefinition(), timeouts, 8, List.of(), waits,
                executorSettings));
    }

    /** Services over {@code items} and this app's bucket, closed with the app. */
    public Services services(ItemStore items, Settings settings, FaultInjector faults) {
        return opened(new Services(items, new S3ArtifactStore(s3, SharedStack.BUCKET), settings, faults));
    }

    private Services opened(Services opened) {
        services.add(opened);
        return opened;
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

    /** A run's input as the command line makes it, the plan's identity map uploaded beside it. */
    public ObjectNode input(String mode, String runId) {
        ObjectNode input = inputWith(planJson, mode, runId);
        // DynamoDB Local has no backups; the CLI sends the same opt-out on the embedded stack.
        input.put("backup", false);
        return input;
    }

    /** The input of a run of {@code planJson} (the sample plan, changed), with the identity map it names uploaded. */
    public ObjectNode inputWith(String planJson, String mode, String runId) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", mode);
        input.put("runId", runId);
        input.set("config", Json.tree(planJson.getBytes(StandardCharsets.UTF_8)));
        String key = RunLayout.identitiesUpload(runId);
        artifacts().put(key, SamplePlan.identities(), "text/csv");
        input.put("identitiesKey", key);
        return input;
    }

    /** Writes the plan to {@code file}, and the identity map it names beside it, for the command line to read. */
    public Path writePlan(Path file) throws IOException {
        SamplePlan.write(file, planJson);
        return file;
    }

    public ArtifactStore artifacts() {
        return new S3ArtifactStore(s3, SharedStack.BUCKET);
    }

    /** The items a whole run copies: every source item but those of skipped tables and the soft-deleted rows. */
    public long copiedItems() {
        long copied = 0;
        for (String model : plan.migratedModels()) {
            copied += created.itemsPerModel().get(model) - SampleSpec.leftBehind(model);
        }
        return copied;
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

    /**
     * For IDs and references only ({@link ItemTransformer#newId}, {@link ItemTransformer#forEachReference}): mapping a whole
     * item takes a run's start and identity map, {@link #transformer(String)}.
     */
    public ItemTransformer transformer() {
        return new ItemTransformer(plan);
    }

    /**
     * Maps items as a run would, with the shipped identity map and a start of its own: where a test puts the target's own
     * versions of records (at the keys a run maps them to) before any run.
     */
    public ItemTransformer transformerBeforeAnyRun() {
        return new ItemTransformer(plan, new RunMappings(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(),
                IdentityCsv.parse(SamplePlan.IDENTITIES_FILE, SamplePlan.identities())));
    }

    /** Maps items as run {@code runId} does: its start (the reset DataStore rows' {@code _lastChangedAt}) and its identity map. */
    public ItemTransformer transformer(String runId) {
        return transformer(artifacts(), runId);
    }

    private ItemTransformer transformer(ArtifactStore artifacts, String runId) {
        return new ItemTransformer(plan, RunMappings.of(artifacts, runId, plan));
    }

    /**
     * What the target should hold after run {@code runId} of {@code slice}: every member of each source table that the run
     * copies, mapped, by target key.
     */
    public Map<String, String> expectedTarget(Slice slice, String runId) {
        ItemTransformer transformer = transformer(runId);
        Map<String, String> expected = new TreeMap<>();
        for (String model : plan.migratedModels()) {
            TableInfo target = describe(target(model));
            for (Map<String, AttributeValue> item : scan(source(model))) {
                if (slice.contains(model, item) && transformer.copies(model, item)) {
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

    /**
     * Every migrated table holds exactly its transformed source items, nothing else, as written by {@code runIds}: an
     * item an earlier run of them wrote (a test run's) carries that run's start as its {@code _lastChangedAt}.
     */
    public void assertExact(String... runIds) {
        assertExact(artifacts(), runIds);
    }

    private void assertExact(ArtifactStore artifacts, String... runIds) {
        ItemTransformer transformer = transformer(artifacts, runIds[runIds.length - 1]);
        Set<String> starts = new HashSet<>();
        for (String runId : runIds) {
            starts.add(Long.toString(startedAt(artifacts, runId)));
        }
        for (String model : plan.migratedModels()) {
            TableInfo target = describe(target(model));
            Map<String, String> expected = new TreeMap<>();
            // The keys whose rows the run stamps with its start (a DataStore reset): mapped here with another start.
            java.util.Set<String> stamped = new java.util.HashSet<>();
            for (Map<String, AttributeValue> source : scan(source(model))) {
                if (transformer.copies(model, source)) {
                    Map<String, AttributeValue> mapped = transformer.transform(model, source);
                    String key = DynamoJson.item(target.keyOf(mapped)).toString();
                    expected.put(key, ContentDigest.itemHash(unstamped(mapped)));
                    if (mapped.containsKey("_lastChangedAt") && !mapped.get("_lastChangedAt").equals(source.get("_lastChangedAt"))) {
                        stamped.add(key);
                    }
                }
            }
            Map<String, String> actual = new TreeMap<>();
            for (Map<String, AttributeValue> item : scan(target(model))) {
                String key = DynamoJson.item(target.keyOf(item)).toString();
                actual.put(key, ContentDigest.itemHash(unstamped(item)));
                if (stamped.contains(key)) {
                    assertThat(item.get("_lastChangedAt").n()).as("_lastChangedAt of %s %s", model, target.keyOf(item)).isIn(starts);
                }
            }
            assertThat(actual).as("target table %s", model).isEqualTo(expected);
        }
    }

    /**
     * {@link #assertExact}, and every target item checked against its source item by code that shares nothing with dmig's
     * ({@link SampleSpec}): IDs recomputed with {@link SpecIds} from docs/ID-MAPPING.md, users mapped by the shipped
     * identity map, DataStore rows reset: the holdout check of a whole run, item by item.
     */
    public void assertExactBySpec(String runId) {
        assertExactBySpec(artifacts(), runId);
    }

    /** {@link #assertExactBySpec(String)} for a run whose artifacts are in {@code artifacts} (a dmig process's own store). */
    public void assertExactBySpec(ArtifactStore artifacts, String runId) {
        assertExact(artifacts, runId);
        SampleSpec spec = new SampleSpec(plan.idNamespace(), SamplePlan.identities(), startedAt(artifacts, runId));
        for (String model : plan.migratedModels()) {
            TablePlan table = plan.table(model);
            Map<String, Map<String, AttributeValue>> targets = new HashMap<>();
            scan(target(model)).forEach(item -> targets.put(item.get(table.idAttribute()).s(), item));
            int copied = 0;
            for (Map<String, AttributeValue> source : scan(source(model))) {
                String id = spec.targetId(model, table.idAttribute(), table.ids() == IdStrategy.PRESERVE, source);
                if (SampleSpec.leftBehind(source)) {
                    assertThat(targets).as("soft-deleted %s %s is left behind", model, id).doesNotContainKey(id);
                    continue;
                }
                copied++;
                assertThat(targets).as("target of %s %s, by the spec", model, source.get(table.idAttribute())).containsKey(id);
                spec.assertMapped(model, source, targets.get(id));
            }
            assertThat(targets).as("target table %s holds its copied items alone", model).hasSize(copied);
        }
    }

    /** The start of run {@code runId}, in milliseconds: what a reset DataStore row's {@code _lastChangedAt} becomes. */
    public long startedAt(String runId) {
        return startedAt(artifacts(), runId);
    }

    private static long startedAt(ArtifactStore artifacts, String runId) {
        return Instant.parse(RunFiles.manifest(artifacts, runId).createdAt()).toEpochMilli();
    }

    private static Map<String, AttributeValue> unstamped(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.remove("_lastChangedAt");
        return copy;
    }

    @Override
    public void close() {
        services.forEach(Services::close);
        dynamoDb.close();
        s3.close();
    }
}
