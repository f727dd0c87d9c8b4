package dev.dmig.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.analysis.Analysis;
import dev.dmig.executor.Execution;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.StateRecord;
import dev.dmig.faults.FaultProxy.Fault;
import dev.dmig.faults.FaultProxy.Kind;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.local.LocalRunner;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.TableInfo;
import dev.dmig.store.ContentDigest;
import dev.dmig.validate.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reliability suite for throttling and transport faults: the real state machine and handlers
 * talk to DynamoDB Local through {@link FaultProxy}. Faults that retries absorb leave every item
 * migrated exactly once in content, with the retries in the report; partial reads hide neither a
 * conflict nor a pre-image; a fault that outlasts the retry budget fails the run and rolls it back
 * exactly; a rollback meeting faults either absorbs them or names exactly the keys it could not
 * restore. Ends by printing one RELIABILITY line from the proxies' counters and the checks.
 */
class TransportFaultsIT {
    private static final List<String> PHASES = List.of("Analyze", "MigrateLevels", "Validate", "Finalize", "Rollback",
            "FinalizeRolledBack", "RollbackRun", "FinalizeRollbackRun");
    /** Small pages: many journal entries, so a rollback makes many calls for faults to hit. */
    /** Small pages; a table that accepts no write at all for 3 s (an outage that does not end) gives up. */
    private static final Settings SMALL_PAGES = new Settings(SharedStack.BUCKET, 25, 8, 4, 30_000, 12, 25_000, 32, 3_000);

