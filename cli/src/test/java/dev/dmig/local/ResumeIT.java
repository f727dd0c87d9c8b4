package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.executor.StateRecord;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.store.StoreUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A segment task that dies half-way is called again by the state machine and continues from its
 * S3 checkpoint: the end result is exact, and under {@code overwrite} the journal still holds the
 * true pre-images, so a rollback afterwards restores the target exactly.
 */
class ResumeIT {
    @Test
    void segmentTasksDyingBeforeAndAfterTheirWrites_resumeFromCheckpoints_exactly() {
        try (SampleApp app = new SampleApp("resume", SampleData.scaled(0.3))) {
            // Production already holds different content at some mapped keys; the plan overwrites them.
            ItemTransformer transformer = app.transformerBeforeAnyRun();
            List<Map<String, AttributeValue>> contacts = app.scan(app.source("Contacts"));
            for (Map<String, AttributeValue> contact : contacts.subList(0, 10)) {
                Map<String, AttributeValue> theirs = new HashMap<>(transformer.transform("Contacts", contact));
                theirs.put("firstName", AttributeValue.fromS("Production's own"));
                app.dynamoDb.putItem(b -> b.tableName(app.target("Contacts")).item(theirs));
            }
            Map<String, String> targetBefore = app.digests(app.prodSuffix);

            // Each table's segment dies once before a batch and once between a batch and its checkpoint.
            Set<String> diedBefore = ConcurrentHashMap.newKeySet();
            Set<String> diedAfter = ConcurrentHashMap.newKeySet();
            FaultInjector dies = new FaultInjector() {
                @Override
                public void beforeBatch(String runId, String model, int segment, long written) {
                    if (written >= 20 && diedBefore.add(model)) {
                        throw new StoreUnavailableException("simulated: the task died before writing " + model, null);
                    }
                }

                @Override
                public void afterBatch(String runId, String model, int segment, long written) {
                    if (written >= 40 && diedAfter.add(model)) {
                        throw new StoreUnavailableException("simulated: the task died after writing " + model
                                + " but before its checkpoint", null);
                    }
                }
            };
            Settings settings = new Settings(SharedStack.BUCKET, 20, 8, 4, 30_000, 12, 25_000, 32);
            ObjectNode input = app.input("full", "resume-it");
            input.put("confirm", true);
            input.with("config").put("onConflict", "overwrite");
            SampleApp.Runner runner = app.runner(settings, dies, Map.of(), Duration.ofMillis(1));
            Execution execution = runner.run("resume-it", input);

            assertThat(execution.succeeded()).as("%s: %s", execution.error(), execution.cause()).isTrue();
            assertThat(diedBefore).contains("Contacts", "Requests", "QuoteItems");
            assertThat(diedAfter).contains("Contacts", "Requests", "QuoteItems");
            long failedAttempts = execution.history().stream()
                    .filter(r -> r.stateName().equals("MigrateSegment") && r.failed()).count();
            assertThat(failedAttempts).isEqualTo(diedBefore.size() + diedAfter.size());
            assertThat(execution.history().stream().filter(r -> r.stateName().equals("MigrateSegment"))
                    .mapToInt(StateRecord::retryCount).max().orElse(0)).isGreaterThanOrEqualTo(1);
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Checkpoint contactsCheckpoint = artifacts.getJson(RunLayout.checkpoint("resume-it", "Contacts", 0), Checkpoint.class)
                    .orElseThrow();
            // Invocations are counted in the checkpoints they save; one of the two crashes came before its first save.
            assertThat(contactsCheckpoint.invocations()).isGreaterThanOrEqualTo(2);
            app.assertExact("resume-it");

            // The rewritten pages did not lose the true pre-images: rolling back restores production exactly.
            ObjectNode rollback = app.input("rollback", "resume-it");
            rollback.put("rollbackRunId", "resume-it");
            rollback.put("confirm", true);
            Execution undo = runner.local().run("resume-it-undo", "resume-it", rollback);
            assertThat(undo.path()).last().isEqualTo("RolledBackOnRequest");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(targetBefore);
        }
    }
}
