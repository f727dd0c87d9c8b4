package dev.dmig.feature.slice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.json.Json;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.Slice;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's slice as {@code slice.json} keeps it. Where a masked run withholds a model's source IDs ({@code WithheldIds}:
 * a table keyed by its users' emails), the file keeps that model's members sealed, and names a root, and the references
 * leaving or missing the slice, of such a model as the run's examples name them ({@code shownId}); every process that
 * reads the slice opens the members with the run's masking key. Any other run's slice is kept as it is found.
 */
final class KeptSlice {
    private KeptSlice() {}

    /** Stores the slice the run found, sealed and shown as its plan withholds. */
    static void put(ArtifactStore artifacts, String runId, Slice slice, MigrationPlan plan) {
        artifacts.putJson(RunLayout.slice(runId), kept(slice, shown(plan)));
    }

    /** The slice of a run with roots, its members opened; empty for a run of the whole source. */
    static Optional<Slice> get(ArtifactStore artifacts, String runId) {
        return RunFiles.slice(artifacts, runId).map(slice -> slice.tables().values().stream().anyMatch(m -> m.sealed() != null)
                ? opened(slice, shown(RunFiles.plan(artifacts, runId))) : slice);
    }

    /** Whether the plan withholds the source IDs of any of its migrated models, whose slice this keeps sealed. */
    static boolean withholds(MigrationPlan plan) {
        ItemTransformer shown = shown(plan);
        return plan.migratedModels().stream().anyMatch(shown::withholdsSourceIds);
    }

    /** How the run shows and seals its source IDs before its mappings are fixed: as its plan alone says. */
    private static ItemTransformer shown(MigrationPlan plan) {
        return new ItemTransformer(plan, RunMappings.fromPlan(plan));
    }

    static Slice kept(Slice slice, ItemTransformer shown) {
        Map<String, Slice.Members> tables = new LinkedHashMap<>();
        slice.tables().forEach((model, m) -> tables.put(model, !shown.withholdsSourceIds(model) ? m
                : new Slice.Members(model, m.idAttribute(), m.key(), List.of(), m.roots(), m.descendants(), m.ancestors(),
                        shown.keptSourceIds(model, Json.MAPPER.valueToTree(m.ids())))));
        List<Slice.Root> roots = slice.roots().stream().map(root -> new Slice.Root(root.model(), shown.shownId(root.model(), root.id())))
                .toList();
        return new Slice(roots, tables, shownReferences(slice.leaving(), shown), shownReferences(slice.missing(), shown),
                slice.totals(), slice.phases());
    }

    static Slice opened(Slice slice, ItemTransformer shown) {
        Map<String, Slice.Members> tables = new LinkedHashMap<>();
        slice.tables().forEach((model, m) -> tables.put(model, m.sealed() == null ? m
                : new Slice.Members(model, m.idAttribute(), m.key(), ids(shown.sourceIds(model, m.sealed())), m.roots(),
                        m.descendants(), m.ancestors())));
        return new Slice(slice.roots(), tables, slice.leaving(), slice.missing(), slice.totals(), slice.phases());
    }

    private static List<Slice.Reference> shownReferences(List<Slice.Reference> references, ItemTransformer shown) {
        return references.stream().map(r -> new Slice.Reference(r.model(), r.path(), r.target(), r.count(),
                r.examples().stream().map(id -> shown.shownId(r.target(), id)).toList())).toList();
    }

    private static List<String> ids(JsonNode opened) {
        List<String> ids = new ArrayList<>();
        opened.forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