    private static final Map<Kind, Long> SUITE_FAULTS = Collections.synchronizedMap(new EnumMap<>(Kind.class));
    private static final AtomicLong SUITE_LOST = new AtomicLong();
    private static final AtomicLong SUITE_DIFFERING = new AtomicLong();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private FaultProxy proxy;
    private final List<Duration> retryWaits = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() throws Exception {
        if (proxy != null) {
            proxy.byKind().forEach((kind, n) -> SUITE_FAULTS.merge(kind, n, Long::sum));
        }
        Collections.reverse(closing);
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    @AfterAll
    static void printReliabilityLine() {
        long total = SUITE_FAULTS.values().stream().mapToLong(Long::longValue).sum();
        System.out.println("RELIABILITY: faults injected=" + total
                + " (throttle=" + SUITE_FAULTS.getOrDefault(Kind.THROTTLE, 0L)
                + ", 5xx=" + SUITE_FAULTS.getOrDefault(Kind.SERVER_ERROR, 0L)
                + ", dropped=" + SUITE_FAULTS.getOrDefault(Kind.DROPPED, 0L)
                + ", partial=" + SUITE_FAULTS.getOrDefault(Kind.PARTIAL, 0L)
                + "), items lost=" + SUITE_LOST.get()
                + ", duplicated with different content=" + SUITE_DIFFERING.get());
    }

    @Test
    void faultsOfEveryKind_onReadsAndWrites_areAbsorbed_andEveryItemArrivesExactlyOnce() {
        SampleApp app = sampleApp("tfmix", 0.3);
        Map<String, String> sourceBefore = app.digests(app.devSuffix);
        proxy = proxy(101);
        // Writes: a quarter of the batches come back partly unprocessed; the rest of the faults the SDK retries.
        proxy.inject(Fault.PARTIAL).on("BatchWriteItem").probability(0.25);
        proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("BatchWriteItem").probability(0.04);
        proxy.inject(Fault.THROTTLING).on("BatchWriteItem").probability(0.02);
        proxy.inject(Fault.INTERNAL_SERVER_ERROR).on("BatchWriteItem").probability(0.03);
        proxy.inject(Fault.SERVICE_UNAVAILABLE).on("BatchWriteItem").probability(0.02);
        proxy.inject(Fault.DROP_BEFORE_FORWARD).on("BatchWriteItem").probability(0.02);
        proxy.inject(Fault.DROP_AFTER_FORWARD).on("BatchWriteItem").probability(0.03);
        // Reads: Scan (analysis, migration, validation), BatchGetItem (conflicts, references), DescribeTable.
        proxy.inject(Fault.PARTIAL).on("BatchGetItem").probability(0.25);
        proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("Scan").probability(0.03);
        proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("BatchGetItem").probability(0.03);
        proxy.inject(Fault.THROTTLING).on("DescribeTable").probability(0.03);
        // And on every operation, reads and writes alike.
        proxy.inject(Fault.INTERNAL_SERVER_ERROR).probability(0.03);
        proxy.inject(Fault.DROP_BEFORE_FORWARD).probability(0.02);
        proxy.inject(Fault.DROP_AFTER_FORWARD).probability(0.02);
        // dmig's retry strategy with the SDK's waits cut short: the same retries, in seconds rather than a minute.
        DynamoDbClient dynamoDb = closeLater(ProxiedClients.fastWaits(proxy));

        Execution execution = run(app, dynamoDb, Settings.defaults(SharedStack.BUCKET), FaultInjector.NONE, "faults-mix",
                "faults-mix", input(app, app.planJson, "full", "faults-mix"), record -> {});

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported", "Succeeded");
        S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
        assertThat(artifacts.getJson(RunLayout.validation("faults-mix"), ValidationReport.class).orElseThrow().passed()).isTrue();
        Exactness exactness = againstTransformedSource(app, "faults-mix");
        assertThat(exactness.items()).isEqualTo(app.copiedItems());
        assertThat(exactness.lost()).as("items lost").isZero();
        assertThat(exactness.differing()).as("items duplicated with different content").isZero();
        assertThat(app.digests(app.devSuffix)).as("source untouched").isEqualTo(sourceBefore);

        for (Kind kind : Kind.TRANSIENT) {
            assertThat(proxy.injected(kind)).as("%s faults injected", kind.label).isPositive();
        }
        assertThat(proxy.count(i -> i.phase().equals("MigrateLevels"))).as("faults during migration").isPositive();
        assertThat(proxy.count(i -> !i.phase().equals("MigrateLevels"))).as("faults during analysis and validation").isPositive();

        // The report shows the migration's retries: one per partial answer to a batch write or throttled batch write
        // (which dmig paces and re-sends itself, as wholly unprocessed), one SDK retry per other failed BatchWriteItem,
        // conditional PutItem (the puts of the tables keyed by more than their new ID: ContactAuditLog's sort key,
        // SecureConfig's own key; only the faults of every operation reach them, and one dropped after it was forwarded
        // finds, sent again, its own item in the way: written once) or Scan call of a segment (of the source: a table's
        // check beside its copy, in MigrateLevels too, scans its target). That holds while no segment attempt fails as a whole
        // (its counts die with it, and the checkpoint's retry loses them); at these rates every call succeeds
        // within its 8 attempts and the SDK's retry quota is never empty, so none does.
        assertThat(execution.history()).as("failed segment attempts")
                .noneMatch(r -> r.stateName().equals("MigrateSegment") && r.error() != null);
        RunReport.Totals totals = artifacts.getJson(RunLayout.report("faults-mix"), RunReport.class).orElseThrow().totals();
        long partialWrites = proxy.count(i -> i.phase().equals("MigrateLevels") && i.operation().equals("BatchWriteItem")
                && (i.fault().kind == Kind.PARTIAL || i.fault().kind == Kind.THROTTLE));
        long retriedBySdk = proxy.count(i -> i.phase().equals("MigrateLevels")
                && (i.operation().equals("BatchWriteItem") && i.fault().kind != Kind.PARTIAL && i.fault().kind != Kind.THROTTLE
                || i.operation().equals("PutItem") || (i.operation().equals("Scan") && i.table().endsWith(app.devSuffix))));
        assertThat(totals.unprocessedRetries()).isPositive().isEqualTo(partialWrites);
        assertThat(totals.sdkRetries()).isPositive().isEqualTo(retriedBySdk);
    }

    @Test
    void anOutageBeyondTheRetryBudget_failsTheRun_andRollsItBackExactly() {
        SampleApp app = sampleApp("tfout", 0.2);
        Map<String, Map<String, Map<String, AttributeValue>>> targetBefore = items(app, app.prodSuffix);
        Map<String, String> digestsBefore = app.digests(app.prodSuffix);
        Map<String, String> sourceBefore = app.digests(app.devSuffix);
        proxy = proxy(202);
        // Every BatchWriteItem to one level-3 table fails for the rest of the migration phase.
        FaultProxy.Rule outage = proxy.inject(Fault.INTERNAL_SERVER_ERROR).on("BatchWriteItem").table(app.target("Projects"));
        DynamoDbClient dynamoDb = closeLater(ProxiedClients.fastWaits(proxy));

        Execution execution = run(app, dynamoDb, SMALL_PAGES, FaultInjector.NONE, "faults-outage", "faults-outage",
                input(app, app.planJson, "full", "faults-outage"), record -> {
                    if (record.stateName().equals("Rollback")) {
                        outage.lift();
                    }
                });

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Rollback", "RollbackComplete", "FinalizeRolledBack", "CheckRollback",
                "RolledBack");
        assertThat(execution.error()).isEqualTo("dev.dmig.store.StoreUnavailableException");
        assertThat(execution.cause()).contains(app.target("Projects"));
        S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
        RunManifest manifest = artifacts.getJson(RunLayout.manifest("faults-outage"), RunManifest.class).orElseThrow();
        assertThat(manifest.levels().get(2)).as("level 3").contains("Projects");
        assertThat(manifest.status()).isEqualTo(RunStatus.ROLLED_BACK);
        // The state machine retried the segment from its checkpoint (1 + 5 attempts) before giving up.
        long projectAttempts = execution.history().stream().filter(r -> r.stateName().equals("MigrateSegment")
                && r.input().path("table").asText().equals("Projects")).count();
        assertThat(projectAttempts).isEqualTo(6);
        assertThat(retryWaits).hasSizeGreaterThanOrEqualTo(5);
        assertThat(proxy.injections()).isNotEmpty().allSatisfy(i -> {
            assertThat(i.table()).isEqualTo(app.target("Projects"));
            assertThat(i.phase()).isEqualTo("MigrateLevels");
        });

        RollbackResult rollback = artifacts.getJson(RunLayout.rollback("faults-outage"), RollbackResult.class).orElseThrow();
        assertThat(rollback.deleted()).as("levels 1 and 2 had been written").isPositive();
        assertThat(rollback.failed()).isZero();
        assertExact(targetBefore, items(app, app.prodSuffix));
        assertThat(app.digests(app.prodSuffix)).isEqualTo(digestsBefore);
        assertThat(app.digests(app.devSuffix)).isEqualTo(sourceBefore);
    }

