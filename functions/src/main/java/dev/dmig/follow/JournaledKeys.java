package dev.dmig.follow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The target keys of one table that the run's journal already names, copy and following alike, and whether the run
 * left each alone: a key's first record is the target as it was before the run, so following journals only keys it
 * touches first, and leaves alone what the copy left alone. A key the copy adopted (an earlier test run's identical
 * item) is not the run's to restore: following journals it as any other key it touches first.
 */
final class JournaledKeys {
    /** By {@link Journal#keyId}: whether the run left the key alone. */
    private final Map<String, Boolean> keys;

    private JournaledKeys(Map<String, Boolean> keys) {
        this.keys = keys;
    }

    /** Every key the run's journal of {@code model} names; reads each of its entries once. */
    static JournaledKeys of(ArtifactStore artifacts, String runId, String model) {
        Set<String> adopted = new HashSet<>();
        artifacts.getJson(RunLayout.adopted(runId, model), JsonNode.class)
                .ifPresent(list -> list.forEach(key -> adopted.add(key.toString())));
        Map<String, Boolean> keys = new HashMap<>();
        Journal journal = new Journal(artifacts);
        try (EntryReader reader = journal.reader(journal.entries(runId, model))) {
            while (reader.hasNext()) {
                for (JournalRecord record : reader.next().entry().records()) {
                    String key = Journal.keyId(record);
                    if (record.action() != JournalRecord.Action.SKIPPED || !adopted.contains(key)) {
                        keys.putIfAbsent(key, record.action().leftAlone());
                    }
                }
            }
        }
        return new JournaledKeys(keys);
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
}
