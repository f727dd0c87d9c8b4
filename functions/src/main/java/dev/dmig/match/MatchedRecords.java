package dev.dmig.match;

import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runs/<runId>/match/pairs.json.gz}: per table with a {@code match}, which source record (by ID) pairs with which
 * record the target already held, and what the pairing found. Built once by the analysis and frozen with the run, so
 * every step, retry and resume gives a paired record the same new ID: the target record's.
 */
public record MatchedRecords(Map<String, TableMatch> tables) {
    /** A run whose plan matches nothing. */
    public static final MatchedRecords NONE = new MatchedRecords(Map.of());

    public MatchedRecords {
        tables = tables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /**
     * One table's pairing: its policies, how many records each side had with every {@code on} value, the pairs (source ID
     * to target ID), the source records no target record pairs with ({@code unmatched}), and a few pairs and unpaired
     * records as examples ({@code id=a → id=b}).
     */
    public record TableMatch(String whenMatched, String whenNotMatched, long sourceRecords, long targetRecords,
                             Map<String, String> pairs, long unmatched, List<String> examples) {
        public TableMatch {
            pairs = pairs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
            examples = examples == null ? List.of() : List.copyOf(examples);
        }

        public long matched() {
            return pairs.size();
        }
    }

    /** The run's frozen pairs; {@link #NONE} when the analysis made none (a plan without {@code match}). */
    public static MatchedRecords of(ArtifactStore artifacts, String runId) {
        return artifacts.getGzipJson(RunLayout.matchedRecords(runId), MatchedRecords.class).orElse(NONE);
    }

    /** Whether the run froze its pairs already. */
    public static boolean frozen(ArtifactStore artifacts, String runId) {
        return artifacts.getGzipJson(RunLayout.matchedRecords(runId), MatchedRecords.class).isPresent();
    }

    public void store(ArtifactStore artifacts, String runId) {
        artifacts.putGzipJson(RunLayout.matchedRecords(runId), this);
    }

    /** The ID of the target record {@code sourceId} of {@code model} pairs with; null when it pairs with none. */
    public String targetId(String model, String sourceId) {
        TableMatch table = tables.get(model);
        return table == null ? null : table.pairs().get(sourceId);
    }

    /** This with {@code model}'s pairing added (tables are paired one after another, in dependency order). */
    public MatchedRecords with(String model, TableMatch match) {
        Map<String, TableMatch> all = new LinkedHashMap<>(tables);
        all.put(model, match);
        return new MatchedRecords(all);
    }
}
