package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.analysis.Analysis;
import dev.dmig.executor.Execution;
import dev.dmig.executor.StateRecord;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.run.Slice;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationReport;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
                    "ValidationComplete", "ValidateSegments", "Validate", "ValidationComplete", "Finalize", "ExportIdMaps", "IdMapsExported", "Succeeded");
            int tables = app.plan.migratedModels().size();
            // One child execution per (table, segment), in each of the two passes.
            assertThat(execution.history().stream().filter(r -> r.stateName().equals("AnalyzeSegment"))
                    .map(StateRecord::iterationPath).distinct().count()).isEqualTo(3L * tables);
            assertThat(execution.history().stream().filter(r -> r.stateName().equals("ValidateSegment"))
                    .map(StateRecord::iterationPath).distinct().count()).isEqualTo(3L * tables);
            app.assertExact();
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);

            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Analysis analysis = artifacts.getJson(RunLayout.analysis("fan-full"), Analysis.class).orElseThrow();
            assertThat(analysis.totals().items()).isEqualTo(app.plan.migratedModels().stream()
                    .mapToLong(model -> app.scan(app.source(model)).size()).sum());
            ValidationReport validation = artifacts.getJson(RunLayout.validation("fan-full"), ValidationReport.class).orElseThrow();
            assertThat(validation.passed()).isTrue();
            assertThat(validation.tables()).allMatch(TableValidation::byDigest);
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
            assertThat(app.targetDigests()).as("the target holds exactly the slice, mapped").isEqualTo(app.expectedTarget(slice));
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);
        }
    }
}
