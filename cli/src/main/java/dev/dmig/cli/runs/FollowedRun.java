package dev.dmig.cli.runs;

import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.util.Optional;

/**
 * Why a command that acts on a run following its source ({@code dmig cutover}, {@code dmig resolve}) cannot act on run
 * {@code runId}: not found, not following (started without {@code --follow}), or already ended. One line each, for the
 * command to refuse with; empty when the run follows and goes on.
 */
public final class FollowedRun {
    private FollowedRun() {}

    /** {@code doing}: what the command would do, for the line ({@code cut over}, {@code resolve}). */
    public static Optional<String> whyNot(ArtifactStore artifacts, String runId, String doing) {
        Optional<RunManifest> manifest = RunArtifacts.in(artifacts).manifest(runId);
        if (manifest.isEmpty()) {
            return Optional.of("run " + runId + " not found in " + artifacts.location() + " (dmig status lists the runs)");
        }
        if (FollowStatus.read(artifacts, runId).isEmpty()) {
            return Optional.of("run " + runId + " does not follow its source (it was started without --follow): nothing to " + doing);
        }
        if (manifest.get().status().terminal()) {
            return Optional.of("run " + runId + " has already ended (" + manifest.get().status().text() + "): nothing to " + doing);
        }
        return Optional.empty();
    }
}
