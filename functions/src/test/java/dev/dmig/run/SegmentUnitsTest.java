package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.store.InMemoryArtifactStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SegmentUnitsTest {
    /** A unit's part: how many times it was worked on. */
    static final class Part {
        public int calls;
        public boolean done;
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final SegmentUnits<Part> parts = new SegmentUnits<>(artifacts, pool, Part.class,
            unit -> "parts/" + unit.model() + "/" + unit.segment() + ".json", part -> part.done);
    private final List<SegmentUnits.Unit> units = SegmentUnits.of(List.of("A", "B"), Map.of("A", 30, "B", 20));
    private final AtomicInteger worked = new AtomicInteger();

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private boolean call(Deadline deadline) {
        return parts.runAll(units, deadline, unit -> new Part(), (unit, part) -> {
            worked.incrementAndGet();
            part.calls++;
            part.done = true;
            return part;
        });
    }

    @Test
    void withTime_everyUnitIsWorkedOnce() {
        assertThat(call(Deadline.in(60_000))).isTrue();
        assertThat(worked).hasValue(50);
        assertThat(parts.parts(units)).allMatch(part -> part.calls == 1);
    }

    @Test
    void pastTheDeadline_oneUnitACallIsWorked_notEveryQueuedOne() {
        int calls = 0;
        while (!call(Deadline.in(0)) && calls < 100) {
            calls++;
            assertThat(worked).as("after call %d", calls).hasValue(calls);
        }
        // The last call did the last unit and found them all done.
        assertThat(calls + 1).isEqualTo(50);
        assertThat(parts.parts(units)).allMatch(part -> part.calls == 1);
    }

    @Test
    void finishedParts_areHeldUpToTheBudget_forTheSummary_andTheRestAreReadBack() {
        SegmentUnits.Held<Part> held = new SegmentUnits.Held<>(part -> 2, 20);
        assertThat(parts.runAll(units, Deadline.in(60_000), unit -> new Part(), (unit, part) -> {
            part.calls++;
            part.done = true;
            return part;
        }, held)).isTrue();

        int readsBefore = artifacts.reads();
        List<Part> summarized = parts.parts(units, held);
        // Ten parts of weight 2 fit a budget of 20; the other forty are read from the store.
        assertThat(artifacts.reads() - readsBefore).isEqualTo(40);
        assertThat(summarized).hasSize(50).allMatch(part -> part.calls == 1 && part.done);
    }

    @Test
    void whenEveryUnitIsDoneInOneCall_theHeldPartsAreNotStored_theSummaryTakesThemFromMemory() {
        SegmentUnits.Held<Part> held = new SegmentUnits.Held<>(part -> 2, 20);
        assertThat(parts.runAll(units, Deadline.in(60_000), unit -> new Part(), (unit, part) -> {
            part.done = true;
            return part;
        }, held)).isTrue();
        // Ten parts fit the budget and stay in memory only; the other forty are stored for the summary to read.
        assertThat(artifacts.writes()).isEqualTo(40);
        assertThat(parts.parts(units, held)).hasSize(50).allMatch(part -> part.done);
    }

    @Test
    void whenACallEndsWithUnitsLeft_theHeldPartsItFinishedAreStored_andNotWorkedAgain() {
        SegmentUnits.Held<Part> held = new SegmentUnits.Held<>(part -> 1, 1_000);
        // Units of table B are left unfinished by this call: its summary does not come in this call.
        assertThat(parts.runAll(units, Deadline.in(60_000), unit -> new Part(), (unit, part) -> {
            worked.incrementAndGet();
            part.calls++;
            part.done = unit.model().equals("A");
            return part;
        }, held)).isFalse();
        assertThat(artifacts.writes()).isEqualTo(50);

        assertThat(parts.runAll(units, Deadline.in(60_000), unit -> new Part(), (unit, part) -> {
            assertThat(unit.model()).as("a finished unit is not worked again").isEqualTo("B");
            worked.incrementAndGet();
            part.calls++;
            part.done = true;
            return part;
        }, new SegmentUnits.Held<>(part -> 1, 1_000))).isTrue();
        assertThat(worked).hasValue(70);
        assertThat(parts.parts(units.subList(0, 30))).allMatch(part -> part.calls == 1 && part.done);
    }

    @Test
    void aUnitOfferedTwice_countsOnce_againstTheBudget() {
        SegmentUnits.Unit a = units.get(0);
        SegmentUnits.Unit b = units.get(1);
        artifacts.putJson("parts/A/1.json", new Part());
        SegmentUnits.Held<Part> held = new SegmentUnits.Held<>(part -> 1, 1);
        held.offer(a, new Part(), true);
        held.offer(a, new Part(), true);
        held.release(List.of(a));
        Part kept = new Part();
        assertThat(held.offer(b, kept, true)).as("the budget is free again").isTrue();
        assertThat(parts.parts(List.of(b), held)).singleElement().isSameAs(kept);
    }

    @Test
    void partsAlreadyDone_areHeldAsTheyAreRead_soASummarizingCallReadsEachOnce() {
        assertThat(call(Deadline.in(60_000))).isTrue();
        SegmentUnits.Held<Part> held = new SegmentUnits.Held<>(part -> 1, 1_000);
        int readsBefore = artifacts.reads();
        assertThat(parts.runAll(units, Deadline.in(60_000), unit -> new Part(), (unit, part) -> {
            throw new AssertionError("a finished unit is not worked again");
        }, held)).isTrue();
        assertThat(parts.parts(units, held)).hasSize(50);
        assertThat(artifacts.reads() - readsBefore).isEqualTo(50);
    }

    @Test
    void anUnfinishedCopyWrittenAfterTheUnitFinished_neverHidesTheFinishedPart() {
        assertThat(call(Deadline.in(60_000))).isTrue();
        // On Step Functions a second invocation of the same unit, started earlier, stops at its deadline and writes its
        // unfinished copy after the first finished.
        Part late = new Part();
        artifacts.putJson("parts/A/3.json", late);

        assertThat(parts.parts(units)).as("the summary counts the finished part").allMatch(part -> part.done && part.calls == 1);
        assertThat(parts.runAll(units, Deadline.in(60_000), unit -> new Part(), (unit, part) -> {
            throw new AssertionError("a finished unit is not worked again");
        })).isTrue();
    }

    @Test
    void aSummaryNeverCountsAnUnfinishedPart_itFailsNamingTheSegment() {
        // As an earlier version stored a part, finished or not: at the unit's only key.
        Part done = new Part();
        done.done = true;
        units.forEach(unit -> artifacts.putJson("parts/" + unit.model() + "/" + unit.segment() + ".json", done));
        assertThat(parts.parts(units)).hasSize(50);

        artifacts.putJson("parts/B/7.json", new Part());

        assertThatThrownBy(() -> parts.parts(units)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("table B, segment 7: no finished part at parts/B/7.done.json");
    }
}
