package dev.dmig.migrate;

import dev.dmig.run.Deadline;
import dev.dmig.run.WriterFence;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * A feature's own state of the state machine (following's {@code Follow}), which its handler calls: the state's name, as
 * the state machine names it, and one call of it for a run until a deadline, whose output the state machine's Choice
 * reads. Made once per process from what the copy writes with, so that it writes as the copy does.
 */
public interface FeatureState {
    /** The state's name in the state machine. */
    String name();

    /** One call of the state for {@code runId}, until {@code deadline} at most: its output. */
    Map<String, Object> call(String runId, Deadline deadline);

    /**
     * What a feature's state is made of: the process's stores, its write pool and windows (every task writing a table
     * paces it together), the writers' fence, what travels with a page of items, and how it waits.
     */
    @SuppressWarnings("checkstyle:ParameterNumber") // a record of the process's collaborators, one field each
    record Parts(ItemStore items, ArtifactStore artifacts, ExecutorService writePool, WriteWindows windows, WriterFence fence,
                 PageCargo.Source cargo, Sleeper sleeper) {}

    /** A feature's state, made once per process. */
    @FunctionalInterface
    interface Feature {
        FeatureState of(Parts parts);
    }
}
