package dev.dmig.journal;

import java.util.List;

/**
 * {@code runs/<runId>/journal/<table>/<segment>/<seq>.json.gz}: the keys one batch of a segment
 * writes, stored BEFORE the batch is written, so that no item can reach a target table without
 * rollback knowing about it.
 */
public record JournalEntry(String runId, String model, String targetTable, int segment, long seq, String mode,
                           List<JournalRecord> records) {
    public JournalEntry {
        records = List.copyOf(records);
    }
}
