package dev.dmig.validate;

import dev.dmig.Tasks;
import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.analysis.SourceIds;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.KnownKeys;
import dev.dmig.store.Reads;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a run knows to be the source's, which the target must not hold after a right plan's copy: the features' names of
 * the source ({@link SourceNames}: the subs, usernames and identity-pool IDs of the source's users in its frozen identity
 * map that no target user shares), and the source IDs of
 * the tables whose records got new IDs, as the analysis kept them in filters ({@link SourceIdFilter}). A filter's "maybe"
 * is made certain by asking the source table for the ID by key (reads only). Immutable once built; the filters of the last
 * runs a process validated are kept, as its segment tasks each need them.
 */
final class SourceValues {
    private static final int RUNS_KEPT = 2;
    private static final Map<String, Filters> LOADED = new LinkedHashMap<>(RUNS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Filters> eldest) {
            return size() > RUNS_KEPT;
        }
    };

    private final MigrationPlan plan;
    private final List<String> models;
    private final ItemStore items;
    private final SourceNames names;
    /** Per model whose source IDs the run kept, its filter. */
    private final Map<String, SourceIdFilter> filters;
    /** The same, as arrays for {@link #maybeIds}, asked of a string after a "maybe" of {@link #together}. */
    private final String[] filteredModels;
    private final SourceIdFilter[] filterArray;
    /**
     * The filters together: the analysis's filter of every table's IDs, or for a run analyzed before it stored one, the
     * tables' filters ORed ({@link SourceIdFilter#together}). Every string of every item the validation reads asks it.
     */
    private final SourceIdFilter together;
    /** The source tables asked to confirm a filter's "maybe", described when first asked. */
    private final Map<String, Optional<TableInfo>> sources = new ConcurrentHashMap<>();
    private final KnownKeys sourceKeys;

    private SourceValues(MigrationPlan plan, List<String> models, ItemStore items, SourceNames names, Filters loaded) {
        this.plan = plan;
        this.models = List.copyOf(models);
        this.items = items;
        this.names = names;
        this.filters = loaded.byModel();
        this.together = loaded.together();
        this.filteredModels = filters.keySet().toArray(new String[0]);
        this.filterArray = filters.values().toArray(new SourceIdFilter[0]);
        this.sourceKeys = new KnownKeys(items, KnownKeys.DEFAULT_CAP);
    }

    /**
     * The run's: its features' names of the source ({@link SourceNames#of}), and the filters its analysis stored for its tables ({@link
     * #filters}); {@code items}: the plan's sides, read only to confirm a filter's "maybe". Nothing is described here: a
     * thousand segment tasks each build one.
     */
    static SourceValues of(RunManifest manifest, MigrationPlan plan, ItemStore items, SourceNames names, Filters filters) {
        return new SourceValues(plan, manifest.tables(), items, names, filters);
    }

    /** A run's filters by model, and together ({@link #filters}). */
    record Filters(Map<String, SourceIdFilter> byModel, SourceIdFilter together) {}

    /**
     * The run's filters, by model and together: listed, read side by side and put together once per process (they do not
     * change once the analysis stored them).
     */
    static Filters filters(ArtifactStore artifacts, RunManifest manifest) {
        String key = artifacts.location() + "/" + manifest.runId() + "@" + manifest.createdAt();
        synchronized (LOADED) {
            Filters known = LOADED.get(key);
            if (known != null) {
                return known;
            }
            String prefix = RunLayout.sourceIdsPrefix(manifest.runId());
            List<String> models = new ArrayList<>();
            for (String stored : artifacts.list(prefix)) {
                String model = stored.substring(prefix.length(), stored.length() - ".bin".length());
                if (manifest.tables().contains(model) && stored.equals(RunLayout.sourceIds(manifest.runId(), model))) {
                    models.add(model);
                }
            }
            // The analysis's filter of every table's IDs together, where it stored one: far fewer "maybe"s than the tables'
            // filters ORed, each of them a read of the source to confirm. Beside the tables' own, read side by side (each a
            // store round trip), each made a filter as it arrives: no more of their bytes held at once than reads in flight.
            CompletableFuture<Optional<SourceIdFilter>> ofRun = Reads.start(() -> artifacts.get(RunLayout.sourceIdsOfRun(manifest.runId()))
                    .map(SourceIdFilter::fromBytes));
            List<Optional<SourceIdFilter>> read = Reads.all(models, model ->
                    artifacts.get(RunLayout.sourceIds(manifest.runId(), model)).map(SourceIdFilter::fromBytes));
            Map<String, SourceIdFilter> filters = new LinkedHashMap<>();
            for (int i = 0; i < models.size(); i++) {
                String model = models.get(i);
                read.get(i).ifPresent(filter -> filters.put(model, filter));
            }
            SourceIdFilter together = Tasks.join(ofRun).filter(run -> !filters.isEmpty())
                    .orElseGet(() -> SourceIdFilter.together(filters.values()));
            Filters loaded = new Filters(Collections.unmodifiableMap(filters), together);
            LOADED.put(key, loaded);
            return loaded;
        }
    }

    /** The source table of {@code model}, described once. */
    Optional<TableInfo> source(String model) {
        return sources.computeIfAbsent(model, m -> items.describe(plan.sourceTable(m)));
    }

    /** The kind of value a feature knows {@code token} to be, where it stands ({@link SourceNames#kindOf}), or null. */
    SourceNames.Kind named(String token, boolean afterOwner) {
        return names.kindOf(token, afterOwner);
    }

    /** The target's counterpart of a value a feature knows ({@link SourceNames#counterpart}); null when it has none. */
    String counterpart(SourceNames.Kind kind, String token) {
        return names.counterpart(kind, token);
    }

    /** Whether the run knows anything of the source to look for. */
    boolean any() {
        return names.count() > 0 || !filters.isEmpty();
    }

    /** The models whose source ID this hash may be ({@link SourceIdFilter#hash}); to be {@linkplain #confirmed confirmed}. */
    List<String> maybeIds(long hash) {
        long probes = SourceIdFilter.probes(hash);
        if (!together.mightContain(hash, probes)) {
            // None of them holds it: most strings, asked once instead of once per filter.
            return List.of();
        }
        List<String> models = null;
        for (int i = 0; i < filterArray.length; i++) {
            if (filterArray[i].mightContain(hash, probes)) {
                if (models == null) {
                    models = new ArrayList<>(2);
                }
                models.add(filteredModels[i]);
            }
        }
        return models == null ? List.of() : models;
    }

    /**
     * Of the IDs each model's filter said it may hold, by model, those its source table does hold: read by key, the
     * tables side by side (a page's strings say "maybe" for several), and a table with a sort key an ID at a time, side
     * by side too, as its store asks it for each ID in a round trip of its own ({@link ItemStore#existingHashKeys}).
     */
    Map<String, Set<String>> confirmed(Map<String, ? extends Collection<String>> idsByModel) {
        List<String> asked = new ArrayList<>(idsByModel.keySet());
        // Each described once, the first time it is asked of (side by side too).
        List<TableInfo> sources = Reads.all(asked, model -> source(model).orElseThrow());
        List<Lookup> lookups = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            String model = asked.get(i);
            TablePlan table = plan.table(model);
            Map<String, String> idByKey = new LinkedHashMap<>();
            for (String id : idsByModel.get(model)) {
                SourceIds.keysOf(table, id).forEach(key -> idByKey.putIfAbsent(key, id));
            }
            TableInfo source = sources.get(i);
            if (source.rangeKey() == null) {
                lookups.add(new Lookup(model, source, idByKey));
            } else {
                idByKey.forEach((key, id) -> lookups.add(new Lookup(model, source, Map.of(key, id))));
            }
        }
        List<Set<String>> found = Reads.all(lookups, this::held);
        Map<String, Set<String>> confirmed = new HashMap<>();
        idsByModel.keySet().forEach(model -> confirmed.put(model, new HashSet<>()));
        for (int i = 0; i < lookups.size(); i++) {
            confirmed.get(lookups.get(i).model()).addAll(found.get(i));
        }
        return confirmed;
    }

    /** One read of a source table by key: its keys, each with the ID it stands for. */
    private record Lookup(String model, TableInfo source, Map<String, String> idByKey) {}

    /** Of a lookup's IDs, those whose key its source table holds. */
    private Set<String> held(Lookup lookup) {
        Set<String> missing = sourceKeys.missing(lookup.source(), lookup.idByKey().keySet());
        Set<String> held = new HashSet<>();
        lookup.idByKey().forEach((key, id) -> {
            if (!missing.contains(key)) {
                held.add(id);
            }
        });
        return held;
    }

    /**
     * What the run looked for: users' values, source IDs kept per table, and the tables whose IDs it would keep but whose
     * analysis kept none (made by an earlier version): those tables' sources are described here, for the verdict alone.
     */
    SourceValuesChecked checked() {
        long ids = filters.values().stream().mapToLong(SourceIdFilter::count).sum();
        List<String> kept = models.stream().filter(filters::containsKey).toList();
        List<String> notChecked = models.stream().filter(model -> !filters.containsKey(model) && !plan.table(model).skip()
                && source(model).map(info -> SourceIds.kept(plan.table(model), info)).orElse(false)).toList();
        return new SourceValuesChecked(names.count(), ids, kept, notChecked);
    }
}
