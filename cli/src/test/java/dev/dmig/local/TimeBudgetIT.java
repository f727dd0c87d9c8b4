package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.executor.StateRecord;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lambda time budgets that run out after one page: Analyze, MigrateSegment and Validate each
 * return a checkpoint and the state machine's Choice loops call them again, a table split into
 * segments runs them in parallel (as a Distributed Map), and the result is still exact.
 */
class TimeBudgetIT {
    @Test
    void tinyTimeBudgets_loopEveryStep_andTheResultIsExact() {
        try (SampleApp app = new SampleApp("budget", SampleData.scaled(0.3))) {
            // A safety margin 1 ms short of the timeout: every call does exactly one page, then hands back, long before
            // the strict executor would stop it at its timeout.
            Settings settings = new Settings(SharedStack.BUCKET, 40, 8, 4, 59_999, 12, 25_000, 3);
            Map<String, Duration> timeouts = Map.of("AnalyzeFunction", Duration.ofSeconds(60),
                    "MigrateSegmentFunction", Duration.ofSeconds(60), "ValidateFunction", Duration.ofSeconds(60));
            ObjectNode input = app.input("full", "budget-it");
            input.put("confirm", true);
            ((ObjectNode) input.get("config").get("tables").get("QuoteItems")).put("segments", 3);
            Execution execution = app.runner(settings, FaultInjector.NONE, timeouts).run("budget-it", input);

            assertThat(execution.succeeded()).as("error %s: %s", execution.error(), execution.cause()).isTrue();
            assertThat(Collections.frequency(execution.path(), "Analyze")).isGreaterThan(1);
            assertThat(Collections.frequency(execution.path(), "Validate")).isGreaterThan(1);
            assertThat(execution.visitedStateNames()).contains("MigrateSegmentsDistributed", "MigrateLargeTableSegment",
                    "LargeTableSegmentComplete", "MigrateSegment", "SegmentComplete");

            long quoteItemCalls = execution.history().stream().map(StateRecord::stateName)
                    .filter("MigrateLargeTableSegment"::equals).count();
            assertThat(quoteItemCalls).as("3 segments of QuoteItems, each looped").isGreaterThan(3);
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            // The segment numbers the distributed Map's ItemReader read, as Analyze wrote them.
            assertThat(artifacts.get(RunLayout.segmentList("budget-it", "QuoteItems")).map(String::new)).contains("[0,1,2]");
            long written = 0;
            for (int segment = 0; segment < 3; segment++) {
                Checkpoint checkpoint = artifacts.getJson(RunLayout.checkpoint("budget-it", "QuoteItems", segment), Checkpoint.class)
                        .orElseThrow();
                assertThat(checkpoint.done()).isTrue();
                assertThat(checkpoint.totalSegments()).isEqualTo(3);
                written += checkpoint.itemsWritten();
            }
            assertThat(written).isEqualTo(app.created.itemsPerModel().get("QuoteItems").longValue());
            assertThat(app.scan(app.target("QuoteItems"))).hasSize(app.created.itemsPerModel().get("QuoteItems"));
            assertThat(artifacts.getJson(RunLayout.validation("budget-it"), ValidationReport.class).orElseThrow().passed()).isTrue();
        }
    }
}
