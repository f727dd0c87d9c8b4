package dev.dmig.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Settings;
import dev.dmig.executor.Execution;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A live application writes to the target between analysis and migration, at keys the run is about
 * to write: an AppPreferences item (preserved IDs) and a ContactAuditLog item (a composite key). The
 * real state machine on DynamoDB Local, where the writes of such tables are conditional
 * (a PutItem each, {@code attribute_not_exists}): the application's items are never overwritten, nor deleted by a rollback.
 */
class LateArrivalIT {
    private SampleApp app;
    private S3ArtifactStore artifacts;

    @BeforeEach
    void setUp() {
        app = new SampleApp("late", SampleData.scaled(0.2));
        artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void underAbort_theRunRollsBack_namingTheItem_andLeavesTheApplicationsItemAsItWrote() {
        Map<String, String> targetBefore = app.digests(app.prodSuffix);
        Map<String, String> sourceBefore = app.digests(app.devSuffix);
        Map<String, Map<String, AttributeValue>> late = new ConcurrentHashMap<>();

        Execution execution = run("late-abort", "abort", arrivesLate(late));

        assertThat(execution.path()).contains("MigrateLevels", "Rollback").last().isEqualTo("RolledBack");
        assertThat(execution.error()).isEqualTo("dev.dmig.migrate.LateArrivalException");
        assertThat(execution.cause()).contains("appeared in target table", "after analysis", "set onConflict to skip");
        // Every target empty at the analysis: the tables are written together, largest first, so ContactAuditLog starts
        // among the first and AppPreferences (two items) may not start before the run stops. Each table the application
        // wrote into is left exactly as the application wrote it, the run's own items undone.
        assertThat(late).containsKey("ContactAuditLog");
        late.forEach((model, item) -> assertThat(app.scan(app.target(model))).as(model).containsExactly(item));
        // The application's audit entry names a contact the run created: the rollback keeps that one, and names it, so
        // that the application's record points to a record that is there.
        String contact = late.get("ContactAuditLog").get("contactId").s();
        assertThat(app.scan(app.target("Contacts"))).extracting(item -> item.get("id").s()).containsExactly(contact);
        RollbackResult rollback = artifacts.getJson(RunLayout.rollback("late-abort"), RollbackResult.class).orElseThrow();
        assertThat(rollback.itemsKeptKeys()).singleElement().asString().startsWith(app.target("Contacts") + " id=" + contact
                + ": ContactAuditLog ").endsWith(", production's own record, points to it");
        Map<String, String> targetAfter = app.digests(app.prodSuffix);
        targetBefore.keySet().stream().filter(model -> !late.containsKey(model) && !model.equals("Contacts"))
                .forEach(model -> assertThat(targetAfter.get(model)).as(model).isEqualTo(targetBefore.get(model)));
        assertThat(app.digests(app.devSuffix)).isEqualTo(sourceBefore);
    }

    @Test
    void underSkip_theRunSucceeds_theApplicationsItemsStay_andTheReportCountsThemLate() {
        Map<String, Map<String, AttributeValue>> late = new ConcurrentHashMap<>();

        Execution execution = run("late-skip", "skip", arrivesLate(late));

        assertThat(execution.path()).last().isEqualTo("Succeeded");
        late.forEach((model, item) -> assertThat(itemAt(model, item)).as(model).isEqualTo(item));
        RunReport report = artifacts.getJson(RunLayout.report("late-skip"), RunReport.class).orElseThrow();
        assertThat(report.totals().lateArrivals()).isEqualTo(2);
        assertThat(report.tables()).filteredOn(row -> row.lateArrivals() > 0).extracting(RunReport.TableRow::model)
                .containsExactlyInAnyOrder("AppPreferences", "ContactAuditLog");
        ValidationReport validation = artifacts.getJson(RunLayout.validation("late-skip"), ValidationReport.class).orElseThrow();
        assertThat(validation.passed()).as("the late items are known to be skipped").isTrue();
    }

    /**
     * Before the first batch of each of the two tables, writes what its first item will become, changed
     * (one segment per table, so that the item is still to be written).
     */
    private FaultInjector arrivesLate(Map<String, Map<String, AttributeValue>> late) {
        return (runId, model, segment, written) -> {
            if (!List.of("AppPreferences", "ContactAuditLog").contains(model)) {
                return;
            }
            late.computeIfAbsent(model, m -> {
                Map<String, AttributeValue> theirs = new HashMap<>(app.transformer(runId).transform(m, app.scan(app.source(m)).get(0)));
                theirs.put("writtenBy", AttributeValue.fromS("the live application"));
                app.dynamoDb.putItem(b -> b.tableName(app.target(m)).item(theirs));
                return theirs;
            });
        };
    }

    private Map<String, AttributeValue> itemAt(String model, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = app.describe(app.target(model)).keyOf(item);
        return app.dynamoDb.getItem(b -> b.tableName(app.target(model)).key(key).consistentRead(true)).item();
    }

    private Execution run(String runId, String onConflict, FaultInjector faults) {
        ObjectNode input = app.input("full", runId);
        input.put("confirm", true);
        input.with("config").put("onConflict", onConflict).put("segments", 1);
        return app.runner(Settings.defaults(SharedStack.BUCKET), faults, Map.of()).run(runId, input);
    }
}
