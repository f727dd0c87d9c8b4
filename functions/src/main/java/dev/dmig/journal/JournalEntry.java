package dev.dmig.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code runs/<runId>/journal/<table>/<segment>/<seq>.json.gz}: the keys one batch of a segment
 * writes, and the objects of the target's Storage bucket it writes with them ({@code objects}), stored BEFORE
 * any of them is written, so that no item or object can reach the target without rollback knowing about it.
 * {@code laterWrites}: the keys the batch writes again, which an earlier entry of the run already records (following
 * writes a key as often as the source changes it), each with what the batch leaves there; a rollback knows every state
 * the run left at a key from its record and these, and undoes only a key still in one of them.
 */
public record JournalEntry(String runId, String model, String targetTable, int segment, long seq, String mode,
                           List<JournalRecord> records, List<ObjectRecord> objects,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LaterWrite> laterWrites) {
    public JournalEntry {
        records = List.copyOf(records);
        // An entry written by a version without files has none.
        objects = objects == null ? List.of() : List.copyOf(objects);
        laterWrites = laterWrites == null ? List.of() : List.copyOf(laterWrites);
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // the entry's fields before later writes
    public JournalEntry(String runId, String model, String targetTable, int segment, long seq, String mode,
                        List<JournalRecord> records, List<ObjectRecord> objects) {
        this(runId, model, targetTable, segment, seq, mode, records, objects, List.of());
    }

    public JournalEntry(String runId, String model, String targetTable, int segment, long seq, String mode,
                        List<JournalRecord> records) {
        this(runId, model, targetTable, segment, seq, mode, records, List.of());
    }

    /** This entry with {@code changed} for its records. */
    public JournalEntry withRecords(List<JournalRecord> changed) {
        return new JournalEntry(runId, model, targetTable, segment, seq, mode, changed, objects, laterWrites);
    }

    /** This entry with {@code changed} for its objects. */
    public JournalEntry withObjects(List<ObjectRecord> changed) {
        return new JournalEntry(runId, model, targetTable, segment, seq, mode, records, changed, laterWrites);
    }

    /**
     * A write at {@code key} (DynamoDB JSON) after the run's first record of it: {@code written}, the hash of the item it
     * leaves ({@link dev.dmig.store.ContentDigest#itemHash}), null for a delete; {@code replaced}, where the key held
     * production's edit of the run's record and the write goes over it ({@code onConflict: overwrite}), that edit as it was
     * (DynamoDB JSON; {@code {}} for a record production deleted): journaled before the write, so what production had is
     * never lost unnamed.
     */
    public record LaterWrite(JsonNode key, String written, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode replaced) {
        public LaterWrite(JsonNode key, String written) {
            this(key, written, null);
        }
    }
}
