package dev.dmig.journal;

import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a followed run's following left in the target, from its journal of followed changes ({@link
 * RunLayout#FOLLOW_SEGMENT}), for the verdict that counts copy and following together: {@code added}, the keys following
 * was the first of the run to write that hold its item at the end (an item created and deleted again while following
 * counts in neither); {@code removed}, the keys the copy wrote that following's last write there deleted. The items the
 * run leaves are the copy's written, plus {@code added}, less {@code removed}.
 */
public record FollowedItems(long added, long removed) {
    static final FollowedItems NONE = new FollowedItems(0, 0);

    /** Following's items of {@code models}, read from the run's journal of followed changes of each. */
    public static FollowedItems of(ArtifactStore artifacts, String runId, List<String> models) {
        FollowedItems sum = NONE;
        Journal journal = new Journal(artifacts);
        for (String model : models) {
            List<String> entries = journal.entries(runId, model, RunLayout.FOLLOW_SEGMENT);
            if (!entries.isEmpty()) {
                FollowedItems table = of(journal, entries);
                sum = new FollowedItems(sum.added + table.added, sum.removed + table.removed);
            }
        }
        return sum;
    }

    /** The entries in order: each key's last state (true: an item), and the keys following wrote first. */
    private static FollowedItems of(Journal journal, List<String> entries) {
        Map<String, Boolean> last = new HashMap<>();
        Set<String> first = new HashSet<>();
        try (EntryReader reader = journal.reader(entries)) {
            while (reader.hasNext()) {
                JournalEntry entry = reader.next().entry();
                for (JournalRecord record : entry.records()) {
                    if (!record.action().leftAlone()) {
                        first.add(Journal.keyId(record));
                        last.put(Journal.keyId(record), record.written() != null);
                    }
                }
                entry.laterWrites().forEach(write -> last.put(write.key().toString(), write.written() != null));
            }
        }
        long added = first.stream().filter(last::get).count();
        long removed = last.entrySet().stream().filter(e -> !first.contains(e.getKey()) && !e.getValue()).count();
        return new FollowedItems(added, removed);
    }
}
