package dev.dmig.migrate;

import dev.dmig.identity.IdentityMap;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.match.MatchedRecords;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.time.Instant;

/**
 * What a run fixes once for every item it maps, besides the plan: the time it started (the {@code _lastChangedAt}
 * of the DataStore rows it resets), the identity map it was started with, and the records its tables' {@code match}
 * paired with records the target held ({@code matched}: a paired record's new ID is the target record's), and which
 * source table held each value of a reference to the table whose source holds it ({@code holders}). All are read
 * from the run itself (its manifest, its frozen map, pairs and held IDs), so every segment task, retry and resumed
 * execution maps an item the same way.
 */
public record RunMappings(Long startedAtMillis, IdentityMap identities, MatchedRecords matched, SourceHolders holders) {
    /** For mapping outside a run: an item that needs the run's start cannot be mapped, and no identity has a match. */
    public static final RunMappings NONE = new RunMappings(null, IdentityMap.EMPTY);

    public RunMappings {
        matched = matched == null ? MatchedRecords.NONE : matched;
        holders = holders == null ? SourceHolders.NONE : holders;
    }

    public RunMappings(Long startedAtMillis, IdentityMap identities, MatchedRecords matched) {
        this(startedAtMillis, identities, matched, SourceHolders.NONE);
    }

    public RunMappings(Long startedAtMillis) {
        this(startedAtMillis, IdentityMap.EMPTY);
    }

    public RunMappings(Long startedAtMillis, IdentityMap identities) {
        this(startedAtMillis, identities, MatchedRecords.NONE);
    }

    public static RunMappings of(ArtifactStore artifacts, MigrationPlan plan, RunManifest manifest) {
        return new RunMappings(Instant.parse(manifest.createdAt()).toEpochMilli(), IdentityMaps.of(artifacts, manifest, plan),
                MatchedRecords.of(artifacts, manifest.runId()), holders(artifacts, plan, manifest.runId()));
    }

    /** The run's frozen held IDs, read only when its plan has a reference that needs them. */
    private static SourceHolders holders(ArtifactStore artifacts, MigrationPlan plan, String runId) {
        boolean needed = plan.tables().values().stream().anyMatch(t -> t.mapsByHolder());
        return needed ? HeldIds.of(artifacts, runId) : SourceHolders.NONE;
    }

    /** The same mappings with other pairs: while the analysis pairs its tables, each with the pairs of those before it. */
    public RunMappings withMatched(MatchedRecords pairs) {
        return new RunMappings(startedAtMillis, identities, pairs, holders);
    }

    /**
     * The same mappings, a value of a {@code oneOf} reference that the analysis found no table holding asked of the source
     * ({@code items}, where the plan's source tables are) when it is met ({@link AskedHolders}).
     */
    public RunMappings askingSource(ItemStore items, MigrationPlan plan) {
        return holders instanceof HeldIds held ? withHolders(new AskedHolders(held, items, plan)) : this;
    }

    /** The same mappings with other held IDs: while the analysis reads the source, what its lookups found. */
    public RunMappings withHolders(SourceHolders found) {
        return new RunMappings(startedAtMillis, identities, matched, found);
    }

    public static RunMappings of(ArtifactStore artifacts, String runId, MigrationPlan plan) {
        return of(artifacts, plan, RunFiles.manifest(artifacts, runId));
    }

    public long startedAt() {
        if (startedAtMillis == null) {
            throw new IllegalStateException("a DataStore row is reset to the run's start, and no run is given");
        }
        return startedAtMillis;
    }
}
