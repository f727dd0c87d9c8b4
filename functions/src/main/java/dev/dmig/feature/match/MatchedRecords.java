package dev.dmig.feature.match;

import dev.dmig.migrate.PairedIds;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runs/<runId>/match/pairs.json.gz}: per table with a {@code match}, which source record (by ID) pairs with which
 * record the target already held, and what the pairing found. Built once by the analysis and frozen with the run, so
 * every step, retry and resume gives a paired record the same new ID: the target record's ({@link PairedIds}, a value of the
 * run's mappings).
 */
public record MatchedRecords(Map<String, TableMatch> tables) implements PairedIds {
    /** A run whose plan matches nothing. */
    public static final MatchedRecords NONE = new MatchedRecords(Map.of());

    public MatchedRecords {
        tables = tables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /**
     * One table's pairing: its policies, how many records each side had with every {@code on} value, the pairs (source ID
     * to target ID), the source records no target record pairs with ({@code unmatched}), and a few pairs and unpaired
     * records as examples ({@code id=a → id=b}); the target's records that held a source record's values but were
     * tombstones ({@link Tombstones}), with a few of their keys ({@code id=p: _deleted}); the target table's TTL attribute
     * (null: none) and when the records were paired, which tell a tombstone for every later step (an {@code update} carries
     * no TTL over, validation leaves the tombstones out).
     */
    public record TableMatch(String whenMatched, String whenNotMatched, long sourceRecords, long targetRecords,
                             Map<String, String> pairs, long unmatched, List<String> examples, long tombstones,
                             List<String> tombstoneExamples, String timeToLive, String pairedAt) {
        public TableMatch {
            pairs = pairs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
            examples = examples == null ? List.of() : List.copyOf(examples);
            tombstoneExamples = tombstoneExamples == null ? List.of() : List.copyOf(tombstoneExamples);
        }

        /** A pairing that met no tombstone, of a target without time to live. */
        public TableMatch(String whenMatched, String whenNotMatched, long sourceRecords, long targetRecords,
                          Map<String, String> pairs, long unmatched, List<String> examples) {
            this(whenMatched, whenNotMatched, sourceRecords, targetRecords, pairs, unmatched, examples, 0, List.of(), null, null);
        }

        public long matched() {
            return pairs.size();
        }

        /** When the records were paired: what a record past its time to live is told by; null for a pairing that did not say. */
        public Instant pairedInstant() {
            return pairedAt == null ? null : Instant.parse(pairedAt);
        }
    }

    /**
     * Where the run's pairs are kept: which source record became which record the target already held, frozen by the
     * analysis before the source is scanned; every later step, a resume, validation and a rollback read it.
     */
    static String key(String runId) {
        return RunLayout.prefix(runId) + "match/pairs.json.gz";
    }

    /** The run's frozen pairs; {@link #NONE} when the analysis made none (a plan without {@code match}). */
    public static MatchedRecords of(ArtifactStore artifacts, String runId) {
        return artifacts.getGzipJson(key(runId), MatchedRecords.class).orElse(NONE);
    }

    /** Whether the run froze its pairs already. */
    public static boolean frozen(ArtifactStore artifacts, String runId) {
        return artifacts.getGzipJson(key(runId), MatchedRecords.class).isPresent();
    }

    public void store(ArtifactStore artifacts, String runId) {
        artifacts.putGzipJson(key(runId), this);
    }

    /** The ID of the target record {@code sourceId} of {@code model} pairs with; null when it pairs with none. */
    @Override
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
