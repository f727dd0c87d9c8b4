package dev.dmig.validate;

import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.analysis.SourceIds;
import dev.dmig.identity.IdentityMap;
import dev.dmig.plan.IdentityKind;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.KnownKeys;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run knows to be the source's, which the target must not hold after a right plan's copy: the subs, usernames and
 * identity-pool IDs of the source's users in its frozen identity map (those no target user shares), and the source IDs of
 * the tables whose records got new IDs, as the analysis kept them in filters ({@link SourceIdFilter}). A filter's "maybe"
 * is made certain by asking the source table for the ID by key (reads only). Immutable once built; the filters of the last
 * runs a process validated are kept, as its segment tasks each need them.
 */
final class SourceValues {
    private static final int RUNS_KEPT = 2;
    private static final Map<String, Map<String, SourceIdFilter>> LOADED = new LinkedHashMap<>(RUNS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, SourceIdFilter>> eldest) {
            return size() > RUNS_KEPT;
        }
    };

    private final MigrationPlan plan;
    private final Map<String, IdentityKind> identities;
    /** Per model whose source IDs the run kept, its filter; in the run's order. */
    private final Map<String, SourceIdFilter> filters;
    private final List<String> notChecked;
    private final Map<String, TableInfo> sources;
    private final KnownKeys sourceKeys;

    private SourceValues(MigrationPlan plan, Map<String, IdentityKind> identities, Map<String, SourceIdFilter> filters,
                         List<String> notChecked, Map<String, TableInfo> sources, KnownKeys sourceKeys) {
        this.plan = plan;
        this.identities = identities;
        this.filters = filters;
        this.notChecked = List.copyOf(notChecked);
        this.sources = sources;
        this.sourceKeys = sourceKeys;
    }

    /**
     * The run's: its identity map's source-only values, and the filters its analysis stored for its tables ({@code items}:
     * the plan's sides). A table whose IDs the run would keep but whose filter is not there (an analysis by an earlier
     * version) is {@linkplain #notChecked not checked}.
     */
    static SourceValues of(ArtifactStore artifacts, RunManifest manifest, MigrationPlan plan, ItemStore items, IdentityMap map) {
        Map<String, TableInfo> sources = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (String model : manifest.tables()) {
            Optional<TableInfo> source = items.describe(plan.sourceTable(model));
            if (source.isPresent() && SourceIds.kept(plan.table(model), source.get())) {
                sources.put(model, source.get());
                kept.add(model);
            }
        }
        Map<String, SourceIdFilter> filters = filters(artifacts, manifest, kept);
        List<String> notChecked = kept.stream().filter(model -> !filters.containsKey(model)).toList();
        return new SourceValues(plan, map.sourceOnly(), filters, notChecked, sources,
                new KnownKeys(items, KnownKeys.DEFAULT_CAP));
    }

    private static Map<String, SourceIdFilter> filters(ArtifactStore artifacts, RunManifest manifest, List<String> models) {
        String key = artifacts.location() + "/" + manifest.runId() + "@" + manifest.createdAt();
        synchronized (LOADED) {
            Map<String, SourceIdFilter> known = LOADED.get(key);
            if (known != null && known.keySet().containsAll(models)) {
                return known;
            }
            Map<String, SourceIdFilter> filters = new LinkedHashMap<>();
            for (String model : models) {
                artifacts.get(RunLayout.sourceIds(manifest.runId(), model))
                        .ifPresent(bytes -> filters.put(model, SourceIdFilter.fromBytes(bytes)));
            }
            LOADED.put(key, filters);
            return filters;
        }
    }

    /** The kind of source user's value {@code value} is, or null. */
    IdentityKind identity(String value) {
        return identities.get(value);
    }

    /** Whether the run knows anything of the source to look for. */
    boolean any() {
        return !identities.isEmpty() || !filters.isEmpty();
    }

    /** The models whose source ID this hash may be ({@link SourceIdFilter#hash}); to be {@linkplain #confirmed confirmed}. */
    List<String> maybeIds(long hash) {
        List<String> models = null;
        for (Map.Entry<String, SourceIdFilter> filter : filters.entrySet()) {
            if (filter.getValue().mightContain(hash)) {
                if (models == null) {
                    models = new ArrayList<>(2);
                }
                models.add(filter.getKey());
            }
        }
        return models == null ? List.of() : models;
    }

    /** Of {@code ids}, which its filter said {@code model} may hold, those its source table does hold: read by key. */
    Set<String> confirmed(String model, Collection<String> ids) {
        TablePlan table = plan.table(model);
        Map<String, String> idByKey = new LinkedHashMap<>();
        for (String id : ids) {
            SourceIds.keysOf(table, id).forEach(key -> idByKey.putIfAbsent(key, id));
        }
        Set<String> missing = sourceKeys.missing(sources.get(model), idByKey.keySet());
        Set<String> confirmed = new HashSet<>();
        idByKey.forEach((key, id) -> {
            if (!missing.contains(key)) {
                confirmed.add(id);
            }
        });
        return confirmed;
    }

    /** What the run looked for: users' values, source IDs kept per table, and the tables whose IDs it could not. */
    SourceValuesChecked checked() {
        long ids = filters.values().stream().mapToLong(SourceIdFilter::count).sum();
        return new SourceValuesChecked(identities.size(), ids, new ArrayList<>(filters.keySet()), notChecked);
    }
}
