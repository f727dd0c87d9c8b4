package dev.dmig.run;

import static org.assertj.core.api.Assertions.assertThat;

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
            unit -> "parts/" + unit.model() + "/" + unit.segment() + ".json");
    private final List<SegmentUnits.Unit> units = SegmentUnits.of(List.of("A", "B"), Map.of("A", 30, "B", 20));
    private final AtomicInteger worked = new AtomicInteger();

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private boolean call(Deadline deadline) {
        return parts.runAll(units, deadline, unit -> new Part(), part -> part.done, (unit, part) -> {
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
        assertThat(parts.runAll(units, Deadline.in(60_000), unit -> new Part(), part -> part.done, (unit, part) -> {
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
    void partsAlreadyDone_areHeldAsTheyAreRead_soASummarizingCallReadsEachOnce() {
        assertThat(call(Deadline.in(60_000))).isTrue();
        SegmentUnits.Held<Part> held = new SegmentUnits.Held<>(part -> 1, 1_000);
        int readsBefore = artifacts.reads();
        assertThat(parts.runAll(units, Deadline.in(60_000), unit -> new Part(), part -> part.done, (unit, part) -> {
            throw new AssertionError("a finished unit is not worked again");
        }, held)).isTrue();
        assertThat(parts.parts(units, held)).hasSize(50);
        assertThat(artifacts.reads() - readsBefore).isEqualTo(50);
    }
}
