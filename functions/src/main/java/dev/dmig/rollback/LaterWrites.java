package dev.dmig.rollback;

import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The states a run left at the keys of one table after its first record of each ({@link JournalEntry#laterWrites}): the
 * hash of each item written again, and {@link #NOTHING} for a delete. Following writes a key as often as the source
 * changes it and journals each write again in the table's followed changes ({@link RunLayout#FOLLOW_SEGMENT}); a copy
 * writes each key once. Read once per table and rollback call, from that unit's entries, so that a key's record in any
 * unit is undone against every state the run left there, in whatever order the units are undone.
 */
final class LaterWrites {
    /** The state of a key the run deleted. */
    static final String NOTHING = "";

    static final LaterWrites NONE = new LaterWrites(Map.of());

    private final Map<Map<String, AttributeValue>, Set<String>> byKey;

    private LaterWrites(Map<Map<String, AttributeValue>, Set<String>> byKey) {
        this.byKey = byKey;
    }

    /** The later writes of {@code model} in run {@code runId}'s journal of followed changes. */
    static LaterWrites of(ArtifactStore artifacts, String runId, String model) {
        Journal journal = new Journal(artifacts);
        List<String> entries = journal.entries(runId, model, RunLayout.FOLLOW_SEGMENT);
        if (entries.isEmpty()) {
            return NONE;
        }
        Map<Map<String, AttributeValue>, Set<String>> byKey = new HashMap<>();
        try (EntryReader reader = journal.reader(entries)) {
            while (reader.hasNext()) {
                add(byKey, reader.next().entry().laterWrites());
            }
        }
        return new LaterWrites(byKey);
    }

    /** These and {@code entry}'s own later writes. */
    LaterWrites with(JournalEntry entry) {
        // An entry of the followed changes adds none: they were read with the rest.
        if (entry.laterWrites().stream().allMatch(w -> at(DynamoJson.item(w.key())).contains(state(w)))) {
            return this;
        }
        Map<Map<String, AttributeValue>, Set<String>> more = new HashMap<>();
        byKey.forEach((key, states) -> more.put(key, new HashSet<>(states)));
        add(more, entry.laterWrites());
        return new LaterWrites(more);
    }

    /** The states the run's later writes left at {@code key}: item hashes, and {@link #NOTHING} for a delete. */
    Set<String> at(Map<String, AttributeValue> key) {
        return byKey.getOrDefault(key, Set.of());
    }

    private static String state(JournalEntry.LaterWrite write) {
        return write.written() == null ? NOTHING : write.written();
    }

    private static void add(Map<Map<String, AttributeValue>, Set<String>> byKey, List<JournalEntry.LaterWrite> writes) {
        for (JournalEntry.LaterWrite write : writes) {
            byKey.computeIfAbsent(DynamoJson.item(write.key()), k -> new HashSet<>()).add(state(write));
        }
    }
}
