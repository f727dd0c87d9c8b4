package dev.dmig.analysis;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.Settings;
import dev.dmig.json.Json;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.InMemoryItemStore.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Segments of a table DescribeTable calls empty: DynamoDB refreshes ItemCount about every six hours,
 * so a freshly loaded table must be sized from a small COUNT sample of it, at a bounded cost.
 */
class SizeEstimateTest {
    private static final String SOURCE = "Notes-dev";
    private static final String TARGET = "Notes-prod";
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, %s "tables": {"Notes": {}}}
            """;

    private final InMemoryItemStore items = new InMemoryItemStore()
            .createTable(SOURCE, "id", ScalarAttributeType.S)
            .createTable(TARGET, "id", ScalarAttributeType.S);
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Settings settings = new Settings("bucket", 500, 4, 4, 0, 5, 25_000, 32);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private void load(int count) {
        List<Map<String, AttributeValue>> notes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            notes.add(item("id", s("note-" + i), "text", s("note number " + i)));
        }
        items.putAll(SOURCE, notes);
    }

    private RunState dryRun(String runId, String segments) {
        String plan = PLAN.formatted(segments == null ? "" : "\"segments\": " + segments + ",");
        RunRequest request = new RunRequest("dry-run", runId, null, Json.tree(plan.getBytes(StandardCharsets.UTF_8)),
                null, null, null, null, null, null, null, null, null);
        Analyzer analyzer = new Analyzer(items, artifacts, settings, pool);
        for (int call = 0; call < 100; call++) {
            RunState state = analyzer.analyze(request, "exec-" + runId, Deadline.in(60_000));
            if (state.done()) {
                return state;
            }
        }
        throw new IllegalStateException("Analyze did not finish");
    }

    private TableAnalysis notes(String runId) {
        return artifacts.json(RunLayout.analysis(runId), Analysis.class).tables().get(0);
    }

    @Test
    void tableThatDescribeTableCallsEmpty_isSampled_andGetsTheSegmentsOfItsRealSize() {
        load(30_000);
        items.describeAs(SOURCE, 0, 0);

        dryRun("stale", null);

        assertThat(artifacts.json(RunLayout.manifest("stale"), RunManifest.class).segments()).containsEntry("Notes", 4);
        TableAnalysis notes = notes("stale");
        assertThat(notes.segments()).isEqualTo(4);
        assertThat(notes.items()).as("the analysis scan itself counts exactly").isEqualTo(30_000);
        SizeEstimate size = notes.size();
        assertThat(size.basis()).isEqualTo("sample");
        assertThat(size.describedItems()).isZero();
        assertThat(size.items()).isBetween(24_000L, 36_000L);
        assertThat(size.sample().totalSegments()).as("30 items in a thousandth: a slice 16 times as wide is counted")
                .isEqualTo(SizeEstimate.SLICES / SizeEstimate.WIDER);
        assertThat(size.sample().itemsCounted()).isGreaterThanOrEqualTo(SizeEstimate.ENOUGH_ITEMS);
        assertThat(size.sample().partial()).isFalse();
        assertThat(items.calls(Operation.COUNT)).as("requests of the sample").isEqualTo(size.sample().pages())
                .isLessThanOrEqualTo(SizeEstimate.MAX_PAGES);
    }

    @Test
    void tableDescribeTableSizesForSeveralSegments_isNotSampled() {
        load(30_000);

        dryRun("current", null);

        assertThat(notes("current").segments()).isEqualTo(4);
        assertThat(notes("current").size()).isEqualTo(new SizeEstimate("describeTable", 30_000, notes("current").bytes(),
                30_000, notes("current").bytes(), null));
        assertThat(items.calls(Operation.COUNT)).isZero();
    }

    @Test
    void segmentsSetByThePlan_areKept_andNothingIsSampled() {
        load(3_000);
        items.describeAs(SOURCE, 0, 0);

        dryRun("fixed", "2");

        assertThat(notes("fixed").segments()).isEqualTo(2);
        assertThat(notes("fixed").size().basis()).isEqualTo("plan");
        assertThat(items.calls(Operation.COUNT)).isZero();
    }

    @Test
    void emptyTable_staysInOneSegment_afterTwoRequests() {
        dryRun("empty", null);

        assertThat(notes("empty").segments()).isEqualTo(1);
        SizeEstimate size = notes("empty").size();
        assertThat(size.basis()).isEqualTo("describeTable");
        assertThat(size.sample().itemsCounted()).isZero();
        assertThat(size.sample().pages()).isEqualTo(2);
        assertThat(items.calls(Operation.COUNT)).as("a thousandth of the table, then a slice 16 times as wide").isEqualTo(2);
    }

    @Test
    void smallTableThatDescribeTableCallsEmpty_isSampledInTwoRequests_notOnePerThinSlice() {
        load(3_000);
        items.describeAs(SOURCE, 0, 0);

        SizeEstimate size = SizeEstimate.of(items, items.describe(SOURCE).orElseThrow(), 25_000, 25_000_000);

        // Three items in a thousandth of the table: 16 thin slices read one after another would be 16 round trips.
        assertThat(items.calls(Operation.COUNT)).isEqualTo(2);
        assertThat(size.sample().pages()).isEqualTo(2);
        assertThat(size.sample().totalSegments()).isEqualTo(SizeEstimate.SLICES / SizeEstimate.WIDER);
        assertThat(size.sample().partial()).isFalse();
        assertThat(size.sample().items()).isBetween(1_500L, 4_500L);
    }

    @Test
    void sampleOfATableTooLargeToCount_stopsAfterSixteenPagesOfAMegabyte_asALowerBound() {
        loadLarge(60);

        SizeEstimate.Sample sample = SizeEstimate.sample(items, SOURCE, 1, Long.MAX_VALUE);

        assertThat(sample.pages()).isEqualTo(SizeEstimate.MAX_PAGES);
        assertThat(items.calls(Operation.COUNT)).isEqualTo(SizeEstimate.MAX_PAGES);
        assertThat(sample.partial()).isTrue();
        assertThat(sample.itemsCounted()).isEqualTo(48);
        assertThat(sample.bytes()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void sample_stopsAsSoonAsTheEstimateIsLargeEnoughForTheMostSegments() {
        loadLarge(60);

        SizeEstimate.Sample sample = SizeEstimate.sample(items, SOURCE, 1, 1_024);

        assertThat(sample.pages()).isOne();
        assertThat(sample.partial()).isTrue();
        assertThat(sample.bytes()).isEqualTo(1024L * 1024);
    }

    /** Items of 350 KB: three fill a 1 MB page. */
    private void loadLarge(int count) {
        String text = "x".repeat(350 * 1024);
        for (int i = 0; i < count; i++) {
            items.put(SOURCE, item("id", s(String.format("big-%03d", i)), "text", s(text)));
        }
    }
}
