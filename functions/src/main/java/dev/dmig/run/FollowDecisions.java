package dev.dmig.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.store.ArtifactStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the team decided for the keys following held under {@code onConflict: abort} ({@code dmig resolve}): per table,
 * by key, {@code skip} (left as production has it) or {@code overwrite} (the source's change written over it, production's
 * version journaled first). Following reads it each pass, and applies a held table's changes again once every key it
 * holds is decided; a decision stays with its key, for every later change of it.
 */
public final class FollowDecisions {
    private FollowDecisions() {}

    /** The decisions taken for {@code model}'s keys, by {@link dev.dmig.journal.Journal#keyId}. */
    public static Map<String, ConflictPolicy> of(ArtifactStore artifacts, String runId, String model) {
        Map<String, ConflictPolicy> decided = new LinkedHashMap<>();
        artifacts.getJson(RunLayout.followDecisions(runId, model), JsonNode.class).ifPresent(stored -> stored.fields()
                .forEachRemaining(field -> decided.put(field.getKey(), ConflictPolicy.valueOf(field.getValue().asText()))));
        return decided;
    }

    /**
     * Decides {@code policy} ({@code skip} or {@code overwrite}) for every key following holds now in each table; returns,
     * by table, the keys so decided. A table holding nothing is left as it is.
     */
    public static Map<String, Integer> decide(ArtifactStore artifacts, String runId, ConflictPolicy policy) {
        if (policy.atTaken() == ConflictPolicy.Taken.STOP) {
            throw new IllegalArgumentException("a held key is decided skip or overwrite");
        }
        Map<String, Integer> decided = new LinkedHashMap<>();
        for (String key : artifacts.list(RunLayout.follow(runId) + "tables/")) {
            FollowCheckpoint checkpoint = artifacts.getJson(key, FollowCheckpoint.class).orElse(null);
            if (checkpoint == null || checkpoint.held().isEmpty()) {
                continue;
            }
            String model = RunLayout.followedTable(key);
            ObjectNode stored = Json.MAPPER.createObjectNode();
            of(artifacts, runId, model).forEach((id, taken) -> stored.put(id, taken.name()));
            checkpoint.held().forEach(note -> stored.put(note.key().toString(), policy.name()));
            artifacts.putJson(RunLayout.followDecisions(runId, model), stored);
            decided.put(model, checkpoint.held().size());
        }
        return decided;
    }
}
