package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.executor.StateRecord;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.sample.SampleData;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.S3ArtifactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The defect strict mode exists to show: on Step Functions a failed Map goes to Rollback while a
 * sibling table of the same level is still being written. Here Affiliates fails while Requests (same
 * level) is mid-segment, and a Requests page journaled before the rollback began is written after
 * the run turned rolling-back. The rollback must wait for that page and undo it: the target ends exactly as
 * it was, and no write lands after the run is rolled back.
 */
class RollbackRaceIT {
    private static final String RUN = "race-it";

    @Test
    void aMapFailingWhileASiblingStillWrites_isRolledBackExactly() throws Exception {
        try (SampleApp app = new SampleApp("race", SampleData.standard())) {
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            CountDownLatch requestsWriting = new CountDownLatch(1);
            CountDownLatch affiliatesFailed = new CountDownLatch(1);
            CountDownLatch rollingBack = new CountDownLatch(1);
            AtomicBoolean pageAfterFence = new AtomicBoolean();
            FaultInjector faults = new FaultInjector() {
                @Override
                public void beforeBatch(String runId, String model, int segment, long written) {
                    if (model.equals("Requests") && written >= 20 && !pageAfterFence.get()) {
                        // Requests is mid-segment when Affiliates fails; this page is journaled, and its batches
                        // go out only once the rollback has begun.
                        requestsWriting.countDown();
                        await(affiliatesFailed);
                        await(rollingBack);
                        pageAfterFence.set(true);
                    } else if (model.equals("Affiliates")) {
                        await(requestsWriting);
                        affiliatesFailed.countDown();
                        throw new IllegalStateException("injected failure: Affiliates");
                    }
                }
            };
            Settings settings = new Settings(SharedStack.BUCKET, 10, 8, 4, 30_000, 12, 25_000, 32);
            RecordingItemStore[] store = new RecordingItemStore[1];
            // The bucket as the handlers see it says when the rollback has turned the run rolling-back.
            UnaryOperator<ArtifactStore> watched = real -> new ForwardingArtifactStore(real) {
                @Override
                public void put(String key, byte[] body, String contentType) {
                    super.put(key, body, contentType);
                    if (key.equals(RunLayout.manifest(RUN))
                            && getJson(key, RunManifest.class).orElseThrow().status() == RunStatus.ROLLING_BACK) {
                        rollingBack.countDown();
                    }
                }
            };
            SampleApp.Runner runner = app.runner(settings, faults, Map.of(), null, real -> store[0] = new RecordingItemStore(real),
                    UnaryOperator.identity(), watched);
            ObjectNode input = app.input("full", RUN);
            input.put("confirm", true);

            Execution execution = runner.run(RUN, input);
            assertThat(runner.local().awaitIdle(Duration.ofSeconds(60))).as("abandoned tasks ended").isTrue();

            assertThat(pageAfterFence).as("a Requests page was written after the rollback began").isTrue();
            assertThat(execution.path()).containsSubsequence("MigrateLevels", "Rollback", "FinalizeRolledBack", "CheckRollback",
                    "RolledBack");
            assertThat(execution.cause()).contains("injected failure: Affiliates");
            RollbackResult rollback = artifacts.getJson(RunLayout.rollback(RUN), RollbackResult.class).orElseThrow();
            assertThat(rollback.failed()).isZero();
            assertThat(artifacts.getJson(RunLayout.manifest(RUN), RunManifest.class).orElseThrow().status())
                    .isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(app.digests(app.prodSuffix)).as("target exactly as before").isEqualTo(targetBefore);
            assertThat(app.digests(app.devSuffix)).as("source unchanged").isEqualTo(sourceBefore);

            List<RecordingItemStore.Write> writes = store[0].writes();
            Instant firstDelete = writes.stream().filter(w -> w.deletes() > 0).map(RecordingItemStore.Write::start)
                    .min(Instant::compareTo).orElseThrow();
            Instant lastPut = writes.stream().filter(w -> w.puts() > 0 && w.deletes() == 0).map(RecordingItemStore.Write::end)
                    .max(Instant::compareTo).orElseThrow();
            Instant rolledBack = Instant.parse(rollback.finishedAt());
            assertThat(lastPut).as("every page of the run was written before the rollback undid anything").isBefore(firstDelete);
            assertThat(writes).as("no write lands after the run is rolled back")
                    .allMatch(w -> !w.end().isAfter(rolledBack));
            StateRecord rollbackState = execution.history().stream().filter(r -> r.stateName().equals("Rollback"))
                    .findFirst().orElseThrow();
            assertThat(lastPut).as("the sibling was still writing after Rollback started").isAfter(rollbackState.start());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
