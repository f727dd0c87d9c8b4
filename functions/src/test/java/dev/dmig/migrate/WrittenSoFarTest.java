package dev.dmig.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.SampleMigration;
import dev.dmig.run.RunState;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WrittenSoFarTest {
    private final SampleMigration app = new SampleMigration("abort", 2, 1);

    @AfterEach
    void close() {
        app.close();
    }

    /** The target's items before the run: the sample's target holds some of its own. */
    private final long before = inTheTarget();

    /** The items the run put in the target. */
    private long written() {
        return inTheTarget() - before;
    }

    private long inTheTarget() {
        return SampleMigration.MIGRATED.stream().mapToLong(model -> app.items.items(SampleMigration.target(model)).size()).sum();
    }

    /** A run stopped after a page's writes and before its checkpoint: the journal counts the page the checkpoints miss. */
    @Test
    void aPageWrittenButNotCheckpointed_isCountedFromTheJournal_asUnderWay() {
        RunState state = app.analyze(app.fullRequest("run1"));
        AtomicBoolean crashed = new AtomicBoolean();
        app.faults = new FaultInjector() {
            @Override
            public void beforeBatch(String runId, String model, int segment, long written) {}

            @Override
            public void afterBatch(String runId, String model, int segment, long written) {
                if (model.equals("AppPreferences") && crashed.compareAndSet(false, true)) {
                    throw new IllegalStateException("stopped after a page's writes");
                }
            }
        };
        assertThatThrownBy(() -> app.migrate(state, 60_000)).hasMessage("stopped after a page's writes");

        WrittenSoFar written = WrittenSoFar.of(app.artifacts, app.items, "run1");

        long checkpointed = Checkpoint.all(app.artifacts, "run1").stream().mapToLong(Checkpoint::itemsWritten).sum();
        assertThat(written.checkpointed()).isEqualTo(checkpointed).isLessThan(written());
        assertThat(written.checkpointed() + written.landed()).as("what is in the target, read there").isEqualTo(written());
        assertThat(written.describe()).isEqualTo(written() + " items written, each journaled first");
    }

    /** A run stopped after a page was journaled and before its writes: the page's items are not in the target, nor counted. */
    @Test
    void aPageJournaledButNotWritten_isNotCounted() {
        RunState state = app.analyze(app.fullRequest("run1"));
        AtomicBoolean crashed = new AtomicBoolean();
        app.faults = (runId, model, segment, written) -> {
            if (model.equals("AppPreferences") && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("stopped before a page's writes");
            }
        };
        assertThatThrownBy(() -> app.migrate(state, 60_000)).hasMessage("stopped before a page's writes");

        WrittenSoFar written = WrittenSoFar.of(app.artifacts, app.items, "run1");

        assertThat(written.checkpointed() + written.landed()).isEqualTo(written());
        assertThat(written.describe()).isEqualTo(written() + " items written, each journaled first");
    }

    @Test
    void aRunWhosePagesAreAllCheckpointed_countsWhatIsInTheTarget() {
        app.fullRun("run1");

        WrittenSoFar written = WrittenSoFar.of(app.artifacts, app.items, "run1");

        assertThat(written).isEqualTo(new WrittenSoFar(written(), 0));
        assertThat(written.describe()).isEqualTo(written() + " items written, each journaled first");
    }
}
