package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.Settings;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.SizeEstimate;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.executor.Execution;
import dev.dmig.executor.StateRecord;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.ContentDigest;
import dev.dmig.validate.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table loaded a moment ago, which DescribeTable still calls empty (DynamoDB refreshes ItemCount
 * about every six hours): on DynamoDB Local, whose counts are current, a front reports the stale
 * zero. Analysis must size the table from a COUNT sample, so the run fans out over several
 * segments, and the copy is still exact.
 */
class StaleItemCountIT {
    private static final String RUN = "stale-count-it";
    private static final int ITEMS = 3_000;

    @Test
    void freshlyLoadedTable_thatDescribeTableCallsEmpty_isMigratedInSeveralSegments_exactly() {
        try (NotesApp app = new NotesApp("stale", b -> b)) {
            List<Map<String, AttributeValue>> notes = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                notes.add(Map.of("id", AttributeValue.fromS("note-" + i), "text", AttributeValue.fromS("note number " + i)));
            }
            app.load(notes);
            // 500 items per segment: the table's real size asks for six.
            Settings settings = new Settings(SharedStack.BUCKET, 100, 8, 4, 30_000, 12, 500, 32);
            SampleApp.Runner runner = app.runner(settings, real -> new StaleDescribeItemStore(real, Set.of(app.source())));
            assertThat(runner.services().items().describe(app.source()).orElseThrow().approximateItemCount()).isZero();

            Execution execution = runner.run(RUN, app.input("full", RUN));

            assertThat(execution.path()).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                    "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported", "Succeeded");
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            int segments = artifacts.getJson(RunLayout.manifest(RUN), RunManifest.class).orElseThrow().segments().get("Notes");
            assertThat(segments).as("segments of a table of %d items at 500 per segment", ITEMS).isBetween(4, 9);
            Set<Integer> migrated = new TreeSet<>();
            for (StateRecord record : execution.history()) {
                if (record.stateName().equals("MigrateSegment")) {
                    migrated.add(record.input().get("segment").asInt());
                }
            }
            assertThat(migrated).as("segments migrated, each by its own task").hasSize(segments);

            TableAnalysis analysis = artifacts.getJson(RunLayout.analysis(RUN), Analysis.class).orElseThrow().tables().get(0);
            SizeEstimate size = analysis.size();
            assertThat(size.basis()).isEqualTo("sample");
            assertThat(size.describedItems()).isZero();
            assertThat(size.items()).isBetween(2_000L, 4_500L);
            assertThat(size.sample().pages()).isLessThanOrEqualTo(16);
            assertThat(analysis.items()).isEqualTo(ITEMS);

            ItemTransformer transformer = new ItemTransformer(PlanParser.parse(app.planJson));
            ContentDigest expected = new ContentDigest();
            app.scan(app.source()).forEach(item -> expected.add(transformer.transform("Notes", item)));
            ContentDigest actual = new ContentDigest();
            app.scan(app.target()).forEach(actual::add);
            assertThat(actual.count()).isEqualTo(ITEMS);
            assertThat(actual.sameAs(expected)).as("every target item is its transformed source item").isTrue();
            assertThat(artifacts.getJson(RunLayout.validation(RUN), ValidationReport.class).orElseThrow().passed()).isTrue();
        }
    }
}
