package dev.dmig.migrate;

import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.time.Instant;

/**
 * What a run fixes once for every item it maps, besides the plan: the time it started (the {@code _lastChangedAt}
 * of the DataStore rows it resets). Read from the run's manifest, so every segment task, retry and resumed
 * execution maps an item the same way.
 */
public record RunMappings(Long startedAtMillis) {
    /** For mapping outside a run: an item that needs the run's start cannot be mapped. */
    public static final RunMappings NONE = new RunMappings(null);

    public static RunMappings of(RunManifest manifest) {
        return new RunMappings(Instant.parse(manifest.createdAt()).toEpochMilli());
    }

    public static RunMappings of(ArtifactStore artifacts, String runId) {
        return of(RunFiles.manifest(artifacts, runId));
    }

    long startedAt() {
        if (startedAtMillis == null) {
            throw new IllegalStateException("a DataStore row is reset to the run's start, and no run is given");
        }
        return startedAtMillis;
    }
}
