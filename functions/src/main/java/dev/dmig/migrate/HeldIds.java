package dev.dmig.migrate;

import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code runs/<runId>/references/held-ids.json.gz}: per model, the IDs its source table held among the values of
 * references to the table whose source holds each ({@code oneOf}), as the analysis found them; frozen by its summary, so
 * that every step, retry and resume maps such a value as the analysis did.
 */
public record HeldIds(Map<String, Set<String>> byModel) implements SourceHolders {
    public static final HeldIds NONE = new HeldIds(Map.of());

    public HeldIds {
        byModel = byModel == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
    }

    @Override
    public boolean holds(String model, String id) {
        Set<String> held = byModel.get(model);
        return held != null && held.contains(id);
    }

    /** The run's frozen IDs; {@link #NONE} when its plan has no such reference, or before its analysis is summed. */
    public static HeldIds of(ArtifactStore artifacts, String runId) {
        return artifacts.getGzipJson(RunLayout.heldIds(runId), HeldIds.class).orElse(NONE);
    }

    public void store(ArtifactStore artifacts, String runId) {
        artifacts.putGzipJson(RunLayout.heldIds(runId), this);
    }

    /** This with {@code more} added. */
    public HeldIds with(Map<String, ? extends Set<String>> more) {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        byModel.forEach((model, ids) -> all.put(model, new TreeSet<>(ids)));
        more.forEach((model, ids) -> all.computeIfAbsent(model, m -> new TreeSet<>()).addAll(ids));
        return new HeldIds(all);
    }

    /** Whether the analysis found {@code id} held by some table: what it found then decides, not the source now. */
    public boolean knows(String id) {
        return byModel.values().stream().anyMatch(ids -> ids.contains(id));
    }
}
