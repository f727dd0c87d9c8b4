package dev.dmig.feature.slice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analyzer;
import dev.dmig.json.Json;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.Slice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slice found through the analysis's seams, as the state machine runs it: in the Analyze call, or, where the call fans
 * out, in rounds of scans handed to the Map as units with a round number, each run by {@code Analyzer.scanFirst}, the
 * call after a round taking it in. Both find the same slice, before any of the analysis's own scans.
 */
class SliceCheckTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    private RunRequest sliced(String runId) {
        return new RunRequest("dry-run", runId, null, app.planNode(), null, null, null, null, null, null, null, null, null,
                List.of("Contacts:c1"), null, null);
    }

    private Slice slice(String runId) {
        return Json.read(app.artifacts.get(RunLayout.slice(runId)).orElseThrow(), Slice.class);
    }

    @Test
    void aFannedOutCall_handsTheSlicesRoundsToTheMap_andFindsTheSliceOneCallFinds() {
        app.analyze(sliced("inOne"));
        Slice expected = slice("inOne");
        assertThat(expected.totals().members()).as("the root and what it reaches").isGreaterThan(1);

        Analyzer fanning = new Analyzer(app.items, app.artifacts, app.settings.withDistributedMapSegments(1), app.scanPool);
        List<Integer> rounds = new ArrayList<>();
        RunState state = fanning.analyze(sliced("fanned"), "exec-f", Deadline.in(60_000), true);
        for (int call = 0; call < 20 && app.artifacts.get(RunLayout.slice("fanned")).isEmpty(); call++) {
            assertThat(state.done()).isFalse();
            assertThat(state.units()).as("a round handed to the Map").isNotNull();
            List<RunState.Unit> units = List.of(Json.read(app.artifacts.get(state.units().key()).orElseThrow(), RunState.Unit[].class));
            assertThat(units).allSatisfy(unit -> assertThat(unit.round()).isNotNull());
            rounds.add(units.get(0).round());
            for (RunState.Unit unit : units) {
                assertThat(fanning.scanFirst("fanned", unit, Deadline.in(60_000))).isTrue();
            }
            state = fanning.analyze(sliced("fanned"), "exec-f", Deadline.in(60_000), true);
        }

        assertThat(rounds).as("the rounds, one call each").isNotEmpty().doesNotHaveDuplicates();
        assertThat(slice("fanned").tables()).isEqualTo(expected.tables());
        assertThat(slice("fanned").totals().members()).isEqualTo(expected.totals().members());
        for (String model : SampleMigration.MIGRATED) {
            assertThat(app.artifacts.list(RunLayout.prefix("fanned") + "analysis/" + model + "/"))
                    .as("no scan of the analysis's own before the slice: " + model).isEmpty();
        }
    }
}
