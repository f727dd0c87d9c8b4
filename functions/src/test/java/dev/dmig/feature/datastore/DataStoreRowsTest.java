package dev.dmig.feature.datastore;

import static dev.dmig.SampleMigration.SOURCE;
import static dev.dmig.SampleMigration.TARGET;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.json.Json;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Analysis counts DataStore rows as the run treats them: a table that says {@code "syncable": false} is no DataStore
 * table, whatever its rows carry, and a table that says {@code "syncable": true} counts the rows the run gives
 * DataStore's fields.
 */
class DataStoreRowsTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void aTableSaidNotToSync_hasNoDataStoreRows_andIsInNoWarning() {
        rows("Settings", 5, 5, 1);
        rows("Note", 3, 3, 0);

        Analysis analysis = dryRun("{\"Settings\": {\"syncable\": false}, \"Note\": {}}");

        assertThat(DataStoreAnalysis.of(table(analysis, "Settings"))).as("its _version is the app's own").isNull();
        assertThat(DataStoreAnalysis.of(table(analysis, "Note"))).isEqualTo(new DataStoreAnalysis("reset", 3, 0, List.of(), 0,
                List.of("id=Note-0", "id=Note-1", "id=Note-2")));
        assertThat(analysis.warnings()).filteredOn(w -> w.contains("DataStore")).containsExactly("table Note: 3 DataStore rows"
                + " (_version, _lastChangedAt): no row is soft-deleted (_deleted); the others get _version 1 and _lastChangedAt the"
                + " run's start. dmig does not write the AmplifyDataStore delta-sync table, so DataStore clients must do a full sync"
                + " (DataStore.clear(), then start) after the run");
    }

    @Test
    void aTableSaidToSync_countsTheRowsTheRunGivesDataStoresFields() {
        rows("Todo", 10, 4, 1);
        rows("Tag", 6, 0, 0);
        rows("Plain", 2, 0, 0);

        Analysis analysis = dryRun("{\"Todo\": {\"syncable\": true}, \"Tag\": {\"syncable\": true}, \"Plain\": {}}");

        DataStoreAnalysis todo = DataStoreAnalysis.of(table(analysis, "Todo"));
        assertThat(List.of(todo.items(), todo.softDeleted(), todo.stamped())).containsExactly(4L, 1L, 6L);
        assertThat(DataStoreAnalysis.of(table(analysis, "Tag"))).isEqualTo(new DataStoreAnalysis("reset", 0, 0, List.of(), 6));
        assertThat(DataStoreAnalysis.of(table(analysis, "Plain"))).as("rows without the fields, in a table that says nothing").isNull();
        assertThat(analysis.warnings()).filteredOn(w -> w.contains("DataStore")).containsExactly("2 tables: 4 DataStore rows"
                + " (_version, _lastChangedAt): 1 soft-deleted rows (_deleted) are not copied (e.g. Todo: 1, id=Todo-0); the others"
                + " get _version 1 and _lastChangedAt the run's start; 12 rows without them get _version 1 and _lastChangedAt the"
                + " run's start, as their tables say \"syncable\": true. dmig does not write the AmplifyDataStore delta-sync table,"
                + " so DataStore clients must do a full sync (DataStore.clear(), then start) after the run");
        assertThat(Json.tree(app.artifacts.get(RunLayout.analysis("dry")).orElseThrow()).at("/tables/0/dataStore").has("stamped"))
                .isTrue();
    }

    @Test
    void aResetTableFewerThanHalfOfWhoseRowsCarryTheFields_isRefusedUntilItsEntrySaysWhetherItSyncs() {
        rows("Settings", 4, 1, 0);

        assertThatThrownBy(() -> dryRun("unsaid", "{\"Settings\": {}}")).isInstanceOf(PlanInvalidException.class)
                .hasMessage("1 problem, nothing was written: table Settings, item id=Settings-0, attribute _version: only 1 of its 4"
                        + " rows carries DataStore's fields (_version, _lastChangedAt) and 3 do not, so the table does not sync as"
                        + " far as its rows show, yet \"datastore\": \"reset\" would set them to 1 and the run's start; add"
                        + " \"syncable\": false to Settings to copy them as they are, or \"syncable\": true if it syncs (the 3 rows"
                        + " without them then get them)");
        assertThat(app.artifacts.json(RunLayout.analysis("unsaid"), Analysis.class).totals().problems()).isOne();

        assertThat(DataStoreAnalysis.of(table(dryRun("kept", "{\"Settings\": {\"syncable\": false}}"), "Settings"))).isNull();
        assertThat(DataStoreAnalysis.of(table(dryRun("synced", "{\"Settings\": {\"syncable\": true}}"), "Settings")).stamped()).isEqualTo(3);
        assertThat(DataStoreAnalysis.of(table(dryRun("every", "{\"Settings\": {\"datastore\": \"keep\"}}"), "Settings")).mode())
                .isEqualTo("keep");
        rows("Task", 4, 3, 0);
        assertThat(DataStoreAnalysis.of(table(dryRun("mostly", "{\"Task\": {}}"), "Task")).items())
                .as("most rows carry them: a table that syncs, one row written by a script").isEqualTo(3);
    }

    @Test
    void anAnalysisWrittenBeforeStampedRowsWereCounted_readsThemAsNone() {
        DataStoreAnalysis earlier = Json.read(("{\"mode\": \"reset\", \"items\": 3, \"softDeleted\": 1, \"softDeletedExamples\":"
                + " [\"id=n1\"]}").getBytes(StandardCharsets.UTF_8), DataStoreAnalysis.class);

        assertThat(earlier).isEqualTo(new DataStoreAnalysis("reset", 3, 1, List.of("id=n1"), 0));
    }

    /** {@code count} items of {@code model}, the first {@code managed} with DataStore's fields, the first {@code deleted} of them soft-deleted. */
    private void rows(String model, int count, int managed, int deleted) {
        app.items.createTable(model + SOURCE, "id", ScalarAttributeType.S);
        app.items.createTable(model + TARGET, "id", ScalarAttributeType.S);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> row = item("id", s(model + "-" + i), "title", s("row " + i));
            if (i < managed) {
                row.put("_version", n("3"));
                row.put("_lastChangedAt", n("1700000000000"));
            }
            if (i < deleted) {
                row.put("_deleted", AttributeValue.fromBool(true));
            }
            app.items.put(model + SOURCE, row);
        }
    }

    /** A deadline already passed: one page a call, the part and its rows' tally read back by each next call. */
    @Test
    void aScanResumedPageByPage_readsItsRowsBackFromItsPart_andCountsOn_asOneCallDoes() {
        rows("Note", 30, 30, 7);
        String plan = "{\"source\": {\"tableSuffix\": \"%s\"}, \"target\": {\"tableSuffix\": \"%s\"}, \"segments\": 1,"
                .formatted(SOURCE, TARGET) + " \"tables\": {\"Note\": {}}}";
        Analysis whole = dryRun("whole", "{\"Note\": {}}");
        app.analyze(new RunRequest("dry-run", "resumed", null, Json.tree(plan.getBytes(StandardCharsets.UTF_8)), null, null, null,
                null, null, null, null, null, null), "exec-r", 0);
        Analysis resumed = app.artifacts.json(RunLayout.analysis("resumed"), Analysis.class);

        DataStoreAnalysis rows = DataStoreAnalysis.of(table(resumed, "Note"));
        assertThat(rows).isEqualTo(DataStoreAnalysis.of(table(whole, "Note")));
        assertThat(rows.items()).isEqualTo(30);
        assertThat(rows.softDeleted()).isEqualTo(7);
        assertThat(rows.softDeletedExamples()).hasSize(SegmentScan.EXAMPLES).allSatisfy(key -> assertThat(key).matches("id=Note-[0-6]"));
    }

    private Analysis dryRun(String tables) {
        return dryRun("dry", tables);
    }

    private Analysis dryRun(String runId, String tables) {
        String plan = "{\"source\": {\"tableSuffix\": \"%s\"}, \"target\": {\"tableSuffix\": \"%s\"}, \"segments\": 1, \"tables\": %s}"
                .formatted(SOURCE, TARGET, tables);
        app.analyze(new RunRequest("dry-run", runId, null, Json.tree(plan.getBytes(StandardCharsets.UTF_8)), null, null, null, null,
                null, null, null, null, null));
        return app.artifacts.json(RunLayout.analysis(runId), Analysis.class);
    }

    private static TableAnalysis table(Analysis analysis, String model) {
        return analysis.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }
}
