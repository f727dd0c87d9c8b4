package dev.dmig.migrate;

import dev.dmig.identity.IdentityMap;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.time.Instant;

/**
 * What a run fixes once for every item it maps, besides the plan: the time it started (the {@code _lastChangedAt}
 * of the DataStore rows it resets) and the identity map it was started with. Both are read from the run itself (its
 * manifest, its frozen map), so every segment task, retry and resumed execution maps an item the same way.
 */
public record RunMappings(Long startedAtMillis, IdentityMap identities) {
    /** For mapping outside a run: an item that needs the run's start cannot be mapped, and no identity has a match. */
    public static final RunMappings NONE = new RunMappings(null, IdentityMap.EMPTY);

    public RunMappings(Long startedAtMillis) {
        this(startedAtMillis, IdentityMap.EMPTY);
    }

    public static RunMappings of(ArtifactStore artifacts, MigrationPlan plan, RunManifest manifest) {
        return new RunMappings(Instant.parse(manifest.createdAt()).toEpochMilli(), IdentityMaps.of(artifacts, manifest, plan));
    }

    public static RunMappings of(ArtifactStore artifacts, String runId, MigrationPlan plan) {
        return of(artifacts, plan, RunFiles.manifest(artifacts, runId));
    }

    long startedAt() {
        if (startedAtMillis == null) {
            throw new IllegalStateException("a DataStore row is reset to the run's start, and no run is given");
        }
        return startedAtMillis;
    }
}
