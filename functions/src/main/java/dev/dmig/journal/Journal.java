package dev.dmig.journal;

import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes a run's write-ahead journal in the artifact store. */
public final class Journal {
    private final ArtifactStore artifacts;

    public Journal(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    /**
     * Stores an entry before its batch is written. When an earlier, interrupted attempt already
     * stored an entry at the same place, its records win for the keys they name: that attempt saw
     * the target as it was before the run, while this one may see the run's own writes.
     */
    public void write(JournalEntry entry) {
        String key = RunLayout.journalEntry(entry.runId(), entry.model(), entry.segment(), entry.seq());
        JournalEntry merged = artifacts.getGzipJson(key, JournalEntry.class)
                .map(earlier -> merge(earlier, entry))
                .orElse(entry);
        artifacts.putGzipJson(key, merged);
    }

    public Optional<JournalEntry> read(String key) {
        return artifacts.getGzipJson(key, JournalEntry.class);
    }

    /** Every entry key of the run, in table, segment and sequence order. */
    public List<String> entries(String runId) {
        return artifacts.list(RunLayout.journal(runId)).stream().filter(k -> RunLayout.journalSeq(k) >= 0).toList();
    }

    /** Every entry key of one model, in segment and sequence order. */
    public List<String> entries(String runId, String model) {
        return artifacts.list(RunLayout.journal(runId) + model + "/").stream().filter(k -> RunLayout.journalSeq(k) >= 0).toList();
    }

    /** Every entry key of one segment, in sequence order. */
    public List<String> entries(String runId, String model, int segment) {
        return artifacts.list(RunLayout.journal(runId, model, segment)).stream()
                .filter(k -> RunLayout.journalSeq(k) >= 0).toList();
    }

    /**
     * The records of entries at or after {@code fromSeq}: what an interrupted attempt journaled
     * but did not checkpoint. Keyed by {@link #keyId}.
     */
    public Map<String, JournalRecord> recover(String runId, String model, int segment, long fromSeq) {
        Map<String, JournalRecord> records = new HashMap<>();
        for (String key : entries(runId, model, segment)) {
            if (RunLayout.journalSeq(key) >= fromSeq) {
                read(key).ifPresent(entry -> entry.records().forEach(r -> records.putIfAbsent(keyId(r), r)));
            }
        }
        return records;
    }

    /** A stable identity for a record's key, for matching records across attempts. */
    public static String keyId(JournalRecord record) {
        return record.key().toString();
    }

    static JournalEntry merge(JournalEntry earlier, JournalEntry later) {
        Map<String, JournalRecord> records = new LinkedHashMap<>();
        earlier.records().forEach(r -> records.put(keyId(r), r));
        later.records().forEach(r -> records.putIfAbsent(keyId(r), r));
        return new JournalEntry(later.runId(), later.model(), later.targetTable(), later.segment(), later.seq(),
                later.mode(), new ArrayList<>(records.values()));
    }
}
