package dev.dmig.feature.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.Analyzer;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ForwardingArtifactStore;
import dev.dmig.store.InFlight;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run's frozen pairs, read with the run's mappings ({@link MatchMappings}) beside what else an Analyze call reads first. */
class MatchMappingsTest {
    private final SampleMigration app = new SampleMigration();

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void beforeTheScans_theSliceAndTheFrozenPairsAreReadSideBySide() {
        java.util.Set<String> keys = java.util.Set.of(RunLayout.slice("run1"), MatchedRecords.key("run1"));
        InFlight reads = new InFlight(2);
        ArtifactStore watched = new ForwardingArtifactStore(app.artifacts) {
            @Override
            public Optional<byte[]> get(String key) {
                return keys.contains(key) ? reads.during(() -> super.get(key)) : super.get(key);
            }
        };

        RunState state = null;
        for (int call = 0; call < 100 && (state == null || !state.done()); call++) {
            state = new Analyzer(app.items, watched, app.settings, app.scanPool).analyze(app.fullRequest("run1"), "exec-run1",
                    Deadline.in(60_000));
        }

        assertThat(state.done()).isTrue();
        // The slice is a feature of its own: without it, the pairs are the only one of the two read.
        assertThat(reads.calls()).as("the match's pairs (none), and the slice (none) where the build has slices, once").isBetween(1, 2);
        assertThat(reads.most()).as("read at once").isEqualTo(reads.calls());
        assertThat(app.artifacts.json(RunLayout.analysis("run1"), Analysis.class).totals().items()).isPositive();
    }
}
