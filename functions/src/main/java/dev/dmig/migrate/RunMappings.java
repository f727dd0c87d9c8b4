package dev.dmig.migrate;

import dev.dmig.Features;
import dev.dmig.identity.IdentityMap;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run fixes once for every item it maps, besides the plan: the time it started (the {@code _lastChangedAt}
 * of the DataStore rows it resets), the identity map it was started with, which source table held each value of a
 * reference to the table whose source holds it ({@code holders}), and every feature's own value ({@code features}, by
 * its type: a match's frozen pairs, whose paired records take the target records' IDs, {@link PairedIds}). All are read
 * from the run itself (its manifest, its frozen map, held IDs and the features' artifacts), so every segment task, retry
 * and resumed execution maps an item the same way.
 */
public record RunMappings(Long startedAtMillis, IdentityMap identities, SourceHolders holders, Map<Class<?>, Object> features) {
    /** For mapping outside a run: an item that needs the run's start cannot be mapped, and no identity has a match. */
    public static final RunMappings NONE = new RunMappings(null, IdentityMap.EMPTY);

    public RunMappings {
        holders = holders == null ? SourceHolders.NONE : holders;
        features = features == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    public RunMappings(Long startedAtMillis) {
        this(startedAtMillis, IdentityMap.EMPTY);
    }

    public RunMappings(Long startedAtMillis, IdentityMap identities) {
        this(startedAtMillis, identities, SourceHolders.NONE, Map.of());
    }

    /**
     * A feature's value of the run, fixed once for every item it maps: read from the run's artifacts, or made now for a
     * preview of a table's items.
     */
    public interface Feature {
        /** The value the run froze ({@code runId}'s); null when it has none. */
        Object of(ArtifactStore artifacts, MigrationPlan plan, String runId);

        /**
         * The value a run of {@code model} would fix, made now from the live tables and frozen nowhere; null when it would
         * fix none. {@code run}: the mappings so far. Refuses as the run would.
         */
        Object preview(ItemStore items, MigrationPlan plan, String model, RunMappings run);

        /** A value made from the plan alone ({@code made}; null for none), alike for a run and a preview of it. */
        static Feature fromPlan(java.util.function.Function<MigrationPlan, Object> made) {
            return new FromPlan(made);
        }
    }

    /** A feature's value made from the plan alone ({@link Feature#fromPlan}). */
    private record FromPlan(java.util.function.Function<MigrationPlan, Object> made) implements Feature {
        @Override
        public Object of(ArtifactStore artifacts, MigrationPlan plan, String runId) {
            return made.apply(plan);
        }

        @Override
        public Object preview(ItemStore items, MigrationPlan plan, String model, RunMappings run) {
            return made.apply(plan);
        }
    }

    /**
     * Mappings outside a run with the values every feature makes from the plan alone ({@link Feature#fromPlan}): for what
     * a run does before it fixes the rest (its slice, which shows and seals source IDs as the run's artifacts do).
     */
    public static RunMappings fromPlan(MigrationPlan plan) {
        RunMappings run = NONE;
        for (Feature feature : Features.at(Feature.class)) {
            if (feature instanceof FromPlan made) {
                run = run.with(made.made().apply(plan));
            }
        }
        return run;
    }

    public static RunMappings of(ArtifactStore artifacts, MigrationPlan plan, RunManifest manifest) {
        RunMappings run = new RunMappings(Instant.parse(manifest.createdAt()).toEpochMilli(), IdentityMaps.of(artifacts, manifest, plan),
                holders(artifacts, plan, manifest.runId()), Map.of());
        for (Feature feature : Features.at(Feature.class)) {
            run = run.with(feature.of(artifacts, plan, manifest.runId()));
        }
        return run;
    }

    /**
     * These mappings with what every feature would fix for a run of {@code model}, made now and frozen nowhere ({@link
     * Feature#preview}): a preview maps items as the run would.
     */
    public RunMappings previewing(ItemStore items, MigrationPlan plan, String model) {
        RunMappings run = this;
        for (Feature feature : Features.at(Feature.class)) {
            run = run.with(feature.preview(items, plan, model, run));
        }
        return run;
    }

    /** The run's frozen held IDs, read only when its plan has a reference that needs them. */
    private static SourceHolders holders(ArtifactStore artifacts, MigrationPlan plan, String runId) {
        boolean needed = plan.tables().values().stream().anyMatch(t -> t.mapsByHolder());
        return needed ? HeldIds.of(artifacts, runId) : SourceHolders.NONE;
    }

    /** A feature's value of the run, by its type; null when the run has none. */
    public <T> T feature(Class<T> type) {
        return type.cast(features.get(type));
    }

    /**
     * The same mappings with a feature's {@code value} (under its type, in place of the one there); as they are for null.
     * While the analysis pairs its tables, each is mapped with the pairs of those before it.
     */
    public RunMappings with(Object value) {
        if (value == null) {
            return this;
        }
        Map<Class<?>, Object> all = new LinkedHashMap<>(features);
        all.put(value.getClass(), value);
        return new RunMappings(startedAtMillis, identities, holders, all);
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
        return new RunMappings(startedAtMillis, identities, found, features);
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
