package dev.dmig.migrate;

import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.Reads;
import dev.dmig.store.Sleeper;
import java.util.ArrayList;
import java.util.List;

/**
 * State {@code AwaitParents}: a table of a live target starts once the tables it refers to are copied, every segment's
 * checkpoint done, rather than once the whole level before its own is. The call waits within its deadline, reading again
 * only the checkpoints not yet done, and returns whether they all are; the state machine calls it again until they are.
 * It ends, with {@link CopyEndedException}, when the run has left its copy (a sibling's failure is being rolled back):
 * its Map has failed by then, and nothing is to wait for.
 */
public final class ParentCopies {
    static final long POLL_MILLIS = 500;

    private final ArtifactStore artifacts;
    private final Sleeper sleeper;

    public ParentCopies(ArtifactStore artifacts, Sleeper sleeper) {
        this.artifacts = artifacts;
        this.sleeper = sleeper;
    }

    /** Whether every table of {@code parents} is copied, waiting for them until {@code deadline}. */
    public boolean await(String runId, String table, List<String> parents, Deadline deadline) {
        RunManifest manifest = manifest(runId);
        List<String> pending = new ArrayList<>();
        for (String parent : parents) {
            for (int segment = 0; segment < manifest.segments().get(parent); segment++) {
                pending.add(RunLayout.checkpoint(runId, parent, segment));
            }
        }
        while (true) {
            List<Boolean> done = Reads.all(pending, key -> artifacts.getJson(key, Checkpoint.class).map(Checkpoint::done).orElse(false));
            List<String> left = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (!done.get(i)) {
                    left.add(pending.get(i));
                }
            }
            pending = left;
            if (pending.isEmpty()) {
                return true;
            }
            if (deadline.passed()) {
                return false;
            }
            RunStatus status = manifest(runId).status();
            if (status != RunStatus.MIGRATING && status != RunStatus.VALIDATED) {
                throw new CopyEndedException("table " + table + " no longer waits for " + String.join(", ", parents)
                        + ": the run is " + status.text());
            }
            sleeper.sleep(Math.min(POLL_MILLIS, Math.max(1, deadline.remainingMillis())));
        }
    }

    private RunManifest manifest(String runId) {
        return artifacts.getJson(RunLayout.manifest(runId), RunManifest.class)
                .orElseThrow(() -> new CopyEndedException("run " + runId + " has no manifest"));
    }

    /** The run left its copy while a table waited for its parents. */
    public static final class CopyEndedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CopyEndedException(String message) {
            super(message);
        }
    }
}
