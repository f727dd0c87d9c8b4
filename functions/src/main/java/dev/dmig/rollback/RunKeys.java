package dev.dmig.rollback;

import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemHash;
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
public final class RunKeys {
    /** By model, by key: the states the run left there; an empty set where the journal does not say. */
    private final Map<String, Map<String, Set<String>>> created;
    /** By model, by key the run wrote over: what the rollback puts back there (DynamoDB JSON), and the run's states. */
    private final Map<String, Map<String, Overwritten>> overwritten;

    /** A key the run wrote over: its pre-image, and the states the run left there. */
    record Overwritten(com.fasterxml.jackson.databind.JsonNode preImage, Set<String> states) {}

    /** By model: every key the journal's records name. */
    private final Map<String, Set<String>> journaledKeys;
    /** By model: the keys whose record was there before the run and is again after its rollback, as it was (the copy's conflicts left alone). */
    private final Map<String, Set<String>> before;

    private RunKeys(Map<String, Map<String, Set<String>>> created, Map<String, Map<String, Overwritten>> overwritten,
                    Map<String, Set<String>> before, Map<String, Set<String>> journaledKeys) {
        this.created = created;
        this.overwritten = overwritten;
        this.before = before;
        this.journaledKeys = journaledKeys;
    }

    static RunKeys of(ArtifactStore artifacts, String runId) {
        Journal journal = new Journal(artifacts);
        Map<String, Map<String, Set<String>>> created = new HashMap<>();
        Map<String, Map<String, Overwritten>> overwritten = new HashMap<>();
        Map<String, Set<String>> before = new HashMap<>();
        Map<String, Set<String>> journaledKeys = new HashMap<>();
        for (String model : artifacts.children(dev.dmig.run.RunLayout.journal(runId))) {
            Set<String> there = new HashSet<>();
            Set<String> named = new HashSet<>();
            journaledKeys.put(model, named);
            Map<String, Set<String>> keys = new HashMap<>();
            Map<String, Overwritten> over = new HashMap<>();
            Map<String, Set<String>> later = new HashMap<>();
            try (EntryReader reader = journal.reader(journal.entries(runId, model))) {
                while (reader.hasNext()) {
                    JournalEntry entry = reader.next().entry();
                    for (JournalRecord record : entry.records()) {
                        named.add(Journal.keyId(record));
                        if (record.action() == JournalRecord.Action.CREATED) {
                            Set<String> states = keys.computeIfAbsent(Journal.keyId(record), k -> new HashSet<>());
                            states.add(record.written() == null ? LaterWrites.NOTHING : record.written());
                        } else if (record.action() == JournalRecord.Action.SKIPPED
                                && entry.segment() != dev.dmig.run.RunLayout.FOLLOW_SEGMENT) {
                            // Found by the copy, as it was before the run: what it points to was so before the run too.
                            there.add(Journal.keyId(record));
                        } else if (record.action() == JournalRecord.Action.OVERWRITTEN && record.preImage() != null) {
                            Overwritten was = over.computeIfAbsent(Journal.keyId(record),
                                    k -> new Overwritten(record.preImage(), new HashSet<>()));
                            if (record.written() != null) {
                                was.states().add(record.written());
                            }
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
                Overwritten was = over.get(key);
                if (was != null) {
                    was.states().addAll(states);
                }
            });
            if (!keys.isEmpty()) {
                created.put(model, keys);
            }
            if (!over.isEmpty()) {
                overwritten.put(model, over);
            }
            if (!there.isEmpty()) {
                before.put(model, there);
            }
        }
        return new RunKeys(created, overwritten, before, journaledKeys);
    }

    /**
     * Whether {@code model}'s record at {@code key}, holding {@code item}, is once the rollback is done what it was before
     * the run: a record the copy found there and left alone, or one it wrote over (or journaled to) that holds what the run
     * left (its pre-image goes back) or that pre-image still. What such a record points to it pointed to before the run, kept or not by the run.
     */
    boolean asBeforeTheRun(String model, String key, Map<String, AttributeValue> item) {
        if (before.getOrDefault(model, Set.of()).contains(key)) {
            return true;
        }
        Overwritten was = overwritten.getOrDefault(model, Map.of()).get(key);
        if (was == null) {
            return false;
        }
        // Holding what the run left (its pre-image goes back), or the pre-image itself (the run's write never landed).
        ItemHash held = ItemHash.of(item);
        return was.states().isEmpty() || held.in(was.states())
                || held.text().equals(ContentDigest.itemHash(dev.dmig.store.DynamoJson.item(was.preImage())));
    }


    /** The models the run created records in. */
    Set<String> models() {
        return created.keySet();
    }

    /** Whether the run's journal names {@code key} of {@code model}'s table at all (the run wrote there, or met a record). */
    boolean journaled(String model, String key) {
        return journaledKeys.getOrDefault(model, Set.of()).contains(key);
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
        return ItemHash.of(item).in(states) || states.equals(Set.of(LaterWrites.NOTHING));
    }
}
