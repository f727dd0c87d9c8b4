package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The automatic rollback, whatever the stage of the failure: every target table ends exactly as it
 * was before the run — items the run created are gone, items it overwrote (onConflict overwrite)
 * are back as they were, items it never touched are untouched — and the source is unchanged.
 */
class RollbackStagesIT {
    /** Where the failure strikes. */
    enum Stage {
        /** Level 1 fully written, then the first batch of a level-2 table fails. */
        AFTER_A_LEVEL,
        /** Half-way through a segment of a level-1 table, between batches. */
        MID_SEGMENT,
        /** Everything written; validation fails while reading. */
        DURING_VALIDATION
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aFailure_atAnyStage_leavesEveryTargetTableAsItWas(Stage stage) {
        try (SampleApp app = new SampleApp("stage", SampleData.scaled(0.25))) {
            prepareProduction(app);
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            AtomicBoolean struck = new AtomicBoolean();
            FaultInjector fault = new FaultInjector() {
                @Override
                public void beforeBatch(String runId, String model, int segment, long written) {
                    if (stage == Stage.AFTER_A_LEVEL && model.equals("Requests") && struck.compareAndSet(false, true)
                            || stage == Stage.MID_SEGMENT && model.equals("Contacts") && written >= 40
                            && struck.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure " + stage);
                    }
                }

                @Override
                public void beforeValidationPage(String runId, String model, int segment) {
                    if (stage == Stage.DURING_VALIDATION && struck.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure " + stage);
                    }
                }
            };
            ObjectNode input = app.input("full", "stage-" + stage);
            input.put("confirm", true);
            input.with("config").put("onConflict", "overwrite");
            Settings settings = new Settings(SharedStack.BUCKET, 20, 8, 4, 30_000, 12, 25_000, 32);
            Execution execution = app.runner(settings, fault, Map.of()).run("stage-" + stage, input);

            assertThat(struck).isTrue();
            String failedStep = stage == Stage.DURING_VALIDATION ? "Validate" : "MigrateLevels";
            assertThat(execution.path()).containsSubsequence(failedStep, "Rollback", "RollbackComplete", "FinalizeRolledBack",
                    "CheckRollback", "RolledBack");
            assertThat(execution.cause()).contains("injected failure " + stage);
            RollbackResult rollback = new S3ArtifactStore(app.s3, SharedStack.BUCKET)
                    .getJson(RunLayout.rollback("stage-" + stage), RollbackResult.class).orElseThrow();
            assertThat(rollback.restored()).as("pre-images put back").isPositive();
            assertThat(rollback.deleted()).isPositive();
            assertThat(rollback.failed()).isZero();
            assertThat(app.digests(app.prodSuffix)).isEqualTo(targetBefore);
            assertThat(app.digests(app.devSuffix)).isEqualTo(sourceBefore);
        }
    }

    @Test
    void rollingBackATestRun_removesOnlyItsRecords() {
        try (SampleApp app = new SampleApp("testrb", SampleData.scaled(0.25))) {
            for (String model : List.of("Contacts", "Requests")) {
                app.dynamoDb.putItem(b -> b.tableName(app.target(model)).item(Map.of(
                        "id", AttributeValue.fromS(UUID.randomUUID().toString()), "note", AttributeValue.fromS("unrelated"))));
            }
            List<Map<String, AttributeValue>> requests = app.scan(app.source("Requests"));
            SampleApp.Runner runner = app.runner();
            ObjectNode first = app.input("test", "test-keep");
            first.put("table", "Requests");
            first.put("sourceId", requests.get(0).get("id").s());
            assertThat(runner.run("test-keep", first).succeeded()).isTrue();
            Map<String, String> beforeSecond = app.digests(app.prodSuffix);

            ObjectNode second = app.input("test", "test-undo");
            second.put("table", "Requests");
            second.put("sourceId", requests.get(1).get("id").s());
            second.put("withParents", true);
            assertThat(runner.run("test-undo", second).succeeded()).isTrue();
            assertThat(app.digests(app.prodSuffix)).isNotEqualTo(beforeSecond);

            ObjectNode undo = app.input("rollback", "test-undo");
            undo.put("rollbackRunId", "test-undo");
            undo.put("confirm", true);
            assertThat(runner.local().run("test-undo-rb", "test-undo", undo).path()).last().isEqualTo("RolledBackOnRequest");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(beforeSecond);
        }
    }

    /** Production has items of its own, and different content at some keys the run maps to. */
    private static void prepareProduction(SampleApp app) {
        ItemTransformer transformer = app.transformerBeforeAnyRun();
        for (String model : List.of("Contacts", "Requests", "QuoteItems")) {
            List<Map<String, AttributeValue>> sources = app.scan(app.source(model));
            for (Map<String, AttributeValue> source : sources.subList(0, 5)) {
                Map<String, AttributeValue> theirs = new HashMap<>(transformer.transform(model, source));
                theirs.put("note", AttributeValue.fromS("production's own version"));
                app.dynamoDb.putItem(b -> b.tableName(app.target(model)).item(theirs));
            }
            app.dynamoDb.putItem(b -> b.tableName(app.target(model)).item(Map.of(
                    "id", AttributeValue.fromS(UUID.randomUUID().toString()), "note", AttributeValue.fromS("unrelated"))));
        }
    }
}
