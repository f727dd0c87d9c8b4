package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Failure paths of the real state machine against DynamoDB Local: a crash in a later level takes
 * the Catch → Rollback branch and leaves every target table exactly as it was; a rollback asked
 * for by hand does the same, and is harmless when repeated.
 */
class RollbackIT {
    private SampleApp app;
    private S3ArtifactStore artifacts;

    @BeforeEach
    void setUp() {
        app = new SampleApp("rb", SampleData.scaled(0.5));
        artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
        // Production already holds items of its own: rollback must leave them alone.
        for (String model : new String[] {"Contacts", "Quotes", "AppPreferences"}) {
            for (int i = 0; i < 3; i++) {
                app.dynamoDb.putItem(b -> b.tableName(app.target(model)).item(Map.of(
                        "id", AttributeValue.fromS(UUID.randomUUID().toString()),
                        "note", AttributeValue.fromS("production's own"))));
            }
        }
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void aCrashInLevelFour_rollsBackEverything_andThePathShowsIt() {
        Map<String, String> targetBefore = app.digests(app.prodSuffix);
        Map<String, String> sourceBefore = app.digests(app.devSuffix);
        Settings settings = new Settings(SharedStack.BUCKET, 25, 8, 4, 30_000, 12, 25_000, 32);
        FaultInjector crashInQuotes = (runId, model, segment, written) -> {
            if (model.equals("Quotes") && written >= 50) {
                throw new IllegalStateException("injected crash in table Quotes after " + written + " items");
            }
        };
        var input = app.input("full", "crash-it");
        input.put("confirm", true);
        Execution execution = app.runner(settings, crashInQuotes, Map.of()).run("crash-it", input);

        assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels", "Rollback", "RollbackComplete", "FinalizeRolledBack", "CheckRollback",
                "RolledBack");
        assertThat(execution.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(execution.cause()).contains("injected crash in table Quotes");
        RollbackResult rollback = artifacts.getJson(RunLayout.rollback("crash-it"), RollbackResult.class).orElseThrow();
        assertThat(rollback.deleted()).as("levels 1-3 and part of level 4 had been written").isGreaterThan(1_000);
        assertThat(rollback.failed()).isZero();
        assertThat(app.digests(app.prodSuffix)).isEqualTo(targetBefore);
        assertThat(app.digests(app.devSuffix)).isEqualTo(sourceBefore);
        RunManifest manifest = artifacts.getJson(RunLayout.manifest("crash-it"), RunManifest.class).orElseThrow();
        assertThat(manifest.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(manifest.failure().error()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void rollbackOnRequest_undoesACompletedRun_andIsHarmlessTwice() {
        Map<String, String> targetBefore = app.digests(app.prodSuffix);
        var full = app.input("full", "done-it");
        full.put("confirm", true);
        SampleApp.Runner runner = app.runner();
        assertThat(runner.run("done-it", full).succeeded()).isTrue();
        assertThat(app.digests(app.prodSuffix)).isNotEqualTo(targetBefore);

        for (String execution : new String[] {"undo-1", "undo-2"}) {
            var rollback = app.input("rollback", "done-it");
            rollback.put("rollbackRunId", "done-it");
            rollback.put("confirm", true);
            Execution undo = runner.local().run(execution, "done-it", rollback);
            assertThat(undo.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "RollbackRun",
                    "RollbackRunComplete", "FinalizeRollbackRun", "CheckRollbackRun", "RolledBackOnRequest");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(targetBefore);
        }
        assertThat(artifacts.getJson(RunLayout.manifest("done-it"), RunManifest.class).orElseThrow().status())
                .isEqualTo(RunStatus.ROLLED_BACK);
    }
}