    @Test
    void faultsDuringRollback_thatRetriesAbsorb_leaveARollbackCompleteAndExact() {
        SampleApp app = sampleApp("tfrbok", 0.2);
        ownProductionItems(app, "Contacts", "Quotes");
        Map<String, Map<String, Map<String, AttributeValue>>> targetBefore = items(app, app.prodSuffix);
        Map<String, String> sourceBefore = app.digests(app.devSuffix);
        proxy = proxy(303);
        // One of each kind on the rollback's first calls and their retries, then a steady mix; all armed at Rollback. A
        // rollback reads the keys it undoes (BatchGetItem, which a partial answer hits) and deletes each by a conditional
        // DeleteItem (which the rest hit: a delete dropped after it was done finds, retried, the key empty, as it left it).
        List<FaultProxy.Rule> rollbackFaults = List.of(
                proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("DeleteItem").times(1).disarmed(),
                proxy.inject(Fault.INTERNAL_SERVER_ERROR).on("DeleteItem").times(1).disarmed(),
                proxy.inject(Fault.DROP_AFTER_FORWARD).on("DeleteItem").times(1).disarmed(),
                proxy.inject(Fault.PARTIAL).on("BatchGetItem").times(1).disarmed(),
                proxy.inject(Fault.PARTIAL).on("BatchGetItem").probability(0.3).disarmed(),
                proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("DeleteItem").probability(0.05).disarmed(),
                proxy.inject(Fault.THROTTLING).on("DeleteItem").probability(0.03).disarmed(),
                proxy.inject(Fault.INTERNAL_SERVER_ERROR).on("DeleteItem").probability(0.04).disarmed(),
                proxy.inject(Fault.SERVICE_UNAVAILABLE).on("DeleteItem").probability(0.03).disarmed(),
                proxy.inject(Fault.DROP_BEFORE_FORWARD).on("DeleteItem").probability(0.04).disarmed(),
                proxy.inject(Fault.DROP_AFTER_FORWARD).on("DeleteItem").probability(0.04).disarmed());
        // dmig's production client as built by AwsClients, real SDK backoff included.
        DynamoDbClient dynamoDb = closeLater(ProxiedClients.production(proxy));

        Execution execution = run(app, dynamoDb, SMALL_PAGES, crashIn("Quotes", 25), "faults-rb-retried", "faults-rb-retried",
                input(app, app.planJson, "full", "faults-rb-retried"), record -> {
                    if (record.stateName().equals("Rollback")) {
                        rollbackFaults.forEach(FaultProxy.Rule::arm);
                    }
                });

        S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
        RollbackResult rollback = artifacts.getJson(RunLayout.rollback("faults-rb-retried"), RollbackResult.class).orElseThrow();
        assertThat(execution.path()).as("the rollback: %s", rollback).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Rollback", "RollbackComplete", "FinalizeRolledBack", "CheckRollback",
                "RolledBack");
        assertThat(execution.error()).isEqualTo("java.lang.IllegalStateException");
        for (Kind kind : Kind.TRANSIENT) {
            assertThat(proxy.count(i -> i.fault().kind == kind && i.phase().equals("Rollback")))
                    .as("%s faults during the rollback", kind.label).isPositive();
        }
        assertThat(rollback.failed()).isZero();
        assertThat(rollback.failedKeys()).isEmpty();
        assertThat(artifacts.getJson(RunLayout.manifest("faults-rb-retried"), RunManifest.class).orElseThrow().status())
                .isEqualTo(RunStatus.ROLLED_BACK);
        assertExact(targetBefore, items(app, app.prodSuffix));
        assertThat(app.digests(app.devSuffix)).isEqualTo(sourceBefore);
    }

    @Test
    void anOutageOnOneTableDuringRollback_namesExactlyTheKeysNotRestored_andASecondRollbackRestoresThem() {
        SampleApp app = sampleApp("tfrbout", 0.2);
        // Overwrite, so that the rollback restores pre-images as well as deleting what the run created.
        String planJson = withConflictPolicy(app.planJson, "overwrite");
        String requests = app.target("Requests");
        productionVersions(app, "Requests", 30);
        ownProductionItems(app, "Requests", "Contacts");
        Map<String, Map<String, Map<String, AttributeValue>>> targetBefore = items(app, app.prodSuffix);
        Map<String, String> sourceBefore = app.digests(app.devSuffix);
        proxy = proxy(404);
        // On Requests only: every delete and restore (a conditional DeleteItem, PutItem) is throttled until the test lifts it.
        List<FaultProxy.Rule> outage = List.of(
                proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("DeleteItem").table(requests).disarmed(),
                proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("PutItem").table(requests).disarmed());
        DynamoDbClient dynamoDb = closeLater(ProxiedClients.fastWaits(proxy));
        ObjectNode full = input(app, planJson, "full", "faults-rb-outage");

        Execution execution = run(app, dynamoDb, SMALL_PAGES, crashIn("Quotes", 25), "faults-rb-outage", "faults-rb-outage",
                full, record -> {
                    if (record.stateName().equals("Rollback")) {
                        outage.forEach(FaultProxy.Rule::arm);
                    }
                });

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Rollback", "RollbackComplete", "FinalizeRolledBack", "CheckRollback",
                "RollbackIncomplete");
        assertThat(execution.error()).isEqualTo("RollbackIncomplete");
        S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
        assertThat(artifacts.getJson(RunLayout.manifest("faults-rb-outage"), RunManifest.class).orElseThrow().status())
                .isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        assertThat(proxy.count(i -> i.fault() == Fault.PROVISIONED_THROUGHPUT_EXCEEDED && i.phase().equals("Rollback")))
                .isPositive();

        // Exactly the keys of Requests that differ from the pre-run state are named, and nothing else differs.
        Map<String, Map<String, Map<String, AttributeValue>>> now = items(app, app.prodSuffix);
        TableInfo requestsTable = app.describe(requests);
        Set<String> notRestored = new HashSet<>();
        Map<String, Map<String, AttributeValue>> before = targetBefore.get("Requests");
        Map<String, Map<String, AttributeValue>> after = now.get("Requests");
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            Map<String, AttributeValue> was = before.get(key);
            Map<String, AttributeValue> is = after.get(key);
            if (was == null || is == null || !ContentDigest.same(was, is)) {
                Map<String, AttributeValue> item = is != null ? is : was;
                notRestored.add(requests + " " + ItemKeys.describe(requestsTable.keyOf(item)));
            }
        }
        RollbackResult rollback = artifacts.getJson(RunLayout.rollback("faults-rb-outage"), RollbackResult.class).orElseThrow();
        assertThat(notRestored).as("the outage left some of Requests unrestored").isNotEmpty();
        assertThat(rollback.failed()).isEqualTo(notRestored.size());
        assertThat(new HashSet<>(rollback.failedKeys())).isEqualTo(notRestored);
        assertThat(rollback.failedBecause()).startsWith("throttled: no write accepted for").contains("on table " + requests + ";");
        for (String model : app.models()) {
            if (!model.equals("Requests")) {
                assertExact(Map.of(model, targetBefore.get(model)), Map.of(model, now.get(model)));
            }
        }

        // The outage ends; rolling the run back again on request restores the rest.
        outage.forEach(FaultProxy.Rule::lift);
        ObjectNode again = input(app, planJson, "rollback", "faults-rb-outage");
        again.put("rollbackRunId", "faults-rb-outage");
        Execution undo = run(app, dynamoDb, SMALL_PAGES, FaultInjector.NONE, "faults-rb-outage-again", "faults-rb-outage",
                again, record -> {});

        assertThat(undo.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "RollbackRun",
                "RollbackRunComplete", "FinalizeRollbackRun", "CheckRollbackRun", "RolledBackOnRequest");
        RollbackResult second = artifacts.getJson(RunLayout.rollback("faults-rb-outage"), RollbackResult.class).orElseThrow();
        assertThat(second.failed()).isZero();
        assertThat(second.failedBecause()).isNull();
        assertThat(artifacts.getJson(RunLayout.manifest("faults-rb-outage"), RunManifest.class).orElseThrow().status())
                .isEqualTo(RunStatus.ROLLED_BACK);
        assertExact(targetBefore, items(app, app.prodSuffix));
        assertThat(app.digests(app.devSuffix)).isEqualTo(sourceBefore);
    }

    @Test
    void readFaults_neverHideATargetItem_fromTheConflictCheck_orFromThePreImages() {
        SampleApp app = sampleApp("tfconf", 0.1);
        int conflicts = productionVersions(app, "Requests", 20) + productionVersions(app, "Contacts", 10);
        Map<String, Map<String, Map<String, AttributeValue>>> targetBefore = items(app, app.prodSuffix);
        proxy = proxy(505);
        // Half the BatchGetItem calls answer only in part; some are throttled or dropped as well.
        proxy.inject(Fault.PARTIAL).on("BatchGetItem").probability(0.5);
        proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED).on("BatchGetItem").probability(0.1);
        proxy.inject(Fault.DROP_BEFORE_FORWARD).on("BatchGetItem").probability(0.05);
        DynamoDbClient dynamoDb = closeLater(ProxiedClients.fastWaits(proxy));

        Execution refused = run(app, dynamoDb, Settings.defaults(SharedStack.BUCKET), FaultInjector.NONE,
                "faults-conflicts", "faults-conflicts", input(app, app.planJson, "full", "faults-conflicts"), record -> {});

        assertThat(refused.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "ConflictsFound");
        S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
        assertThat(artifacts.getJson(RunLayout.analysis("faults-conflicts"), Analysis.class).orElseThrow().totals().conflicts())
                .isEqualTo(conflicts);
        assertExact(targetBefore, items(app, app.prodSuffix));

        // Under overwrite the same reads fetch the pre-images the journal keeps: a rollback puts every one back.
        String overwrite = withConflictPolicy(app.planJson, "overwrite");
        long partialBefore = proxy.injected(Kind.PARTIAL);
        Execution rolledBack = run(app, dynamoDb, Settings.defaults(SharedStack.BUCKET), crashIn("Quotes", 0),
                "faults-preimages", "faults-preimages", input(app, overwrite, "full", "faults-preimages"), record -> {});

        assertThat(rolledBack.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Rollback", "RollbackComplete", "FinalizeRolledBack", "CheckRollback",
                "RolledBack");
        assertThat(proxy.count(i -> i.fault() == Fault.PARTIAL && i.phase().equals("MigrateLevels")))
                .as("partial reads of pre-images").isPositive();
        assertThat(proxy.injected(Kind.PARTIAL)).isGreaterThan(partialBefore);
        RollbackResult rollback = artifacts.getJson(RunLayout.rollback("faults-preimages"), RollbackResult.class).orElseThrow();
        assertThat(rollback.restored()).isEqualTo(conflicts);
        assertThat(rollback.failed()).isZero();
        assertExact(targetBefore, items(app, app.prodSuffix));
    }

    private SampleApp sampleApp(String name, double scale) {
        return closeLater(new SampleApp(name, SampleData.scaled(scale)));
    }

    private FaultProxy proxy(long seed) {
        return closeLater(FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), seed));
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }

    /** Runs the real state machine with DynamoDB reached through the proxy, Retry waits recorded, not waited. */
    private Execution run(SampleApp app, DynamoDbClient dynamoDb, Settings settings, FaultInjector crash, String executionName,
                          String runId, ObjectNode input, Consumer<StateRecord> onStateEntered) {
        Services services = app.services(new DynamoDbItemStore(dynamoDb), settings, crash);
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void stateEntered(StateRecord record) {
                if (PHASES.contains(record.stateName())) {
                    proxy.phase(record.stateName());
                }
                onStateEntered.accept(record);
            }
        };
        LocalRunner runner = new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 8, List.of(listener),
                retryWaits::add);
        return runner.run(executionName, runId, input);
    }

    private static ObjectNode input(SampleApp app, String planJson, String mode, String runId) {
        ObjectNode input = app.inputWith(planJson, mode, runId);
        if (mode.equals("full")) {
            input.put("confirm", true);
            // DynamoDB Local has no backups; the CLI sends the same opt-out on the embedded stack.
            input.put("backup", false);
        }
        return input;
    }

    /** A crash before a batch of {@code model} once its segment has written {@code afterItems}. */
    private static FaultInjector crashIn(String model, long afterItems) {
        return (runId, table, segment, written) -> {
            if (table.equals(model) && written >= afterItems) {
                throw new IllegalStateException("injected crash in table " + model + " after " + written + " items");
            }
        };
    }

    /** Production's own versions of the first {@code count} source items, at the keys the run maps them to. */
    private static int productionVersions(SampleApp app, String model, int count) {
        ItemTransformer transformer = app.transformerBeforeAnyRun();
        List<Map<String, AttributeValue>> sources = app.scan(app.source(model));
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> production = new LinkedHashMap<>(transformer.transform(model, sources.get(i)));
            production.put("note", AttributeValue.fromS("production's own version " + i));
            app.dynamoDb.putItem(b -> b.tableName(app.target(model)).item(production));
        }
        return count;
    }

    private static String withConflictPolicy(String planJson, String policy) {
        ObjectNode plan = (ObjectNode) Json.tree(planJson.getBytes(StandardCharsets.UTF_8));
        plan.put("onConflict", policy);
        return Json.text(plan);
    }

    /** Items production had before the run, at keys the run never maps to: a rollback must leave them alone. */
    private static void ownProductionItems(SampleApp app, String... models) {
        for (String model : models) {
            for (int i = 0; i < 3; i++) {
                app.dynamoDb.putItem(b -> b.tableName(app.target(model)).item(Map.of(
                        "id", AttributeValue.fromS(UUID.randomUUID().toString()),
                        "note", AttributeValue.fromS("production's own"))));
            }
        }
    }

    /** Every item of every table of one environment, by model and key. */
    private static Map<String, Map<String, Map<String, AttributeValue>>> items(SampleApp app, String suffix) {
        Map<String, Map<String, Map<String, AttributeValue>>> all = new LinkedHashMap<>();
        for (String model : app.models()) {
            TableInfo table = app.describe(model + suffix);
            Map<String, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
            app.scan(model + suffix).forEach(item -> byKey.put(DynamoJson.item(table.keyOf(item)).toString(), item));
            all.put(model, byKey);
        }
        return all;
    }

    /** Lost: expected items absent. Differing: items at an expected key with other content, or at no expected key. */
    private record Exactness(long items, long lost, long differing) {
        static Exactness of(Map<String, Map<String, Map<String, AttributeValue>>> expected,
                            Map<String, Map<String, Map<String, AttributeValue>>> actual) {
            long items = 0;
            long lost = 0;
            long differing = 0;
            for (Map.Entry<String, Map<String, Map<String, AttributeValue>>> table : expected.entrySet()) {
                Map<String, Map<String, AttributeValue>> there = actual.getOrDefault(table.getKey(), Map.of());
                for (Map.Entry<String, Map<String, AttributeValue>> item : table.getValue().entrySet()) {
                    items++;
                    Map<String, AttributeValue> found = there.get(item.getKey());
                    if (found == null) {
                        lost++;
                    } else if (!ContentDigest.same(found, item.getValue())) {
                        differing++;
                    }
                }
                differing += there.keySet().stream().filter(key -> !table.getValue().containsKey(key)).count();
            }
            SUITE_LOST.addAndGet(lost);
            SUITE_DIFFERING.addAndGet(differing);
            return new Exactness(items, lost, differing);
        }
    }

    /** The migrated tables against the source transformed as run {@code runId} does, computed here from the source tables. */
    private static Exactness againstTransformedSource(SampleApp app, String runId) {
        Map<String, Map<String, Map<String, AttributeValue>>> expected = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, AttributeValue>>> actual = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, AttributeValue>>> target = items(app, app.prodSuffix);
        ItemTransformer transformer = app.transformer(runId);
        for (String model : app.plan.migratedModels()) {
            TableInfo table = app.describe(app.target(model));
            Map<String, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
            for (Map<String, AttributeValue> source : app.scan(app.source(model))) {
                if (!transformer.copies(model, source)) {
                    continue;
                }
                Map<String, AttributeValue> transformed = transformer.transform(model, source);
                byKey.put(DynamoJson.item(table.keyOf(transformed)).toString(), transformed);
            }
            expected.put(model, byKey);
            actual.put(model, target.get(model));
        }
        return Exactness.of(expected, actual);
    }

    private static void assertExact(Map<String, Map<String, Map<String, AttributeValue>>> expected,
                                    Map<String, Map<String, Map<String, AttributeValue>>> actual) {
        Exactness exactness = Exactness.of(expected, actual);
        assertThat(exactness.lost()).as("items lost").isZero();
        assertThat(exactness.differing()).as("items differing from the pre-run state").isZero();
    }
}
