package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.executor.LambdaTaskRunner;
import dev.dmig.executor.StateRecord;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page that takes longer than the safety margin: on Lambda the function is stopped at its timeout
 * ({@code Sandbox.Timedout}) and the run rolls back. Here QuoteItems is paced to 50 items/s, so a
 * 500-item page would take 5.4 s while MigrateSegment has 3 s with a 1.5 s margin. Pages sized from the
 * rate, and waits that never run past the invocation, let the segment loop to its end instead.
 */
class TimeOverrunIT {
    private static final String RUN = "overrun-it";

    @Test
    void aPacedTableSlowerThanTheTimeout_loopsInsteadOfBeingKilled_andTheResultIsExact() {
        try (SampleApp app = new SampleApp("overrun", SampleData.scaled(0.3))) {
            Settings settings = new Settings(SharedStack.BUCKET, 500, 8, 4, 1_500, 12, 25_000, 32);
            ObjectNode input = app.input("full", RUN);
            input.put("confirm", true);
            ((ObjectNode) input.get("config").get("tables").get("QuoteItems")).put("writeRateLimit", 50);
            Map<String, Duration> timeouts = Map.of("MigrateSegmentFunction", Duration.ofSeconds(3));
            SampleApp.Runner runner = app.runner(settings, FaultInjector.NONE, timeouts);

            Execution execution = runner.run(RUN, input);
            assertThat(runner.local().awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(execution.history()).as("no task was stopped at its timeout")
                    .noneMatch(record -> LambdaTaskRunner.TIMED_OUT.equals(record.error()));
            assertThat(execution.succeeded()).as("error %s: %s", execution.error(), execution.cause()).isTrue();
            long quoteItemCalls = execution.history().stream()
                    .filter(record -> record.stateName().equals("MigrateSegment"))
                    .filter(record -> record.input().path("table").asText().equals("QuoteItems"))
                    .map(StateRecord::id).count();
            assertThat(quoteItemCalls).as("QuoteItems took several invocations").isGreaterThan(2);
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Checkpoint checkpoint = artifacts.getJson(RunLayout.checkpoint(RUN, "QuoteItems", 0), Checkpoint.class).orElseThrow();
            int quoteItems = app.created.itemsPerModel().get("QuoteItems");
            assertThat(checkpoint.itemsWritten()).isEqualTo(quoteItems);
            assertThat(app.scan(app.target("QuoteItems"))).hasSize(quoteItems);
            assertThat(artifacts.getJson(RunLayout.validation(RUN), ValidationReport.class).orElseThrow().passed()).isTrue();
        }
    }
}
