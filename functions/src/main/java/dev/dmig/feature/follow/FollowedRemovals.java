package dev.dmig.feature.follow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runs/<id>/follow/removed/<table>/<shard>-<sequence>.json}: the target keys a page of followed changes deleted,
 * each with the source key whose removal (or move) deleted it. Validation reads them after the cut-over: each such key
 * holds nothing, unless the source holds an item there again that maps to it.
 */
public final class FollowedRemovals {
    private FollowedRemovals() {}

    /** One deleted target key, and the source item's key. */
    public record Removal(ObjectNode key, ObjectNode source) {}

    /** A page's removals, as stored. */
    record Page(List<Removal> removals) {
        Page {
            removals = List.copyOf(removals == null ? List.of() : removals);
        }
    }

    /**
     * Stores what a page of {@code shard}'s changes starting at {@code sequence} deletes, before it deletes it, beside what
     * an earlier attempt of the page stored (interrupted after some of its deletes, the page finds those done, and
     * deletes only the rest).
     */
    static void write(ArtifactStore artifacts, String runId, String model, String shard, String sequence, List<Removal> removals) {
        if (removals.isEmpty()) {
            return;
        }
        String key = RunLayout.followRemovals(runId, model) + shard + "-" + sequence + ".json";
        java.util.Map<String, Removal> all = new java.util.LinkedHashMap<>();
        artifacts.getJson(key, Page.class).ifPresent(earlier -> earlier.removals().forEach(r -> all.put(r.key().toString(), r)));
        removals.forEach(r -> all.putIfAbsent(r.key().toString(), r));
        artifacts.putJson(key, new Page(new ArrayList<>(all.values())));
    }

    /** Every target key following deleted in {@code model}, in no particular order (a key deleted twice, twice). */
    public static List<Removal> of(ArtifactStore artifacts, String runId, String model) {
        List<Removal> all = new ArrayList<>();
        for (String key : artifacts.list(RunLayout.followRemovals(runId, model))) {
            artifacts.getJson(key, Page.class).ifPresent(page -> all.addAll(page.removals()));
        }
        return all;
    }
}
