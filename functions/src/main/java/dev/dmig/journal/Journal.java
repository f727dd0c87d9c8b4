package dev.dmig.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
        write(entry, true);
    }

    /**
     * The same; {@code mayExist} false skips looking for an earlier attempt's entry, for callers that
     * listed the segment's entries and know there is none at this sequence number. Returns the entry as stored: with
     * an earlier attempt's records for keys this one does not name when that attempt's page was larger.
     */
    public JournalEntry write(JournalEntry entry, boolean mayExist) {
        String key = RunLayout.journalEntry(entry.runId(), entry.model(), entry.segment(), entry.seq());
        JournalEntry merged = mayExist
                ? artifacts.getGzipJson(key, JournalEntry.class).map(earlier -> merge(earlier, entry)).orElse(entry)
                : entry;
        artifacts.putGzipJson(key, merged);
        return merged;
    }

    /**
     * Marks the records of the keys in {@code found} ({@link #keyId} to the item found there, as hashes compare with it) in the stored
     * entry as left alone, the others as they are: for a page whose conditional writes found items in their way, so that
     * rollback leaves those items alone. A record of an item to create becomes {@link JournalRecord.Action#LATE}
     * (something arrived at the key); one of an item to write over, {@link JournalRecord.Action#CHANGED} (production
     * changed the record since the run journaled it). A record whose {@link JournalRecord#written} hash is the found
     * item's stays as it is: that item is the run's own, written by an earlier attempt of the page before the source item
     * changed, and rollback undoes it. Done before the page's checkpoint, so a page interrupted before it is redone and
     * finds them again. The stored entry, not the page's own records: it may hold an earlier attempt's records for keys
     * further on. Returns the keys of the records it marked.
     */
    public List<JsonNode> markLate(String runId, String model, int segment, long seq, Map<String, ItemHash> found) {
        return found.isEmpty() ? List.of() : remark(runId, model, segment, seq, record -> {
            ItemHash there = found.get(keyId(record));
            if (there == null || record.action().leftAlone() || there.is(record.written())) {
                return null;
            }
            JournalRecord.Action left = record.action() == JournalRecord.Action.OVERWRITTEN
                    ? JournalRecord.Action.CHANGED : JournalRecord.Action.LATE;
            return new JournalRecord(left, record.key(), record.sourceId(), null);
        });
    }

    /**
     * Turns the records of the keys in {@code found} ({@link #keyId} to the item found there, DynamoDB JSON) from {@link
     * JournalRecord.Action#CREATED} into {@link JournalRecord.Action#OVERWRITTEN} with that item as their pre-image, in
     * the stored entry: for a batch that found a record at a key it had seen empty and writes over it ({@code onConflict:
     * overwrite}), so that a rollback puts that record back. Done before the write over it. Returns the keys it changed.
     */
    public List<JsonNode> markOverwritten(String runId, String model, int segment, long seq, Map<String, JsonNode> found) {
        return found.isEmpty() ? List.of() : remark(runId, model, segment, seq, record -> {
            JsonNode there = found.get(keyId(record));
            return there == null || record.action() != JournalRecord.Action.CREATED ? null
                    : new JournalRecord(JournalRecord.Action.OVERWRITTEN, record.key(), record.sourceId(), there, record.written());
        });
    }

    /**
     * For the later writes of the stored entry {@code seq} at keys found holding production's edit of the run's record
     * ({@code found}: {@link #keyId} to what the key held, DynamoDB JSON, {@code {}} for nothing): with {@code left}, each
     * such write is taken out and the key recorded {@link JournalRecord.Action#CHANGED} with that edit, left as
     * production has it ({@code onConflict: skip}, or a key following holds for a decision); without, the write keeps
     * its place and names the edit it goes over ({@link JournalEntry.LaterWrite#replaced}). Done before anything more is
     * written at those keys. Returns the keys it changed.
     */
    public List<JsonNode> markEdited(String runId, String model, int segment, long seq, Map<String, JsonNode> found, boolean left) {
        if (found.isEmpty()) {
            return List.of();
        }
        String key = RunLayout.journalEntry(runId, model, segment, seq);
        JournalEntry stored = artifacts.getGzipJson(key, JournalEntry.class).orElseThrow(() ->
                new IllegalStateException("table " + model + ", segment " + segment + ": journal entry " + key + " is missing"));
        List<JournalRecord> records = new ArrayList<>(stored.records());
        List<JournalEntry.LaterWrite> writes = new ArrayList<>();
        List<JsonNode> changed = new ArrayList<>();
        for (JournalEntry.LaterWrite write : stored.laterWrites()) {
            JsonNode edit = found.get(write.key().toString());
            if (edit == null) {
                writes.add(write);
            } else if (left) {
                if (!changed.contains(write.key())) {
                    records.add(new JournalRecord(JournalRecord.Action.CHANGED, write.key(), null, edit));
                    changed.add(write.key());
                }
            } else {
                writes.add(new JournalEntry.LaterWrite(write.key(), write.written(), edit));
                changed.add(write.key());
            }
        }
        artifacts.putGzipJson(key, new JournalEntry(stored.runId(), stored.model(), stored.targetTable(), stored.segment(),
                stored.seq(), stored.mode(), records, stored.objects(), writes));
        return changed;
    }

    /**
     * Rewrites the stored entry {@code seq}, each record as {@code change} gives it (null: as it is); returns the keys of
     * the records it changed.
     */
    private List<JsonNode> remark(String runId, String model, int segment, long seq,
                                  Function<JournalRecord, JournalRecord> change) {
        String key = RunLayout.journalEntry(runId, model, segment, seq);
        JournalEntry stored = artifacts.getGzipJson(key, JournalEntry.class).orElseThrow(() ->
                new IllegalStateException("table " + model + ", segment " + segment + ": journal entry " + key + " is missing"));
        List<JournalRecord> records = new ArrayList<>(stored.records().size());
        List<JsonNode> changed = new ArrayList<>();
        for (JournalRecord record : stored.records()) {
            JournalRecord changedTo = change.apply(record);
            records.add(changedTo == null ? record : changedTo);
            if (changedTo != null) {
                changed.add(record.key());
            }
        }
        artifacts.putGzipJson(key, stored.withRecords(records));
        return changed;
    }

    /**
     * Records, in the stored entry, what the page's object writes did: the object each write made ({@code made}, by key),
     * which a rollback undoes and nothing else at the key; and the keys where a conditional copy found something else
     * ({@code late}), marked {@link JournalRecord.Action#LATE}, which rollback leaves alone. Done before the page's items
     * are written; nothing to record, nothing written.
     */
    public void settleObjects(String runId, String model, int segment, long seq, Map<String, ObjectRecord.Written> made,
                              java.util.Collection<String> late) {
        if (made.isEmpty() && late.isEmpty()) {
            return;
        }
        String key = RunLayout.journalEntry(runId, model, segment, seq);
        JournalEntry stored = artifacts.getGzipJson(key, JournalEntry.class).orElseThrow(() ->
                new IllegalStateException("table " + model + ", segment " + segment + ": journal entry " + key + " is missing"));
        List<ObjectRecord> objects = stored.objects().stream()
                .map(o -> late.contains(o.key()) ? o.with(JournalRecord.Action.LATE)
                        : made.containsKey(o.key()) ? o.with(made.get(o.key())) : o)
                .toList();
        artifacts.putGzipJson(key, stored.withObjects(objects));
    }

    public Optional<JournalEntry> read(String key) {
        return artifacts.getGzipJson(key, JournalEntry.class);
    }

    /**
     * Reads {@code keys}' entries in their order, up to {@link EntryReader#READ_AHEAD} at once, so that a caller going
     * through many entries waits for one store round trip per {@code READ_AHEAD} entries, not per entry. Close it to
     * drop what was read ahead.
     */
    public EntryReader reader(List<String> keys) {
        return new EntryReader(this, keys);
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
     * What an interrupted attempt journaled at or after {@code fromSeq} but did not checkpoint, and what the entries at
     * {@code alsoSeqs} hold (an earlier attempt's records for keys past a page that shrank since): the records keyed by
     * {@link #keyId}, the earliest entry's winning, and the sequence numbers that already have an entry.
     */
    public Recovery recover(String runId, String model, int segment, long fromSeq, List<Long> alsoSeqs) {
        Map<String, JournalRecord> records = new HashMap<>();
        Map<String, ObjectRecord> objects = new HashMap<>();
        Set<Long> seqs = new HashSet<>();
        for (String key : entries(runId, model, segment)) {
            long seq = RunLayout.journalSeq(key);
            if (seq >= fromSeq || alsoSeqs.contains(seq)) {
                seqs.add(seq);
                read(key).ifPresent(entry -> {
                    entry.records().forEach(r -> records.putIfAbsent(keyId(r), r));
                    entry.objects().forEach(o -> objects.putIfAbsent(o.key(), o));
                });
            }
        }
        return new Recovery(records, seqs, objects);
    }

    /** {@link #recover(String, String, int, long, List)} of the entries at or after {@code fromSeq} alone. */
    public Recovery recover(String runId, String model, int segment, long fromSeq) {
        return recover(runId, model, segment, fromSeq, List.of());
    }

    /**
     * See {@link #recover}; {@code cargo}: the records of what the pages carried beside their items (the objects, by their
     * key in the target's bucket), which the page's cargo is planned with again.
     */
    public record Recovery(Map<String, JournalRecord> records, Set<Long> seqs, Map<String, ObjectRecord> cargo) {}

    /** A stable identity for a record's key, for matching records across attempts. */
    public static String keyId(JournalRecord record) {
        return record.key().toString();
    }

    static JournalEntry merge(JournalEntry earlier, JournalEntry later) {
        Map<String, JournalRecord> records = new LinkedHashMap<>();
        earlier.records().forEach(r -> records.put(keyId(r), r));
        // Both attempts' later writes: each is a state the run may have left at its key.
        Set<JournalEntry.LaterWrite> laterWrites = new java.util.LinkedHashSet<>(earlier.laterWrites());
        laterWrites.addAll(later.laterWrites());
        for (JournalRecord record : later.records()) {
            JournalRecord first = records.putIfAbsent(keyId(record), record);
            if (first != null && !first.action().leftAlone() && !record.action().leftAlone()
                    && !java.util.Objects.equals(first.written(), record.written())
                    && (record.written() != null || "follow".equals(later.mode()))) {
                // The earlier attempt's record wins, and this attempt's write, which leaves another state (the source item
                // changed between the attempts), is one more state the run leaves at the key: else it reads as production's.
                laterWrites.add(new JournalEntry.LaterWrite(record.key(), record.written()));
            }
        }
        Map<String, ObjectRecord> objects = new LinkedHashMap<>();
        earlier.objects().forEach(o -> objects.put(o.key(), o));
        later.objects().forEach(o -> objects.putIfAbsent(o.key(), o));
        return new JournalEntry(later.runId(), later.model(), later.targetTable(), later.segment(), later.seq(),
                later.mode(), new ArrayList<>(records.values()), new ArrayList<>(objects.values()), new ArrayList<>(laterWrites));
    }
}
