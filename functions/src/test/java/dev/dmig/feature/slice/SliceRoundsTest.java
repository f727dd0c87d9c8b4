package dev.dmig.feature.slice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.TestFeatures;
import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.run.Slice;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A slice found over many calls, as on AWS: the search kept in the artifact store between calls, each round of
 * descendants handed over as a units file whose scans run as separate calls (here one after another, each stopped
 * by its deadline after one page), ends with the slice one call finds in memory.
 */
class SliceRoundsTest {
    private static final String RUN = "r1";
    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore("bucket");

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private SliceFinder finder(ProjectSample sample) {
        return new SliceFinder(sample.items, sample.plan(), pool, 2, Map.of());
    }

    /** Plays the Map: every unit of the file, each called until done, with a deadline that passes at once. */
    private int runMap(SliceRounds rounds, RunState.S3Object units) {
        RunState.Unit[] list = Json.read(artifacts.get(units.key()).orElseThrow(), RunState.Unit[].class);
        int calls = 0;
        for (RunState.Unit unit : list) {
            assertThat(unit.round()).isNotNull();
            do {
                calls++;
            } while (!rounds.scan(RUN, unit, Deadline.in(0)));
        }
        return calls;
    }

    @Test
    void roundsHandedToMapsFindTheSliceOneCallFinds() {
        ProjectSample sample = new ProjectSample(3);
        List<Slice.Root> roots = List.of(Slice.Root.parse("Projects:projA"), Slice.Root.parse("Contacts:c8"));
        Slice expected = finder(sample).find(roots);
        SliceRounds rounds = new SliceRounds(artifacts, "bucket", finder(sample), pool);

        List<String> unitFiles = new ArrayList<>();
        int scanCalls = 0;
        SliceRounds.Step step = rounds.advance(RUN, roots, "exec-1", Deadline.none());
        while (!step.found()) {
            assertThat(step.units()).as("a step that is not done hands a round over").isNotNull();
            assertThat(step.units().bucket()).isEqualTo("bucket");
            unitFiles.add(step.units().key());
            scanCalls += runMap(rounds, step.units());
            step = rounds.advance(RUN, roots, "exec-1", Deadline.none());
        }

        Slice found = Json.read(artifacts.get(RunLayout.slice(RUN)).orElseThrow(), Slice.class);
        assertThat(found.tables()).isEqualTo(expected.tables());
        assertThat(found.leaving()).isEqualTo(expected.leaving());
        assertThat(found.missing()).isEqualTo(expected.missing());
        assertThat(found.totals()).isEqualTo(expected.totals());
        assertThat(found.phases()).isEqualTo(expected.phases());
        assertThat(unitFiles).hasSize(expected.phases().get(1).rounds())
                .allMatch(key -> key.startsWith("runs/r1/slice/round-") && key.endsWith("/units/exec-1.json"));
        assertThat((long) scanCalls).as("pages of two items, one page a call").isGreaterThan(expected.phases().get(1).scans());
    }

    @Test
    void aNewExecutionHandsTheSameRoundOverAgainAndFinishedScansAreNotRead() {
        ProjectSample sample = new ProjectSample(3);
        List<Slice.Root> roots = List.of(Slice.Root.parse("Projects:projA"));
        SliceRounds rounds = new SliceRounds(artifacts, "bucket", finder(sample), pool);
        SliceRounds.Step first = rounds.advance(RUN, roots, "exec-1", Deadline.none());
        runMap(rounds, first.units());
        int scans = sample.items.calls(Operation.SCAN);

        // The execution stopped before its next Analyze; a resumed run is a new execution.
        SliceRounds.Step again = rounds.advance(RUN, roots, "exec-2", Deadline.none());
        assertThat(again.units().key()).isEqualTo(first.units().key().replace("exec-1", "exec-2"));
        runMap(rounds, again.units());
        assertThat(sample.items.calls(Operation.SCAN)).as("every scan of the round was done already").isEqualTo(scans);

        SliceRounds.Step next = rounds.advance(RUN, roots, "exec-2", Deadline.none());
        assertThat(next.units().key()).contains("/round-2/");
    }

    @Test
    void aCallWhoseRoundsMapHasRunButLeftAScanUnfinishedFinishesItItself() {
        ProjectSample sample = new ProjectSample(3);
        List<Slice.Root> roots = List.of(Slice.Root.parse("Projects:projA"));
        Slice expected = finder(sample).find(roots);
        SliceRounds rounds = new SliceRounds(artifacts, "bucket", finder(sample), pool);

        SliceRounds.Step step = rounds.advance(RUN, roots, "exec-1", Deadline.none());
        while (!step.found()) {
            // No scan of the round runs in the Map: the next call reads them all.
            step = rounds.advance(RUN, roots, "exec-1", Deadline.none());
        }

        assertThat(Json.read(artifacts.get(RunLayout.slice(RUN)).orElseThrow(), Slice.class).tables()).isEqualTo(expected.tables());
    }

    @Test
    void aMaskedRunsRounds_keepTheSliceSealed_andLeaveNoSearchFileBehind() {
        TestFeatures.assumeHas("MaskFeature");
        ProjectSample sample = new ProjectSample(3);
        MigrationPlan masked = PlanParser.parse(ProjectSample.PLAN.formatted(ProjectSample.SOURCE, ProjectSample.TARGET, 3)
                .replace("\"AppPreferences\": {\"ids\": \"preserve\"}", "\"AppPreferences\": {\"ids\": \"preserve\", \"mask\": {\"id\": \"email\"}}")
                .replace("\"tables\"", "\"mask\": {\"keyFrom\": \"DMIG_TEST_MASK_KEY\"}, \"tables\""));
        List<Slice.Root> roots = List.of(Slice.Root.parse("Projects:projA"));
        Slice expected = finder(sample).find(roots);
        SliceFinder finder = new SliceFinder(sample.items, masked, pool, 2, Map.of());
        SliceRounds rounds = new SliceRounds(artifacts, "bucket", finder, pool);

        SliceRounds.Step step = rounds.advance(RUN, roots, "exec-1", Deadline.none());
        while (!step.found()) {
            runMap(rounds, step.units());
            step = rounds.advance(RUN, roots, "exec-1", Deadline.none());
        }

        Slice kept = Json.read(artifacts.get(RunLayout.slice(RUN)).orElseThrow(), Slice.class);
        assertThat(kept.tables().get("AppPreferences").ids()).isEmpty();
        assertThat(kept.tables().get("AppPreferences").count()).isEqualTo(1);
        assertThat(artifacts.text(RunLayout.slice(RUN))).doesNotContain("theme");
        assertThat(KeptSlice.opened(kept, shown(masked)).tables()).isEqualTo(expected.tables());
        assertThat(artifacts.list(RunLayout.sliceFolder(RUN))).as("the search's files, which hold source keys").isEmpty();
    }

    private static dev.dmig.migrate.ItemTransformer shown(MigrationPlan plan) {
        return new dev.dmig.migrate.ItemTransformer(plan, dev.dmig.migrate.RunMappings.fromPlan(plan));
    }
}
