package dev.dmig.follow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.GuardedWrite;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * How a batch of followed changes is journaled and written at its keys, as the copy writes a page: a key the run already
 * journaled (the copy's, or following's) is the run's, and its write is journaled as a later write with the hash of what
 * it leaves ({@link JournalEntry.LaterWrite}); a key the run never wrote that holds nothing is journaled {@code CREATED};
 * a key the run never wrote that holds a record (production's own) is a conflict, decided by the table's {@code
 * onConflict}: {@code abort} stops following ({@link FollowConflictException}), {@code skip} leaves the record as it is
 * and counts it (journaled {@code SKIPPED}: every later change at the key is left alone too), {@code overwrite} journals
 * its pre-image and writes over it. Every write is guarded by what its key held when read (nothing, or that item), so a
 * record production writes between the read and the write is never overwritten either: it is decided by {@code
 * onConflict} as one held at read time. A key the run left alone is left alone.
 */
final class FollowedWrites {
    /** Rounds of writes over records production keeps changing under {@code overwrite}, before following gives up. */
    static final int OVERWRITE_ROUNDS = 3;

    private final String runId;
    private final String model;
    private final TableInfo target;
    private final ConflictPolicy onConflict;
    private final BatchWriter writer;
    private final Journal journal;
    private final JournaledKeys keys;

    @SuppressWarnings("checkstyle:ParameterNumber") // what one table's batches share, each given once per call
    FollowedWrites(String runId, String model, TableInfo target, ConflictPolicy onConflict, BatchWriter writer, Journal journal,
                   JournaledKeys keys) {
        this.runId = runId;
        this.model = model;
        this.target = target;
        this.onConflict = onConflict;
        this.writer = writer;
        this.journal = journal;
        this.keys = keys;
    }

    /**
     * What a batch does at its keys: the writes it makes, each with what its key held when read ({@code expected}, null
     * for nothing); the journal records of the keys it is the first of the run to touch; the later writes of keys the run
     * journaled before; and the writes it leaves at records the run did not write ({@code skipped}, under {@code skip}).
     */
    record Batch(Map<String, ChangeApplier.Write> written, Map<String, Map<String, AttributeValue>> expected,
                 List<JournalRecord> records, List<JournalEntry.LaterWrite> later, long skipped) {
        boolean journals() {
            return !records.isEmpty() || !later.isEmpty();
        }
    }

    /**
     * What the batch does at each of {@code writes}' keys, given what the target held there when read ({@code there}, read
     * consistently; a key holding nothing maps to null). Under {@code abort}, a key holding a record the run did not write
     * fails following here, before anything of the batch is journaled or written.
     */
    Batch batch(Map<String, ChangeApplier.Write> writes, Map<String, Map<String, AttributeValue>> there) {
        Map<String, ChangeApplier.Write> written = new LinkedHashMap<>();
        Map<String, Map<String, AttributeValue>> expected = new HashMap<>();
        List<JournalRecord> records = new ArrayList<>();
        List<JournalEntry.LaterWrite> later = new ArrayList<>();
        long skipped = 0;
        for (Map.Entry<String, ChangeApplier.Write> entry : writes.entrySet()) {
            String id = entry.getKey();
            ChangeApplier.Write write = entry.getValue();
            Map<String, AttributeValue> held = there.get(id);
            if (keys.leftAlone(id)) {
                continue;
            }
            if (keys.known(id)) {
                later.add(new JournalEntry.LaterWrite(write.key(), hash(write.item())));
            } else if (held == null) {
                records.add(new JournalRecord(JournalRecord.Action.CREATED, write.key(), write.sourceId(), null, hash(write.item())));
            } else if (onConflict == ConflictPolicy.SKIP) {
                records.add(new JournalRecord(JournalRecord.Action.SKIPPED, write.key(), write.sourceId(), null));
                skipped++;
                continue;
            } else if (onConflict == ConflictPolicy.OVERWRITE) {
                records.add(new JournalRecord(JournalRecord.Action.OVERWRITTEN, write.key(), write.sourceId(),
                        DynamoJson.item(held), hash(write.item())));
            } else {
                throw conflict(write.key(), "");
            }
            written.put(id, write);
            expected.put(id, held);
        }
        return new Batch(written, expected, records, later, skipped);
    }

    /**
     * Journals the batch as entry {@code seq} with its objects' records, before any of it is written, and notes the keys
     * it records; returns whether it wrote an entry. An earlier attempt of the batch, interrupted before its checkpoint,
     * may have stored records there: they win.
     */
    boolean journal(Batch batch, List<ObjectRecord> objects, long seq) {
        if (!batch.journals() && objects.isEmpty()) {
            return false;
        }
        journal.write(new JournalEntry(runId, model, target.name(), ChangeApplier.SEGMENT, seq, "follow", batch.records(), objects,
                batch.later()), true);
        for (JournalRecord record : batch.records()) {
            if (record.action().leftAlone()) {
                keys.leaveAlone(Journal.keyId(record));
            } else {
                keys.add(Journal.keyId(record));
            }
        }
        return true;
    }

    /**
     * Writes the batch (journaled as entry {@code seq}), each write carried out only while its key holds what it held when
     * read. A key found holding something else is decided by {@code onConflict}: {@code abort} fails following, naming it;
     * {@code skip} leaves it and counts it; {@code overwrite} journals what it holds as its pre-image and writes again over
     * it. Returns how many writes it left at records written since the read ({@code skip}).
     */
    long write(Batch batch, long seq) {
        Map<String, ChangeApplier.Write> pending = batch.written();
        Map<String, Map<String, AttributeValue>> expected = batch.expected();
        for (int round = 1; !pending.isEmpty(); round++) {
            Sent sent = send(pending, expected);
            if (sent.failure() != null || onConflict != ConflictPolicy.OVERWRITE || round == OVERWRITE_ROUNDS) {
                // A key first journaled by this batch that holds production's record now: a rollback leaves it as it is.
                late(sent.found(), seq);
                if (sent.failure() != null) {
                    throw sent.failure();
                }
                if (!sent.found().isEmpty() && onConflict != ConflictPolicy.SKIP) {
                    String first = sent.found().keySet().iterator().next();
                    throw conflict(pending.get(first).key(), onConflict == ConflictPolicy.ABORT ? " since following read it"
                            : ", changed again each time following wrote over it");
                }
                return sent.found().size();
            }
            Map<String, JsonNode> preImages = new HashMap<>();
            sent.found().forEach((id, item) -> {
                if (item != null) {
                    preImages.put(id, DynamoJson.item(item));
                }
            });
            journal.markOverwritten(runId, model, ChangeApplier.SEGMENT, seq, preImages);
            Map<String, ChangeApplier.Write> again = new LinkedHashMap<>();
            for (String id : sent.found().keySet()) {
                again.put(id, pending.get(id));
            }
            pending = again;
            expected = sent.found();
        }
        return 0;
    }

    /** Marks the records of this batch's keys found holding a record the run did not write LATE, and leaves those keys alone. */
    private void late(Map<String, Map<String, AttributeValue>> found, long seq) {
        Map<String, String> hashes = new HashMap<>();
        found.forEach((id, item) -> {
            if (item != null) {
                hashes.put(id, ContentDigest.itemHash(item));
            }
        });
        journal.markLate(runId, model, ChangeApplier.SEGMENT, seq, hashes).forEach(key -> keys.leaveAlone(key.toString()));
    }

    /** How a round of guarded writes ended: by key, what the keys that held something else held (null: nothing), and the first failure. */
    private record Sent(Map<String, Map<String, AttributeValue>> found, RuntimeException failure) {}

    /** Sends {@code writes} guarded by {@code expected} and waits for every batch to end. */
    private Sent send(Map<String, ChangeApplier.Write> writes, Map<String, Map<String, AttributeValue>> expected) {
        String hashKey = target.hashKey().name();
        Map<WriteRequest, String> ids = new IdentityHashMap<>();
        List<GuardedWrite> guarded = new ArrayList<>(writes.size());
        writes.forEach((id, write) -> {
            WriteRequest request = request(write);
            ids.put(request, id);
            Map<String, AttributeValue> held = expected.get(id);
            guarded.add(held == null ? GuardedWrite.ifAbsent(request, hashKey) : GuardedWrite.ifHolding(request, hashKey, held));
        });
        BatchWriter.Settled settled = writer.writeGuardedAsync(target.name(), guarded).settle();
        Map<String, Map<String, AttributeValue>> found = new LinkedHashMap<>();
        for (BatchWriter.Found item : settled.found()) {
            found.put(ids.get(item.put()), item.existing().isEmpty() ? null : item.existing());
        }
        return new Sent(found, settled.failure());
    }

    private static WriteRequest request(ChangeApplier.Write write) {
        return write.item() != null
                ? WriteRequest.builder().putRequest(PutRequest.builder().item(write.item()).build()).build()
                : WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(DynamoJson.item(write.key())).build()).build();
    }

    /** The hash of the item a write leaves at its key; null for a delete. */
    private static String hash(Map<String, AttributeValue> item) {
        return item == null ? null : ContentDigest.itemHash(item);
    }

    /** The one-line failure of a conflict at {@code key}; {@code when}: since when the record is there, if not at the read. */
    private FollowConflictException conflict(ObjectNode key, String when) {
        return new FollowConflictException("table " + model + ": target table " + target.name() + " holds a record this run did"
                + " not write at " + ItemKeys.describe(DynamoJson.item(key)) + when + ", where following was to apply a change"
                + " of the source; it is left as it is, and the run rolls back (onConflict is " + onConflict.planName() + ")."
                + " Something else writes to the target there: stop it and start the run again"
                + (onConflict == ConflictPolicy.ABORT ? ", or set onConflict to skip or overwrite" : ""));
    }
}
