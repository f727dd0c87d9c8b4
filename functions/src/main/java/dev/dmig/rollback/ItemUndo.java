package dev.dmig.rollback;

import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.run.RunLayout;
import dev.dmig.store.Backoff;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemHash;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.GuardedWrite;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
import dev.dmig.store.TableInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Undoes a journal entry's items, touching a key only while it holds a state the run left there: the item its record
 * says it wrote ({@link JournalRecord#written}), or one a later write of the run left ({@link LaterWrites}; nothing, for a
 * later delete). Each key is read consistently and hashed ({@link ContentDigest#itemHash}, numbers by their value, as
 * DynamoDB keeps them); a key the run created is deleted, and a key it wrote over gets its pre-image back, each by a
 * write guarded by exactly what was read ({@link GuardedWrite}), so that an edit landing between the read and the write is
 * not lost either. A key holding anything else (production edited the record, or deleted it, since the run) is left as
 * it is and named.
 *
 * <p>A record without {@code written} (journaled by a version that kept it only for conditional puts, or by following
 * before it kept it) cannot tell the run's item from an edit by its content. It is taken for the run's own unless the
 * item carries a change stamp later than the run's start ({@code _lastChangedAt}, {@code updatedAt}, which Amplify's
 * resolvers and DataStore set on every write; the run's own DataStore rows carry its start); a record written over and
 * since deleted is left deleted. The rollback of a refresh takes every state at such a key for the run's, edits since
 * included: the refresh's run writes the same keys again. Idempotent: an undone key holds nothing, or the pre-image, and is counted again as such.
 * Keys a batch left unwritten (its calls gave up: the SDK's retries of a failing store, or a table refusing writes for the
 * throttling patience) are read and tried once more, after a pause, before they are named as not restored.
 */
final class ItemUndo {
    /** Rounds after the first that keys a batch left unwritten (its calls gave up on a failing or throttled store) get. */
    static final int AGAIN = 1;
    /** The backoff before another round starts as that of this many refusals in a row (a few hundred milliseconds). */
    private static final int AGAIN_BACKOFF_FROM = 4;

    private final ItemStore target;
    private final BatchWriter writer;
    private final Sleeper sleeper;
    /** When the run began: a stamp later than it is a change since the run, for a record without {@code written}. */
    private final Instant runStart;
    /** Whether every state at a key the run wrote is the run's, edits since included: the rollback of a refresh. */
    private final boolean replacing;

    ItemUndo(ItemStore target, BatchWriter writer, Sleeper sleeper, Instant runStart) {
        this(target, writer, sleeper, runStart, false);
    }

    /** {@code replacing}: the rollback of a refresh, which undoes the run's records changed since too. */
    ItemUndo(ItemStore target, BatchWriter writer, Sleeper sleeper, Instant runStart, boolean replacing) {
        this.target = target;
        this.writer = writer;
        this.sleeper = sleeper;
        this.runStart = runStart;
        this.replacing = replacing;
    }

    /**
     * What undoing an entry's items did: items the run created that were deleted, records it wrote over that were put
     * back (or held their pre-image already), keys it created that held nothing, records it left alone; and the keys
     * ({@code table key}) it could not write, and why the first of them could not ({@code failedBecause}, one line; null when
     * it wrote them all), and those it left because production changed them since; and the records it kept because a
     * record left in the target points to them ({@code table key: why}).
     */
    record Undone(long deleted, long restored, Absent absent, long skipped, List<String> failed, List<String> left,
                  String failedBecause, List<String> kept) {}

    /**
     * The keys the run created that held nothing, by why: its following deleted them ({@code byFollowing}: its last write
     * there a delete), it stopped between journaling and writing them ({@code unwritten}: journaled past what landed), or
     * something else deleted them since ({@code since}: production).
     */
    record Absent(long byFollowing, long unwritten, long since) {
        static final Absent NONE = new Absent(0, 0, 0);

        long total() {
            return byFollowing + unwritten + since;
        }

        Absent plus(Absent other) {
            return new Absent(byFollowing + other.byFollowing, unwritten + other.unwritten, since + other.since);
        }
    }

    /** What is done at one key. */
    private enum Step { ABSENT, ALREADY, LEFT, UNDO }

    /** {@code landed}: whether the entry's writes landed (it is below the unit's checkpoint), so an empty key was deleted since. */
    Undone undo(JournalEntry entry, TableInfo table, LaterWrites later, boolean landed, KeptRecords kept) {
        Tally tally = new Tally(entry.records().stream().filter(r -> r.action().leftAlone()).count());
        List<JournalRecord> writes = new ArrayList<>();
        for (JournalRecord record : entry.records()) {
            String why = record.action() == JournalRecord.Action.CREATED ? kept.why(entry.model(), Journal.keyId(record)) : null;
            if (why != null) {
                // A record left in the target points to it: deleted, it would leave that reference dangling.
                tally.kept.add(table.name() + " " + ItemKeys.describe(DynamoJson.item(record.key())) + ": " + why);
            } else if (!record.action().leftAlone()) {
                writes.add(record);
            }
        }
        LaterWrites states = later.with(entry);
        List<JournalRecord> pending = writes;
        for (int round = 0; !pending.isEmpty(); round++) {
            pending = undo(pending, entry, table, states, landed, tally, round);
            if (!pending.isEmpty()) {
                Backoff.sleep(round + AGAIN_BACKOFF_FROM, sleeper);
            }
        }
        return tally.undone();
    }

    /**
     * One round over {@code records}: each key read, and undone by a guarded write where it holds the run's state. Returns
     * the records whose write a batch that gave up left unwritten, to be tried again; in round {@link #AGAIN}, the last, they
     * are named failed instead. In a round after the first, a key now holding nothing (the run created it) was deleted by the
     * round before's write, whose answer was lost.
     */
    private List<JournalRecord> undo(List<JournalRecord> records, JournalEntry entry, TableInfo table, LaterWrites states,
                                     boolean landed, Tally tally, int round) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> held = held(table, records);
        List<GuardedWrite> sending = new ArrayList<>();
        Map<WriteRequest, JournalRecord> undoing = new IdentityHashMap<>();
        for (JournalRecord record : records) {
            Map<String, AttributeValue> key = DynamoJson.item(record.key());
            Map<String, AttributeValue> there = held.get(key);
            switch (step(record, there, states.at(key))) {
                case ABSENT -> {
                    if (round > 0) {
                        tally.deleted++;
                    } else {
                        tally.absent[why(entry, record, states.at(key), landed)]++;
                    }
                }
                case ALREADY -> tally.restored++;
                case LEFT -> tally.left.add(table.name() + " " + ItemKeys.describe(key));
                case UNDO -> {
                    GuardedWrite write = undoing(record, key, there, table);
                    sending.add(write);
                    undoing.put(write.request(), record);
                }
            }
        }
        BatchWriter.Each sent = writer.writeGuardedEach(table.name(), sending);
        Set<WriteRequest> notDone = Collections.newSetFromMap(new IdentityHashMap<>());
        notDone.addAll(sent.unwritten());
        for (BatchWriter.Found found : sent.found()) {
            // Changed between the read and the write: left as production changed it.
            notDone.add(found.put());
            tally.left.add(table.name() + " " + ItemKeys.describe(keyOf(found.put(), table)));
        }
        tally.deleted += sending.stream().filter(w -> w.request().deleteRequest() != null && !notDone.contains(w.request())).count();
        tally.restored += sending.stream().filter(w -> w.request().putRequest() != null && !notDone.contains(w.request())).count();
        if (sent.unwritten().isEmpty()) {
            return List.of();
        }
        if (round < AGAIN) {
            return sent.unwritten().stream().map(undoing::get).toList();
        }
        sent.unwritten().forEach(request -> tally.failed.add(table.name() + " " + ItemKeys.describe(keyOf(request, table))));
        tally.failedBecause = RollbackPart.cause(sent.failure());
        return List.of();
    }

    /** What the rounds over an entry's records did, added up. */
    private static final class Tally {
        final long skipped;
        long deleted;
        long restored;
        final long[] absent = new long[3];
        final List<String> failed = new ArrayList<>();
        final List<String> left = new ArrayList<>();
        final List<String> kept = new ArrayList<>();
        String failedBecause;

        Tally(long skipped) {
            this.skipped = skipped;
        }

        Undone undone() {
            return new Undone(deleted, restored, new Absent(absent[0], absent[1], absent[2]), skipped, failed, left, failedBecause,
                    kept);
        }
    }

    /**
     * Why a key the run created holds nothing, as {@link Absent}'s place: 0, its following's last write there deleted it (a
     * later delete, or a first write that was one); 1, its entry's writes may not have landed; 2, deleted since.
     */
    private static int why(JournalEntry entry, JournalRecord record, Set<String> later, boolean landed) {
        boolean followingDeleted = entry.segment() == RunLayout.FOLLOW_SEGMENT && record.written() == null;
        if (followingDeleted || later.contains(LaterWrites.NOTHING)) {
            return 0;
        }
        return landed ? 2 : 1;
    }

    /** What the keys of {@code records} hold, read consistently, by key. */
    private Map<Map<String, AttributeValue>, Map<String, AttributeValue>> held(TableInfo table, List<JournalRecord> records) {
        Set<Map<String, AttributeValue>> keys = new HashSet<>();
        records.forEach(record -> keys.add(DynamoJson.item(record.key())));
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> held = new HashMap<>();
        if (!keys.isEmpty()) {
            target.getAll(table.name(), keys, true).forEach(item -> held.put(table.keyOf(item), item));
        }
        return held;
    }

    /** What is done at {@code record}'s key, holding {@code there} (null: nothing), the run's later writes there being {@code later}. */
    private Step step(JournalRecord record, Map<String, AttributeValue> there, Set<String> later) {
        if (record.action() == JournalRecord.Action.CREATED) {
            if (there == null) {
                return Step.ABSENT;
            }
            return runs(record, there, later) ? Step.UNDO : Step.LEFT;
        }
        String before = ContentDigest.itemHash(DynamoJson.item(record.preImage()));
        if (there != null && ContentDigest.itemHash(there).equals(before)) {
            return Step.ALREADY;
        }
        return runs(record, there, later) ? Step.UNDO : Step.LEFT;
    }

    /** Whether {@code there} (null: nothing) is a state the run left at the record's key. */
    private boolean runs(JournalRecord record, Map<String, AttributeValue> there, Set<String> later) {
        if (replacing) {
            // A refresh replaces the run's copies, edited since or not: the next run writes the same keys again.
            return true;
        }
        ItemHash held = there == null ? null : ItemHash.of(there);
        if (held == null ? later.contains(LaterWrites.NOTHING) : held.is(record.written()) || held.in(later)) {
            return true;
        }
        // A record that does not say what the run wrote: the run's, unless stamped as changed since the run began.
        return record.written() == null && there != null && !changedSince(there);
    }

    /** Whether the item carries a change stamp later than the run's start. */
    private boolean changedSince(Map<String, AttributeValue> item) {
        return stampedSince(item, runStart);
    }

    /**
     * Whether {@code item} carries a change stamp ({@code _lastChangedAt}, {@code updatedAt}, which Amplify's resolvers and
     * DataStore set on every write) later than {@code start}.
     */
    static boolean stampedSince(Map<String, AttributeValue> item, Instant start) {
        AttributeValue changed = item.get("_lastChangedAt");
        if (changed != null && changed.n() != null && later(changed.n(), start)) {
            return true;
        }
        AttributeValue updated = item.get("updatedAt");
        return updated != null && updated.s() != null && stamp(updated.s()).filter(at -> at.isAfter(start)).isPresent();
    }

    /** Whether {@code item} carries a change stamp at all, which {@link #stampedSince} can tell the time of a write by. */
    static boolean stamped(Map<String, AttributeValue> item) {
        AttributeValue changed = item.get("_lastChangedAt");
        AttributeValue updated = item.get("updatedAt");
        return (changed != null && changed.n() != null) || (updated != null && updated.s() != null && stamp(updated.s()).isPresent());
    }

    private static boolean later(String millis, Instant start) {
        try {
            return new BigDecimal(millis).compareTo(BigDecimal.valueOf(start.toEpochMilli())) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An AWSDateTime ({@code 2026-11-27T02:16:42.123Z}, or with an offset); empty for other text. */
    private static Optional<Instant> stamp(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The guarded write that undoes the run's write at {@code key}, which holds {@code there} (null: nothing). */
    private static GuardedWrite undoing(JournalRecord record, Map<String, AttributeValue> key, Map<String, AttributeValue> there,
                                        TableInfo table) {
        WriteRequest request = record.action() == JournalRecord.Action.CREATED
                ? WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build()
                : WriteRequest.builder().putRequest(PutRequest.builder().item(DynamoJson.item(record.preImage())).build()).build();
        return GuardedWrite.ifStill(request, table.hashKey().name(), there);
    }

    private static Map<String, AttributeValue> keyOf(WriteRequest request, TableInfo table) {
        return request.deleteRequest() != null ? request.deleteRequest().key() : table.keyOf(request.putRequest().item());
    }
}
