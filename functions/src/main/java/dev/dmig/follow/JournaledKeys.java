package dev.dmig.follow;

import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.run.RunFiles;
import dev.dmig.store.ArtifactStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The target keys of one table that the run's journal already names, copy and following alike, and whether the run
 * left each alone: a key's first record is the target as it was before the run, so following journals only keys it
 * touches first, and leaves alone what the copy left alone. A key the copy adopted (an earlier test run's identical
 * item) is not the run's to restore: following journals it as any other key it touches first. Beside them, the run's
 * own object at each key of the target's bucket the table's journal says it wrote, the last write's: following tells a
 * file it copies again (changed in place in the source) from someone else's object at the key.
 */
final class JournaledKeys {
    /** By {@link Journal#keyId}: whether the run left the key alone. */
    private final Map<String, Boolean> keys;
    /** By object key: what the run's last write there made. */
    private final Map<String, ObjectRecord.Written> objects;

    private JournaledKeys(Map<String, Boolean> keys, Map<String, ObjectRecord.Written> objects) {
        this.keys = keys;
        this.objects = objects;
    }

    /** Every key the run's journal of {@code model} names; reads each of its entries once. */
    static JournaledKeys of(ArtifactStore artifacts, String runId, String model) {
        Set<String> adopted = RunFiles.adopted(artifacts, runId, model);
        Map<String, Boolean> keys = new HashMap<>();
        Map<String, ObjectRecord.Written> objects = new HashMap<>();
        Journal journal = new Journal(artifacts);
        try (EntryReader reader = journal.reader(journal.entries(runId, model))) {
            while (reader.hasNext()) {
                JournalEntry entry = reader.next().entry();
                for (JournalRecord record : entry.records()) {
                    String key = Journal.keyId(record);
                    if (record.action() != JournalRecord.Action.SKIPPED || !adopted.contains(key)) {
                        keys.putIfAbsent(key, record.action().leftAlone());
                    }
                }
                // Entries come in segment and sequence order, following's last: a later write at a key is the run's last.
                entry.objects().stream().filter(o -> !o.action().leftAlone() && o.written() != null)
                        .forEach(o -> objects.put(o.key(), o.written()));
            }
        }
        return new JournaledKeys(keys, objects);
    }

    boolean known(String key) {
        return keys.containsKey(key);
    }

    boolean leftAlone(String key) {
        return Boolean.TRUE.equals(keys.get(key));
    }

    void add(String key) {
        keys.putIfAbsent(key, Boolean.FALSE);
    }

    /** Notes that the run leaves {@code key} alone from now on: the target holds a record there the run did not write. */
    void leaveAlone(String key) {
        keys.put(key, Boolean.TRUE);
    }

    /** The run's own object at {@code key} of the target's bucket, its last write's; null where it wrote none. */
    ObjectRecord.Written object(String key) {
        return objects.get(key);
    }

    /** Notes what a batch's object writes made, by key: the run's last objects there. */
    void wrote(Map<String, ObjectRecord.Written> made) {
        objects.putAll(made);
    }
}
