package dev.dmig.cli.runs;

import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;

/** The {@code dmig rollback} command line dmig prints for a run, as it must be typed to work. */
public final class RollbackCommandLine {
    private RollbackCommandLine() {}

    /**
     * The command that rolls the run back as it stands, with the options {@code before} and {@code after} its
     * {@code --run}, and {@code --confirm} when the run succeeded or passed its validation
     * ({@link RunManifest#rollbackNeedsConfirmation}), or when its manifest cannot be read to say (any run's rollback
     * accepts it); without, when there is no such run.
     */
    public static String of(ArtifactStore artifacts, String runId, String before, String after) {
        boolean confirm;
        try {
            confirm = RunArtifacts.in(artifacts).manifest(runId)
                    .map(RunManifest::rollbackNeedsConfirmation).orElse(false);
        } catch (SdkException | StoreUnavailableException unreadable) {
            confirm = true;
        }
        return of(runId, before, after, confirm);
    }

    /** The same, {@code confirm} saying whether it needs {@code --confirm} (which any run's rollback accepts). */
    public static String of(String runId, String before, String after, boolean confirm) {
        return "dmig rollback" + before + " --run " + runId + after + (confirm ? " --confirm" : "");
    }
}
