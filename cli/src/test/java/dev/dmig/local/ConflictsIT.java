package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.executor.Execution;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a run does about target items already at the keys it would write, per {@code onConflict}. */
class ConflictsIT {
    @Test
    void abort_stopsBeforeAnyWrite_listingExamples() {
        try (SampleApp app = new SampleApp("abort", SampleData.scaled(0.2))) {
            Map<String, AttributeValue> theirs = plantConflict(app);
            Map<String, String> before = app.digests(app.prodSuffix);
            Execution execution = full(app, "abort-it", "abort");
            assertThat(execution.path()).endsWith("CheckConflicts", "ConflictsFound");
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
            Analysis analysis = artifacts(app).getJson(RunLayout.analysis("abort-it"), Analysis.class).orElseThrow();
            TableAnalysis contacts = table(analysis, "Contacts");
            assertThat(contacts.conflicts()).isEqualTo(1);
            assertThat(contacts.conflictExamples()).singleElement().satisfies(example -> {
                assertThat(example.targetKey()).isEqualTo("id=" + theirs.get("id").s());
                assertThat(example.identical()).isFalse();
            });
        }
    }

    @Test
    void rerunningAFinishedMigration_hasNothingToDo_andRewritesNothing() {
        try (SampleApp app = new SampleApp("rerun", SampleData.scaled(0.2))) {
            assertThat(full(app, "rerun-1", "abort").succeeded()).isTrue();
            Map<String, String> after = app.digests(app.prodSuffix);
            Execution again = full(app, "rerun-2", "abort");
            assertThat(again.path()).last().isEqualTo("NothingToDo");
            Analysis analysis = artifacts(app).getJson(RunLayout.analysis("rerun-2"), Analysis.class).orElseThrow();
            // Every item the run copies is there, identical; the soft-deleted rows it read are left behind again.
            assertThat(analysis.totals().items()).isEqualTo(app.copiedItems() + SampleSpec.leftBehind());
            assertThat(analysis.totals().conflicts()).isEqualTo(app.copiedItems());
            assertThat(analysis.totals().identical()).isEqualTo(app.copiedItems());
            assertThat(app.digests(app.prodSuffix)).isEqualTo(after);
        }
    }

    @Test
    void skip_leavesTheExistingItem_andTheRunStillValidates() {
        try (SampleApp app = new SampleApp("skip", SampleData.scaled(0.2))) {
            Map<String, AttributeValue> theirs = plantConflict(app);
            Execution execution = full(app, "skip-it", "skip");
            assertThat(execution.succeeded()).as("%s %s", execution.error(), execution.cause()).isTrue();
            assertThat(item(app, theirs)).isEqualTo(theirs);
            ValidationReport validation = artifacts(app).getJson(RunLayout.validation("skip-it"), ValidationReport.class).orElseThrow();
            assertThat(validation.tables().stream().filter(t -> t.model().equals("Contacts")).findFirst().orElseThrow().skipped())
                    .isEqualTo(1);
        }
    }

    @Test
    void overwrite_replacesTheExistingItem_andRollbackPutsItBack() {
        try (SampleApp app = new SampleApp("over", SampleData.scaled(0.2))) {
            Map<String, AttributeValue> theirs = plantConflict(app);
            Map<String, String> before = app.digests(app.prodSuffix);
            Execution execution = full(app, "over-it", "overwrite");
            assertThat(execution.succeeded()).isTrue();
            assertThat(item(app, theirs)).isNotEqualTo(theirs).doesNotContainKey("note");
            ObjectNode undo = app.input("rollback", "over-it");
            undo.put("rollbackRunId", "over-it");
            undo.put("confirm", true);
            app.runner().local().run("over-it-rb", "over-it", undo);
            assertThat(item(app, theirs)).isEqualTo(theirs);
            assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        }
    }

    /** Puts different content at the key the first source contact maps to. */
    private static Map<String, AttributeValue> plantConflict(SampleApp app) {
        ItemTransformer transformer = app.transformerBeforeAnyRun();
        List<Map<String, AttributeValue>> contacts = app.scan(app.source("Contacts"));
        Map<String, AttributeValue> theirs = new HashMap<>(transformer.transform("Contacts", contacts.get(0)));
        theirs.put("note", AttributeValue.fromS("already in production"));
        app.dynamoDb.putItem(b -> b.tableName(app.target("Contacts")).item(theirs));
        return theirs;
    }

    private static Map<String, AttributeValue> item(SampleApp app, Map<String, AttributeValue> like) {
        return app.dynamoDb.getItem(b -> b.tableName(app.target("Contacts")).key(Map.of("id", like.get("id"))).consistentRead(true))
                .item();
    }

    private static Execution full(SampleApp app, String runId, String onConflict) {
        ObjectNode input = app.input("full", runId);
        input.put("confirm", true);
        input.with("config").put("onConflict", onConflict);
        return app.runner().run(runId, input);
    }

    private static S3ArtifactStore artifacts(SampleApp app) {
        return new S3ArtifactStore(app.s3, SharedStack.BUCKET);
    }

    private static TableAnalysis table(Analysis analysis, String model) {
        return analysis.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }
}
