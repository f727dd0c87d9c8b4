package dev.dmig.rollback;

import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The keys a run created in each of its target tables, from its journal (copy and following alike, as {@link
 * Journal#keyId} writes them), each with the states the run left there: the hash its record says it wrote and those
 * of its later writes ({@link LaterWrites#NOTHING} for a delete). A rollback deletes such a key only while it holds one
 * of those states; what it holds otherwise (production's edit since) is left, and so is what anything left points to
 * ({@link KeptRecords}). A record that does not say what the run wrote is taken for the run's, as {@link ItemUndo} takes it.
 * Read once per rollback execution, before anything is undone; it holds a key per item the run created.
 */
final class RunKeys {
    /** By model, by key: the states the run left there; an empty set where the journal does not say. */
    private final Map<String, Map<String, Set<String>>> created;

    private RunKeys(Map<String, Map<String, Set<String>>> created) {
        this.created = created;
    }

    static RunKeys of(ArtifactStore artifacts, String runId) {
        Journal journal = new Journal(artifacts);
        Map<String, Map<String, Set<String>>> created = new HashMap<>();
        for (String model : artifacts.children(dev.dmig.run.RunLayout.journal(runId))) {
            Map<String, Set<String>> keys = new HashMap<>();
            Map<String, Set<String>> later = new HashMap<>();
            try (EntryReader reader = journal.reader(journal.entries(runId, model))) {
                while (reader.hasNext()) {
                    JournalEntry entry = reader.next().entry();
                    for (JournalRecord record : entry.records()) {
                        if (record.action() == JournalRecord.Action.CREATED) {
                            Set<String> states = keys.computeIfAbsent(Journal.keyId(record), k -> new HashSet<>());
                            states.add(record.written() == null ? LaterWrites.NOTHING : record.written());
                        }
                    }
                    entry.laterWrites().forEach(write -> later.computeIfAbsent(write.key().toString(), k -> new HashSet<>())
                            .add(write.written() == null ? LaterWrites.NOTHING : write.written()));
                }
            }
            later.forEach((key, states) -> {
                Set<String> own = keys.get(key);
                if (own != null) {
                    own.addAll(states);
                }
            });
            if (!keys.isEmpty()) {
                created.put(model, keys);
            }
        }
        return new RunKeys(created);
    }

    /** The models the run created records in. */
    Set<String> models() {
        return created.keySet();
    }

    /** Whether the run created any record in {@code model}'s table. */
    boolean created(String model) {
        return created.containsKey(model);
    }

    /** Whether the run created {@code key} in {@code model}'s table. */
    boolean created(String model, String key) {
        return created.getOrDefault(model, Map.of()).containsKey(key);
    }

    /**
     * Whether {@code item}, at a key the run created, is what the run left there, which a rollback deletes: one of the
     * run's states (a record of a version that kept no hash: taken for the run's).
     */
    boolean holdsRunState(String model, String key, Map<String, AttributeValue> item) {
        Set<String> states = created.getOrDefault(model, Map.of()).get(key);
        if (states == null) {
            return false;
        }
        return states.contains(ContentDigest.itemHash(item)) || states.equals(Set.of(LaterWrites.NOTHING));
    }
}
