package dev.dmig.migrate;

import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemHash;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Reads;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a run stopped part-way has written: {@code checkpointed}, the items of the pages its checkpoints have passed;
 * {@code landed}, those of the pages past them (journaled before their writes, not yet checkpointed) that are in the
 * target as the run wrote them, read there. Once the run's tasks have handed back, the sum is what the run put in the
 * target. A resume finishes those pages; a rollback undoes whatever of them was written.
 */
public record WrittenSoFar(long checkpointed, long landed) {

    /**
     * The run's counts: each segment's checkpoint, then the journal entries past it (a few per segment) and the target's
     * items at their keys, compared with what the run wrote there.
     */
    public static WrittenSoFar of(ArtifactStore artifacts, ItemStore home, String runId) {
        Map<String, Long> nextSeq = new HashMap<>();
        long checkpointed = 0;
        for (Checkpoint c : Checkpoint.all(artifacts, runId)) {
            checkpointed += c.itemsWritten();
            nextSeq.put(RunLayout.journal(runId, c.model(), c.segment()), c.nextSeq());
        }
        Journal journal = new Journal(artifacts);
        List<String> past = journal.entries(runId).stream()
                .filter(key -> RunLayout.journalSeq(key) >= nextSeq.getOrDefault(key.substring(0, key.lastIndexOf('/') + 1), 0L))
                .toList();
        List<JournalEntry> underWay = Reads.all(past, journal::read).stream().flatMap(Optional::stream).toList();
        if (underWay.isEmpty()) {
            return new WrittenSoFar(checkpointed, 0);
        }
        ItemStore items = home.across(RunFiles.plan(artifacts, runId).sides());
        return new WrittenSoFar(checkpointed, underWay.stream().mapToLong(entry -> landed(items, entry)).sum());
    }

    /** The records of a page under way whose write is in the target: what it created or overwrote, as it wrote it. */
    private static long landed(ItemStore items, JournalEntry entry) {
        List<JournalRecord> writes = entry.records().stream().filter(r -> r.action() == JournalRecord.Action.CREATED
                || r.action() == JournalRecord.Action.OVERWRITTEN).toList();
        if (writes.isEmpty()) {
            return 0;
        }
        List<Map<String, AttributeValue>> keys = writes.stream().map(r -> DynamoJson.item(r.key())).toList();
        Set<String> keyNames = keys.get(0).keySet();
        Map<Map<String, AttributeValue>, ItemHash> found = new HashMap<>();
        for (Map<String, AttributeValue> item : items.getAll(entry.targetTable(), keys, true)) {
            Map<String, AttributeValue> key = new HashMap<>(item);
            key.keySet().retainAll(keyNames);
            found.put(key, ItemHash.of(item));
        }
        return writes.stream().filter(r -> landed(r, found.get(DynamoJson.item(r.key())))).count();
    }

    /**
     * Whether the target holds the record's write, {@code there} being the item at its key (null: none): an
     * item the run created (the one it wrote, when the journal knows its hash), or an overwritten item no longer as it was.
     */
    private static boolean landed(JournalRecord record, ItemHash there) {
        if (there == null) {
            return false;
        }
        if (record.action() == JournalRecord.Action.OVERWRITTEN) {
            return !there.text().equals(ContentDigest.itemHash(DynamoJson.item(record.preImage())));
        }
        return record.written() == null || there.is(record.written());
    }

    /** For people: {@code 20 items written, each journaled first}. */
    public String describe() {
        long written = checkpointed + landed;
        if (written == 0) {
            return "nothing was written yet";
        }
        return count(written) + (written == 1 ? " item" : " items") + " written, each journaled first";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
