package dev.dmig.journal;

import java.util.List;

/**
 * {@code runs/<runId>/journal/<table>/<segment>/<seq>.json.gz}: the keys one batch of a segment
 * writes, and the objects of the target's Storage bucket it writes with them ({@code objects}), stored BEFORE
 * any of them is written, so that no item or object can reach the target without rollback knowing about it.
 */
public record JournalEntry(String runId, String model, String targetTable, int segment, long seq, String mode,
                           List<JournalRecord> records, List<ObjectRecord> objects) {
    public JournalEntry {
        records = List.copyOf(records);
        // An entry written by a version without files has none.
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    public JournalEntry(String runId, String model, String targetTable, int segment, long seq, String mode,
                        List<JournalRecord> records) {
        this(runId, model, targetTable, segment, seq, mode, records, List.of());
    }
}
