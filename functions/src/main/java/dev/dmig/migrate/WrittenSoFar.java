package dev.dmig.migrate;

import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.Reads;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a run stopped part-way has written, from its checkpoints and its journal: {@code checkpointed}, the items of the
 * pages its checkpoints have passed; {@code underWay}, the items the journal names for writing in the pages past them,
 * which the run may or may not have written when it stopped (each page is journaled before its writes, checkpointed
 * after them). A resume finishes those pages; a rollback undoes whatever of them was written.
 */
public record WrittenSoFar(long checkpointed, long underWay) {

    /** The run's counts, reading the journal entries past each segment's checkpoint (a few per segment). */
    public static WrittenSoFar of(ArtifactStore artifacts, String runId) {
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
        long underWay = Reads.all(past, journal::read).stream().flatMap(Optional::stream).mapToLong(WrittenSoFar::writes).sum();
        return new WrittenSoFar(checkpointed, underWay);
    }

    /** The items an entry's page puts in the target: those it creates or overwrites, not those it leaves alone. */
    private static long writes(JournalEntry entry) {
        return entry.records().stream().filter(r -> r.action() == JournalRecord.Action.CREATED
                || r.action() == JournalRecord.Action.OVERWRITTEN).count();
    }

    /**
     * For people: {@code 20 items written, each journaled first}, or with pages under way, {@code 20 items written and
     * checkpointed, and up to 25 more in the pages under way when it stopped, each journaled first}.
     */
    public String describe() {
        if (checkpointed == 0 && underWay == 0) {
            return "nothing was written yet";
        }
        String written = count(checkpointed) + (checkpointed == 1 ? " item" : " items") + " written";
        return underWay == 0 ? written + ", each journaled first"
                : written + " and checkpointed, and up to " + count(underWay) + " more in the pages under way when it stopped, each"
                + " journaled first";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
