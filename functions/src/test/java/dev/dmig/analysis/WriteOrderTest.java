package dev.dmig.analysis;

import static dev.dmig.SampleMigration.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.store.TableInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The order a full run writes its tables in: all together where no one can see the target while it is written (every
 * target table empty at the analysis, nothing followed or matched), level by level otherwise; the run's own levels,
 * which order a rollback, following and a test run, the same either way.
 */
class WriteOrderTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    /** The levels the run's tables start in: a table that waits for others ({@code after}) after theirs. */
    private static List<List<String>> written(RunState state) {
        return state.levels().stream().flatMap(level -> level.byParents().stream())
                .map(level -> level.tables().stream().map(RunState.TableWork::table).toList()).toList();
    }

    private List<List<String>> manifestLevels(String runId) {
        return app.artifacts.json(RunLayout.manifest(runId), RunManifest.class).levels();
    }

    private void emptyTargets() {
        app.items.delete(target("Contacts"), Map.of("id", AttributeValue.fromS("prod-only-contact")));
    }

    @Test
    void everyTargetEmpty_nothingFollowedOrMatched_theTablesAreWrittenTogether_theRunsLevelsKept() {
        emptyTargets();

        RunState state = app.analyze(app.fullRequest("together"));

        assertThat(written(state)).hasSize(1);
        assertThat(written(state).get(0)).containsExactlyInAnyOrderElementsOf(SampleMigration.MIGRATED);
        assertThat(state.levels().get(0).awaitsParents()).as("no table waits for another").isFalse();
        assertThat(manifestLevels("together")).as("the levels a rollback and a test run go by").hasSize(2);
    }

    @Test
    void writtenTogether_theTableWithTheMostWriteUnitsStartsFirst_whateverItsLevel() {
        // Requests (level 2) is made the largest table: together, it goes before the level-1 tables it refers to, so
        // that a Map running fewer tables at once than the run has never starts it last.
        emptyTargets();
        for (int i = 0; i < 40; i++) {
            app.items.put(SampleMigration.source("Requests"), Map.of("id", AttributeValue.fromS("extra-request-" + i),
                    "title", AttributeValue.fromS("x".repeat(2_000))));
        }

        RunState state = app.analyze(app.fullRequest("largest"));

        assertThat(written(state)).hasSize(1);
        assertThat(written(state).get(0).get(0)).isEqualTo("Requests");
        assertThat(written(state).get(0)).containsExactlyInAnyOrderElementsOf(SampleMigration.MIGRATED);
        assertThat(manifestLevels("largest").get(1)).as("its level, for a rollback and a test run").contains("Requests");
    }

    @Test
    void writtenTogether_theTableWhoseWritesTakeLongestAtItsCapacityStartsFirst_andItsSegmentTasksAreTold() {
        // AppPreferences, the smallest table (2 items), is given 1 write unit per second: its writes take 2 s, the others'
        // a fraction of a millisecond at DynamoDB Local's on-demand 40,000 units/s. It goes first, and each table's entry
        // carries its seconds to the segment tasks, whose process sends its calls first.
        emptyTargets();
        app.items.withWriteCapacity(target("AppPreferences"), new TableInfo.WriteCapacity(false, 1, List.of()));

        RunState state = app.analyze(app.fullRequest("slowest"));

        assertThat(written(state)).hasSize(1);
        assertThat(written(state).get(0).get(0)).isEqualTo("AppPreferences");
        Map<String, Double> seconds = state.levels().get(0).tables().stream()
                .collect(java.util.stream.Collectors.toMap(RunState.TableWork::table, RunState.TableWork::writeSeconds));
        assertThat(seconds.get("AppPreferences")).isEqualTo(2.0);
        assertThat(seconds.get("Contacts")).isEqualTo(7 / 40_000.0);
        assertThat(seconds.get("Requests")).isEqualTo(5 / 40_000.0);
    }

    @Test
    void aTargetTableHoldingItems_keepsTheLevels_aChildAfterItsParents() {
        RunState state = app.analyze(app.fullRequest("live"));

        assertThat(written(state)).isEqualTo(manifestLevels("live")).hasSize(2);
        assertThat(written(state).get(1)).containsExactly("Requests");
        assertThat(state.levels()).as("one level: a table starts once the tables it refers to are copied").hasSize(1);
    }

    @Test
    void aRunThatFollowsItsSource_keepsTheLevels_evenIntoEmptyTargets() {
        emptyTargets();
        RunRequest full = app.fullRequest("followed");
        RunRequest following = new RunRequest(full.mode(), full.runId(), null, full.config(), null, null, null, null, true, null,
                null, null, null, null, null, true);

        RunState state = app.analyze(following);

        assertThat(written(state)).isEqualTo(manifestLevels("followed")).hasSize(2);
    }

    @Test
    void aDryRun_showsTheLevels() {
        emptyTargets();

        RunState state = app.analyze(app.request("dry-run", "dry"));

        assertThat(written(state)).hasSize(2);
    }
}
