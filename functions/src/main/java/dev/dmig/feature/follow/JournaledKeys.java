package dev.dmig.feature.follow;

import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.run.FollowCheckpoint;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemHash;
import dev.dmig.store.DynamoJson;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The target keys of one table that the run's journal already names, copy and following alike, whether the run left
 * each alone, and the states the run left at each: a key's first record is the target as it was before the run, so
 * following journals only keys it touches first, and leaves alone what the copy left alone. A key the copy adopted (an
 * earlier test run's identical item) is the run's own content but not the run's to restore: following journals it, the
 * first time it writes there, over the test run's record ({@code OVERWRITTEN}), which a rollback puts back. A key whose
 * states are known and which holds none of them was changed by production since the run wrote it ({@link #edited}).
 * Beside them, the run's own object at each key of the target's bucket the table's journal says it wrote, the last
 * write's: following tells a file it copies again (changed in place in the source) from someone else's object at the key.
 */
final class JournaledKeys {
    /** The state of a key the run deleted, or found holding nothing. */
    static final String NOTHING = "";

    /** What the journal says of one key: left alone; a test run's record taken over; the states the run left (null: not known). */
    private static final class Key {
        boolean leftAlone;
        /** Left alone as production changed the run's record (not production's own record). */
        boolean edited;
        boolean adopted;
        Set<String> states = new HashSet<>();

        void state(String hash) {
            if (states != null) {
                states.add(hash);
            }
        }
    }

    /** By {@link Journal#keyId}. */
    private final Map<String, Key> keys;
    /** By object key: what the run's last write there made. */
    private final Map<String, ObjectRecord.Written> objects;

    private JournaledKeys(Map<String, Key> keys, Map<String, ObjectRecord.Written> objects) {
        this.keys = keys;
        this.objects = objects;
    }

    /**
     * Every key the run's journal of {@code model} names; reads each of its entries once. An entry of following's at or
     * past the table's checkpoint was journaled by an attempt that stopped before its checkpoint, maybe before its writes
     * (journal first): what its records' keys held before it (nothing, or the pre-image) is a state the run left there too,
     * not production's.
     */
    static JournaledKeys of(ArtifactStore artifacts, String runId, String model) {
        Set<String> adopted = RunFiles.adopted(artifacts, runId, model);
        long unchecked = artifacts.getJson(RunLayout.followCheckpoint(runId, model), FollowCheckpoint.class)
                .map(FollowCheckpoint::nextSeq).orElse(0L);
        Map<String, Key> keys = new HashMap<>();
        Map<String, ObjectRecord.Written> objects = new HashMap<>();
        Journal journal = new Journal(artifacts);
        try (EntryReader reader = journal.reader(journal.entries(runId, model))) {
            while (reader.hasNext()) {
                JournalEntry entry = reader.next().entry();
                boolean followed = entry.segment() == ChangeApplier.SEGMENT;
                // Entries come in segment and sequence order, following's last: a key's last record says where it stands.
                entry.records().forEach(record -> note(keys, record, adopted, followed));
                if (followed && entry.seq() >= unchecked) {
                    entry.records().forEach(record -> noteBefore(keys, record));
                }
                entry.laterWrites().forEach(write -> keys.computeIfAbsent(write.key().toString(), k -> new Key())
                        .state(write.written() == null ? NOTHING : write.written()));
                entry.objects().stream().filter(o -> !o.action().leftAlone() && o.written() != null)
                        .forEach(o -> objects.put(o.key(), o.written()));
            }
        }
        return new JournaledKeys(keys, objects);
    }

    private static void note(Map<String, Key> keys, JournalRecord record, Set<String> adopted, boolean followed) {
        String id = Journal.keyId(record);
        Key key = keys.computeIfAbsent(id, k -> new Key());
        if (record.action() == JournalRecord.Action.SKIPPED && adopted.contains(id)) {
            key.adopted = true;
            key.leftAlone = false;
        } else {
            key.adopted = false;
            key.leftAlone = record.action().leftAlone();
            key.edited = followed && record.action() == JournalRecord.Action.CHANGED;
        }
        if (record.written() != null) {
            key.state(record.written());
        } else if (followed && !record.action().leftAlone()) {
            key.state(NOTHING);
        } else if (!record.action().leftAlone()) {
            // A record of a version that kept no hash: the run's states there cannot be told.
            key.states = null;
        } else if (key.adopted) {
            key.states = null;
        }
    }

    /**
     * Notes what {@code record}'s key held before a write that may not have been carried out: nothing for a record the run
     * creates, its pre-image for one it writes over. Left-alone records wrote nothing.
     */
    private static void noteBefore(Map<String, Key> keys, JournalRecord record) {
        if (record.action() == JournalRecord.Action.CREATED) {
            keys.get(Journal.keyId(record)).state(NOTHING);
        } else if (record.action() == JournalRecord.Action.OVERWRITTEN && record.preImage() != null) {
            keys.get(Journal.keyId(record)).state(ContentDigest.itemHash(DynamoJson.item(record.preImage())));
        }
    }

    /** Whether the run journaled the key as its own write (a test run's record it took over aside). */
    boolean known(String key) {
        Key found = keys.get(key);
        return found != null && !found.adopted && !found.leftAlone;
    }

    /** Whether the key holds a test run's record the run took over and following has not written yet. */
    boolean adopted(String key) {
        Key found = keys.get(key);
        return found != null && found.adopted && !found.leftAlone;
    }

    boolean leftAlone(String key) {
        Key found = keys.get(key);
        return found != null && found.leftAlone;
    }

    /**
     * Whether the run's record at {@code key} (its own, or a test run's it took over) was changed by production since the
     * run left it: the key holds ({@code held}, null for nothing) none of the states the run left there. False where those
     * states are not known.
     */
    boolean edited(String key, Map<String, AttributeValue> held) {
        Key found = keys.get(key);
        return found != null && !found.leftAlone && found.states != null && !found.states.isEmpty()
                && !holds(found.states, held);
    }

    /**
     * Whether {@code key} holds ({@code held}, null for nothing) one of the states the run's journal says it left there:
     * the run's own record, whichever of its writes left it. False where those states are not known.
     */
    boolean holdsOwn(String key, Map<String, AttributeValue> held) {
        Key found = keys.get(key);
        return found != null && !found.leftAlone && found.states != null
                && holds(found.states, held);
    }

    /** Whether {@code held} (null: nothing) is one of {@code states}, each hash compared by its own kind. */
    private static boolean holds(Set<String> states, Map<String, AttributeValue> held) {
        return held == null ? states.contains(NOTHING) : ItemHash.of(held).in(states);
    }

    /** Notes a write of the run at {@code key} leaving {@code hash} ({@link #NOTHING} for a delete): the key is the run's. */
    void wrote(String key, String hash) {
        Key found = keys.computeIfAbsent(key, k -> new Key());
        found.adopted = false;
        found.leftAlone = false;
        found.state(hash);
    }

    /** Notes that the run leaves {@code key} alone from now on: the target holds a record there the run did not write. */
    void leaveAlone(String key) {
        keys.computeIfAbsent(key, k -> new Key()).leftAlone = true;
    }

    /** Notes that the run leaves {@code key} alone from now on as production changed the run's record there. */
    void leaveEdited(String key) {
        Key found = keys.computeIfAbsent(key, k -> new Key());
        found.leftAlone = true;
        found.edited = true;
    }

    /** Whether the key was left alone as production changed the run's record there (else: production's own record). */
    boolean leftEdited(String key) {
        Key found = keys.get(key);
        return found != null && found.leftAlone && found.edited;
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
