package dev.dmig.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.cli.CliRun;
import dev.dmig.executor.Execution;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.StateRecord;
import dev.dmig.handler.Services;
import dev.dmig.json.Json;
import dev.dmig.local.LocalRunner;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.store.DynamoDbItemStore;
import dev.dmig.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A target with far less write capacity than dmig would use, answering as DynamoDB does when a
 * table is out of provisioned capacity (the front {@link WriteCapacity} before DynamoDB Local):
 * the run slows down to what the tables accept and succeeds; only a table that accepts nothing at
 * all for the throttling patience fails the run, which then rolls back. A rollback meeting such a
 * target slows its deletes down the same way, and still leaves the target exactly as it was.
 */
class ThrottledTargetIT {
    private static final double UNITS_PER_SECOND = 50;
    private static final double BURST_SECONDS = 10;
    private static final double SCARCE_UNITS_PER_SECOND = 25;

    @Test
    void twentyFiveUnitsPerSecondPerTable_sixteenSegmentsEach_theRunSucceedsExactly() throws Exception {
        credentials();
        try (SampleApp app = new SampleApp("thr", SampleData.withAbout(2_500));
             FaultProxy proxy = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 5);
             DynamoDbClient dynamoDb = ProxiedClients.production(proxy)) {
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            // 25 units/s with a one-second burst: the largest table (QuoteItems, ~550 units: 22 s at the least) asks for more than
            // that on any machine, so the front refuses some of its writes. At 50 units/s with a 10 s burst it was refused only when it
            // wrote its units in less than about 12 s, which it did not always do while 30 other tables copied beside it.
            WriteCapacity capacity = new WriteCapacity(SCARCE_UNITS_PER_SECOND, 1);
            proxy.limitWrites(capacity);
            Map<String, Long> entered = new ConcurrentHashMap<>();

            Execution execution = run(app, dynamoDb, Settings.defaults(SharedStack.BUCKET), "throttled-full", entered);

            assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                    "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported", "Succeeded");
            app.assertExact("throttled-full");
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);
            double seconds = (entered.get("Validate") - entered.get("MigrateLevels")) / 1e9;
            int tables = app.plan.migratedModels().size();
            System.out.printf("THROTTLED: %d tables at %.0f units/s (burst %.0f units), 16 segments each: migration %.1f s,"
                            + " %d units accepted, %d items refused on the way; the busiest table wrote %s%n", tables,
                    capacity.unitsPerSecond(), capacity.burstUnits(), seconds, capacity.admittedUnits(), capacity.refusedItems(),
                    busiest(capacity));
            assertThat(capacity.refusedItems()).as("writes the front refused: the run was throttled").isPositive();

            // dmig status says which tables were throttled, beside the rate each was written at.
            CliRun status = CliRun.of(CliRun.embeddedStack(), "status", "--run", "throttled-full");
            assertThat(status.code()).isZero();
            assertThat(status.out()).containsPattern("done [\\d,]+ written, [\\d,]+ items/s, throttled: [\\d,]+ writes refused and sent again");
        }
    }

    @Test
    void aTableAcceptingNoWriteForThePatience_failsTheRun_rollsBack_andSaysSoInOneLine() throws Exception {
        credentials();
        try (SampleApp app = new SampleApp("thrblk", SampleData.withAbout(300));
             FaultProxy proxy = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 6);
             DynamoDbClient dynamoDb = ProxiedClients.production(proxy)) {
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            proxy.limitWrites(new WriteCapacity(UNITS_PER_SECOND, BURST_SECONDS).blockPuts());

            Execution execution = run(app, dynamoDb, Settings.defaults(SharedStack.BUCKET).withThrottlePatienceMillis(3_000),
                    "throttled-blocked", new ConcurrentHashMap<>());

            assertThat(execution.path()).containsSubsequence("MigrateLevels", "Rollback", "RolledBack");
            assertThat(execution.error()).isEqualTo("dev.dmig.migrate.TableThrottledException");
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            RunManifest manifest = artifacts.getJson(RunLayout.manifest("throttled-blocked"), RunManifest.class).orElseThrow();
            assertThat(manifest.status()).isEqualTo(RunStatus.ROLLED_BACK);
            // The Java Lambda runtime's error JSON, as the state machine hands it on; the CLI prints its message alone.
            String line = Json.tree(manifest.failure().cause().getBytes(StandardCharsets.UTF_8)).get("errorMessage").asText();
            assertThat(line).matches("throttled: no write accepted for \\d+ s on table \\S+" + app.prodSuffix
                    + "; raise its write capacity \\(or switch it to on-demand\\), or set writeRateLimit in the plan");
            assertThat(app.digests(app.prodSuffix)).as("target as before").isEqualTo(targetBefore);
        }
    }

    @Test
    void aRunThatFailsAfterWriting_rollsBackExactly_itsDeletesPacedByTheSameThrottledFront() throws Exception {
        credentials();
        try (SampleApp app = new SampleApp("thrrb", SampleData.withAbout(400));
             FaultProxy proxy = FaultProxy.start(SharedStack.stack().dynamoDbEndpoint(), 7);
             DynamoDbClient dynamoDb = ProxiedClients.production(proxy)) {
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            proxy.limitWrites(new WriteCapacity(UNITS_PER_SECOND, BURST_SECONDS));
            // The rollback meets a target with a fifth of that capacity and a one-second burst: its deletes are refused by
            // the hundred, and it must go on at the pace each table accepts, as the migration's writes do, not give up.
            WriteCapacity rollbackCapacity = new WriteCapacity(UNITS_PER_SECOND / 5, 1);
            ExecutionListener tighten = new ExecutionListener() {
                @Override
                public void stateEntered(StateRecord record) {
                    if (record.stateName().equals("Rollback")) {
                        proxy.limitWrites(rollbackCapacity);
                    }
                }
            };
            FaultInjector validationFails = new FaultInjector() {
                @Override
                public void beforeBatch(String runId, String model, int segment, long itemsWrittenSoFar) {
                }

                @Override
                public void beforeValidationPage(String runId, String model, int segment) {
                    // The largest table, copied last: the run has written nearly everything when its check fails.
                    if (model.equals("QuoteItems")) {
                        throw new IllegalStateException("injected: validation cannot read " + model);
                    }
                }
            };

            Execution execution = run(app, dynamoDb, Settings.defaults(SharedStack.BUCKET), "throttled-rollback",
                    new ConcurrentHashMap<>(), validationFails, tighten);

            // Written together into its empty target, each table is validated as soon as its copy is done: the failure
            // strikes within MigrateLevels (ValidateTable), while other tables may still copy.
            assertThat(execution.path()).containsSubsequence("MigrateLevels", "Rollback", "RolledBack");
            assertThat(execution.visitedStateNames()).contains("ValidateTable");
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            RunManifest manifest = artifacts.getJson(RunLayout.manifest("throttled-rollback"), RunManifest.class).orElseThrow();
            assertThat(manifest.status()).isEqualTo(RunStatus.ROLLED_BACK);
            RollbackResult rollback = artifacts.getJson(RunLayout.rollback("throttled-rollback"), RollbackResult.class).orElseThrow();
            long written = Checkpoint.all(artifacts, "throttled-rollback").stream().mapToLong(Checkpoint::itemsWritten).sum();
            assertThat(written).as("items the migration wrote before validation failed").isPositive();
            assertThat(rollback.failed()).isZero();
            assertThat(rollback.deleted()).as("every item the run wrote").isEqualTo(written);
            assertThat(rollbackCapacity.refusedItems()).as("deletes the front refused: the rollback was throttled").isPositive();
            // A sibling's page journaled before the failure may still be written once the rollback has begun (the rollback
            // waits for it and undoes it): its puts go through the same front, so the deletes are counted apart.
            assertThat(rollbackCapacity.admittedDeletes()).as("every delete went through the front").isEqualTo(written);
            assertThat(app.digests(app.prodSuffix)).as("target as before").isEqualTo(targetBefore);
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);
            double rollbackSeconds = java.time.Duration.between(java.time.Instant.parse(rollback.startedAt()),
                    java.time.Instant.parse(rollback.finishedAt())).toMillis() / 1000.0;
            System.out.printf("THROTTLED ROLLBACK: %d items deleted in %.1f s at %.0f units/s per table (burst %.0f units), %d"
                            + " deletes refused on the way; the busiest table deleted %s%n", rollback.deleted(), rollbackSeconds,
                    rollbackCapacity.unitsPerSecond(), rollbackCapacity.burstUnits(), rollbackCapacity.refusedItems(),
                    busiest(rollbackCapacity));
        }
    }

    private static Execution run(SampleApp app, DynamoDbClient dynamoDb, Settings settings, String runId,
                                 Map<String, Long> entered) {
        return run(app, dynamoDb, settings, runId, entered, FaultInjector.NONE, new ExecutionListener() {});
    }

    private static Execution run(SampleApp app, DynamoDbClient dynamoDb, Settings settings, String runId,
                                 Map<String, Long> entered, FaultInjector faults, ExecutionListener also) {
        Services services = app.services(new DynamoDbItemStore(dynamoDb), settings, faults);
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void stateEntered(StateRecord record) {
                entered.putIfAbsent(record.stateName(), System.nanoTime());
                also.stateEntered(record);
            }
        };
        ObjectNode input = app.input("full", runId);
        ((ObjectNode) input.get("config")).put("segments", 16);
        input.put("confirm", true);
        input.put("backup", false);
        return new LocalRunner(services, LocalRunner.bundledDefinition(), Map.of(), 8, List.of(listener)).run(runId, runId, input);
    }

    /**
     * The table that was admitted the most units: those units against what the front offered it
     * between its first and last admitted write (its burst plus the rate over that time).
     */
    private static String busiest(WriteCapacity capacity) {
        Map.Entry<String, WriteCapacity.Written> busiest = capacity.busiest().orElseThrow();
        WriteCapacity.Written table = busiest.getValue();
        double offered = capacity.offeredUnits(table);
        return String.format("%s: %d units in %.1f s, %.0f%% of the %.0f units offered (burst + rate x time)",
                busiest.getKey(), table.units(), table.seconds(), 100.0 * table.units() / offered, offered);
    }

    private static void credentials() {
        SharedStack.credentialsForTheCli();
    }
}
