package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.executor.Execution;
import dev.dmig.json.Json;
import dev.dmig.executor.StateRecord;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.sample.SampleData;
import dev.dmig.run.Slice;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationReport;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ForwardingItemStore;
import dev.dmig.store.GuardedOutcome;
import dev.dmig.store.GuardedWrite;
import dev.dmig.store.ItemStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A run with a table large enough for a Distributed Map reads and checks its source through the
 * {@code AnalyzeSegments} and {@code ValidateSegments} Maps of the real state machine, one task per
 * (table, segment), and ends as exactly as a run analyzed and validated in one task. "Large" is lowered
 * to three segments here, so that the sample's tables count.
 */
class FanOutIT {

    @Test
    void aRunWithLargeTables_analyzesAndValidatesSegmentBySegment_andMigratesExactly() {
        try (SampleApp app = new SampleApp("fan", SampleData.scaled(0.1))) {
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            SampleApp.Runner runner = app.runner(Settings.defaults(SharedStack.BUCKET).withDistributedMapSegments(3),
                    FaultInjector.NONE, Map.of());
            ObjectNode input = app.input("full", "fan-full");
            input.put("confirm", true);
            ((ObjectNode) input.get("config")).put("segments", 3);

            Execution execution = runner.run("fan-full", input);

            assertThat(execution.succeeded()).as(execution.error() + ": " + execution.cause()).isTrue();
            assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "AnalyzeSegments", "Analyze",
                    "AnalysisComplete", "ChooseMode", "CheckConfirmation", "CheckConflicts", "MigrateLevels", "Validate",
                    "ValidationComplete", "ValidateSegments", "SegmentsValidated", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported", "Succeeded");
            int tables = app.plan.migratedModels().size();
            // One child execution per (table, segment), in each of the two passes.
            assertThat(execution.history().stream().filter(r -> r.stateName().equals("AnalyzeSegment"))
                    .map(StateRecord::iterationPath).distinct().count()).isEqualTo(3L * tables);
            assertThat(execution.history().stream().filter(r -> r.stateName().equals("ValidateSegment"))
                    .map(StateRecord::iterationPath).distinct().count()).isEqualTo(3L * tables);
            app.assertExact("fan-full");
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);

            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Analysis analysis = artifacts.getJson(RunLayout.analysis("fan-full"), Analysis.class).orElseThrow();
            assertThat(analysis.totals().items()).isEqualTo(app.plan.migratedModels().stream()
                    .mapToLong(model -> app.scan(app.source(model)).size()).sum());
            ValidationReport validation = artifacts.getJson(RunLayout.validation("fan-full"), ValidationReport.class).orElseThrow();
            assertThat(validation.passed()).isTrue();
            assertThat(validation.tables()).allMatch(TableValidation::byDigest);

            // A dry run of the same plan now that the targets hold the run's items: the segments of the target of
            // Contacts, whose `unique` email values the analysis looks for there, are read by tasks of the Map as well.
            ObjectNode dry = app.input("dry-run", "fan-dry");
            ((ObjectNode) dry.get("config")).put("segments", 3);
            Execution dryRun = runner.run("fan-dry", dry);
            assertThat(dryRun.succeeded()).as(dryRun.error() + ": " + dryRun.cause()).isTrue();
            assertThat(dryRun.history().stream().filter(r -> r.stateName().equals("AnalyzeSegment"))
                    .map(StateRecord::iterationPath).distinct().count()).isEqualTo(3L * tables + 3);
            TableAnalysis contacts = artifacts.getJson(RunLayout.analysis("fan-dry"), Analysis.class).orElseThrow().tables().stream()
                    .filter(table -> table.model().equals("Contacts")).findFirst().orElseThrow();
            // Each target contact is the source contact's own record at its mapped key: a key conflict, not a second holder.
            assertThat(contacts.uniqueness()).singleElement().satisfies(email -> {
                assertThat(email.existingInTarget()).isZero();
                assertThat(email.duplicatesInSource()).isZero();
            });
            assertThat(contacts.conflicts()).isEqualTo(contacts.items());

            // `dmig validate` of the run goes through the same Map; a target item deleted since then fails the digest
            // check, and the item-by-item pass that names it is handed to the Map too.
            ObjectNode again = Json.MAPPER.createObjectNode().put("mode", "validate").put("runId", "fan-full");
            Execution passed = runner.local().run("fan-validate-1", "fan-full", again);
            assertThat(passed.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "ValidateRun",
                    "ValidateRunComplete", "ValidateSegments", "SegmentsValidated", "ValidateRun", "ValidateRunComplete",
                    "ValidationPassed");
            Map<String, AttributeValue> deleted = app.scan(app.target("Contacts")).get(0);
            app.dynamoDb.deleteItem(b -> b.tableName(app.target("Contacts")).key(Map.of("id", deleted.get("id"))));
            Execution failed = runner.local().run("fan-validate-2", "fan-full", again);
            assertThat(failed.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "ValidateRun",
                    "ValidateRunComplete", "ValidateSegments", "SegmentsValidated", "ValidateRun", "ValidateRunComplete",
                    "ValidateSegments", "SegmentsValidated", "ValidateRun", "ValidateRunComplete", "ValidationFailed");
            ValidationReport report = artifacts.getJson(RunLayout.validation("fan-full"), ValidationReport.class).orElseThrow();
            // The contact is named missing; the items that refer to it, broken.
            assertThat(report.failures()).anyMatch(f -> f.startsWith("table Contacts: 1 target item missing"))
                    .allMatch(f -> f.startsWith("table Contacts: 1 target item missing")
                            || f.endsWith("references do not resolve in the target"));
            assertThat(report.tables()).noneMatch(TableValidation::byDigest);
        }
    }

    @Test
    void aSliceOfARunWithLargeTables_findsItsDescendantsRoundByRoundInTheMap_asOneTaskFindsThem() {
        try (SampleApp app = new SampleApp("fanslice", SampleData.scaled(0.1))) {
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            String project = app.scan(app.source("Projects")).stream().map(i -> i.get("id").s())
                    .min(Comparator.naturalOrder()).orElseThrow();
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            ObjectNode dry = app.input("dry-run", "slice-one-task");
            dry.putArray("roots").add("Projects:" + project);
            ((ObjectNode) dry.get("config")).put("segments", 3);
            Execution oneTask = app.runner().run("slice-one-task", dry);
            assertThat(oneTask.succeeded()).as(oneTask.error() + ": " + oneTask.cause()).isTrue();
            Slice inOneTask = artifacts.getJson(RunLayout.slice("slice-one-task"), Slice.class).orElseThrow();

            SampleApp.Runner runner = app.runner(Settings.defaults(SharedStack.BUCKET).withDistributedMapSegments(3),
                    FaultInjector.NONE, Map.of());
            ObjectNode input = app.input("full", "fan-slice");
            input.put("confirm", true);
            input.putArray("roots").add("Projects:" + project);
            ((ObjectNode) input.get("config")).put("segments", 3);
            Execution execution = runner.run("fan-slice", input);

            assertThat(execution.succeeded()).as(execution.error() + ": " + execution.cause()).isTrue();
            Slice slice = artifacts.getJson(RunLayout.slice("fan-slice"), Slice.class).orElseThrow();
            assertThat(slice.tables()).isEqualTo(inOneTask.tables());
            assertThat(slice.totals()).isEqualTo(inOneTask.totals());
            assertThat(slice.phases()).isEqualTo(inOneTask.phases());
            int rounds = slice.phases().get(1).rounds();
            assertThat(rounds).as("the project's quotes, then their items, then nothing new").isGreaterThanOrEqualTo(2);
            // One Map per round of descendants, then the analysis's own; one child execution per scan.
            assertThat(execution.path().stream().filter("AnalyzeSegments"::equals).count()).isEqualTo(rounds + 1L);
            assertThat(execution.history().stream().filter(r -> r.stateName().equals("AnalyzeSegment"))
                    .map(r -> r.input().get("segment")).filter(unit -> unit.has("round"))
                    .map(unit -> unit.get("round") + " " + unit.get("table") + " " + unit.get("segment")).distinct().count())
                    .isEqualTo(slice.phases().get(1).scans());
            // What Analyze hands on names S3 objects, never a member.
            execution.history().stream().filter(r -> r.stateName().equals("Analyze") && r.output() != null)
                    .forEach(r -> assertThat(r.output().toString()).doesNotContain(project));
            assertThat(app.targetDigests()).as("the target holds exactly the slice, mapped").isEqualTo(app.expectedTarget(slice, "fan-slice"));
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);
        }
    }
    @Test
    void aRunWithLargeTables_rollsBackLevelByLevelInTheMap_afterACrash_andOnRequest() {
        try (SampleApp app = new SampleApp("fanrb", SampleData.scaled(0.1))) {
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            Settings fanning = Settings.defaults(SharedStack.BUCKET).withDistributedMapSegments(3);
            // Quotes crashes at its first batch, once another table has written one (it waits for that signal): the rollback
            // then has something to undo, whatever the machine's speed.
            java.util.concurrent.CountDownLatch othersWrote = new java.util.concurrent.CountDownLatch(1);
            FaultInjector crashInQuotes = new FaultInjector() {
                @Override
                public void beforeBatch(String runId, String model, int segment, long written) {
                    if (runId.equals("fan-crash") && model.equals("Quotes")) {
                        try {
                            assertThat(othersWrote.await(2, java.util.concurrent.TimeUnit.MINUTES)).as("another table wrote").isTrue();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("injected crash in table Quotes after " + written + " items");
                    }
                }

                @Override
                public void afterBatch(String runId, String model, int segment, long written) {
                    if (runId.equals("fan-crash") && !model.equals("Quotes")) {
                        othersWrote.countDown();
                    }
                }
            };
            ObjectNode input = app.input("full", "fan-crash");
            input.put("confirm", true);
            ((ObjectNode) input.get("config")).put("segments", 3);
            SampleApp.Runner runner = app.runner(fanning, crashInQuotes, Map.of());

            Execution crashed = runner.run("fan-crash", input);

            // A Distributed Map whose child failed says only States.ExceedToleratedFailureThreshold; the run reports what the
            // segment task threw, and where.
            assertThat(crashed.error()).isEqualTo("java.lang.IllegalStateException");
            assertThat(crashed.cause()).startsWith("table Quotes, segment ").contains("(MigrateSegment): injected crash in table Quotes");
            assertThat(crashed.history().stream().filter(r -> r.stateName().equals("Rollback")).findFirst().orElseThrow()
                    .input().get("failure").get("Error").asText()).as("what the Map itself said")
                    .isEqualTo("States.ExceedToleratedFailureThreshold");
            assertThat(crashed.path()).containsSubsequence("MigrateLevels", "Rollback", "RollbackComplete", "RollbackSegments",
                    "RollbackLevelUndone", "Rollback", "RollbackComplete", "FinalizeRolledBack", "CheckRollback", "RolledBack");
            assertThat(crashed.path()).doesNotContain("RollbackRun");
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            RollbackResult rollback = artifacts.getJson(RunLayout.rollback("fan-crash"), RollbackResult.class).orElseThrow();
            assertThat(rollback.failed()).isZero();
            assertThat(rollback.reason()).isEqualTo("java.lang.IllegalStateException");
            RunManifest manifest = artifacts.getJson(RunLayout.manifest("fan-crash"), RunManifest.class).orElseThrow();
            assertThat(manifest.failure().cause()).startsWith("table Quotes, segment ");
            // How much the other tables wrote before Quotes crashed depends on the machine's speed (at least a batch); that
            // all of it is undone, the target's digests below say.
            assertThat(rollback.deleted()).as("what the run had written before Quotes crashed").isPositive();
            // One child execution per (table, segment) of the journal, one Map per level that wrote anything.
            long journaled = artifacts.children(RunLayout.journal("fan-crash")).stream()
                    .mapToLong(model -> artifacts.children(RunLayout.journal("fan-crash") + model + "/").size()).sum();
            assertThat(crashed.history().stream().filter(r -> r.stateName().equals("RollbackSegment"))
                    .map(r -> r.input().get("segment")).map(unit -> unit.get("table") + " " + unit.get("segment"))
                    .distinct().count()).isEqualTo(journaled);
            assertThat(crashed.path().stream().filter("RollbackSegments"::equals).count()).isEqualTo(rollback.levelsDone());
            assertThat(app.digests(app.prodSuffix)).as("target as before").isEqualTo(targetBefore);

            ObjectNode full = app.input("full", "fan-done");
            full.put("confirm", true);
            ((ObjectNode) full.get("config")).put("segments", 3);
            assertThat(runner.run("fan-done", full).succeeded()).isTrue();
            ObjectNode undo = app.input("rollback", "fan-done");
            undo.put("rollbackRunId", "fan-done");
            undo.put("confirm", true);
            Execution onRequest = runner.local().run("fan-undo", "fan-done", undo);

            assertThat(onRequest.succeeded()).as(onRequest.error() + ": " + onRequest.cause()).isTrue();
            assertThat(onRequest.path()).containsSubsequence("RollbackRun", "RollbackRunComplete", "RollbackSegments",
                    "RollbackLevelUndone", "RollbackRun", "RollbackRunComplete", "FinalizeRollbackRun", "RolledBackOnRequest");
            assertThat(onRequest.path()).doesNotContain("Rollback");
            assertThat(app.digests(app.prodSuffix)).as("target as before").isEqualTo(targetBefore);
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);
        }
    }

    @Test
    void aRollbackSegmentThatFails_isFinishedByRollbackItself_orFailsTheRollbackWithItsOwnError() {
        try (SampleApp app = new SampleApp("fanrf", SampleData.scaled(0.1))) {
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            Settings fanning = Settings.defaults(SharedStack.BUCKET).withDistributedMapSegments(3);
            FaultInjector crashInQuotes = (runId, model, segment, written) -> {
                if (model.equals("Quotes")) {
                    throw new IllegalStateException("injected crash in table Quotes after " + written + " items");
                }
            };
            // Deletes are rollback's alone (conditional, each only while its key holds the run's item): the first batch of
            // them fails, then, from the second run on, every one of one table.
            AtomicInteger deleteBatches = new AtomicInteger();
            AtomicReference<String> refusing = new AtomicReference<>();
            AtomicBoolean refuseAll = new AtomicBoolean();
            UnaryOperator<ItemStore> front = store -> new ForwardingItemStore(store) {
                @Override
                public GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes) {
                    if (writes.stream().anyMatch(w -> w.request().deleteRequest() != null)) {
                        if (deleteBatches.incrementAndGet() == 1 || refuseAll.get() && table.equals(refusing.updateAndGet(t -> t == null ? table : t))) {
                            throw new IllegalStateException("injected: deletes refused in " + table);
                        }
                    }
                    return super.writeIfOnce(table, writes);
                }
            };
            SampleApp.Runner runner = app.runner(fanning, crashInQuotes, Map.of(), null, front);

            Execution healed = runner.run("fan-heal", fullRun(app, "fan-heal"));

            assertThat(healed.error()).isEqualTo("java.lang.IllegalStateException");
            assertThat(healed.cause()).as("the run's own failure").contains("(MigrateSegment): injected crash in table Quotes");
            assertThat(healed.path()).containsSubsequence("RollbackSegments", "RollbackLevelUndone", "Rollback", "RollbackComplete",
                    "FinalizeRolledBack", "CheckRollback", "RolledBack");
            assertThat(healed.history().stream().filter(r -> r.stateName().equals("RollbackSegment"))
                    .anyMatch(StateRecord::failed)).as("a RollbackSegment task failed").isTrue();
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            assertThat(artifacts.getJson(RunLayout.rollback("fan-heal"), RollbackResult.class).orElseThrow().failed()).isZero();
            assertThat(app.digests(app.prodSuffix)).as("target as before").isEqualTo(targetBefore);

            refuseAll.set(true);
            Execution stuck = runner.run("fan-stuck", fullRun(app, "fan-stuck"));

            // Before, the Map's own words: States.ExceedToleratedFailureThreshold, naming nothing.
            assertThat(stuck.path()).containsSubsequence("RollbackSegments", "RollbackLevelUndone", "Rollback", "RollbackFailed");
            assertThat(stuck.error()).isEqualTo("java.lang.IllegalStateException");
            assertThat(stuck.cause()).contains("injected: deletes refused in " + refusing.get());
            assertThat(artifacts.getJson(RunLayout.manifest("fan-stuck"), RunManifest.class).orElseThrow().status())
                    .as("left for dmig rollback to finish").isEqualTo(RunStatus.ROLLING_BACK);
        }
    }

    private static ObjectNode fullRun(SampleApp app, String runId) {
        ObjectNode input = app.input("full", runId);
        input.put("confirm", true);
        ((ObjectNode) input.get("config")).put("segments", 3);
        return input;
    }
}
