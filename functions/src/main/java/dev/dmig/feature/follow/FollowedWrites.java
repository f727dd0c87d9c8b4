package dev.dmig.feature.follow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.run.FollowCheckpoint;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.GuardedWrite;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
import dev.dmig.store.ItemHash;
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
 * a test run's record the run took over is journaled {@code OVERWRITTEN} with it as the pre-image. Production's records
 * are decided by the key's {@link ConflictPolicy} (the table's {@code onConflict}, or what the team decided for a key
 * following held): its own record at a key the run never wrote ({@code skip}: journaled {@code SKIPPED};
 * {@code overwrite}: its pre-image journaled first), and its edit of a record the run wrote or took over, the key
 * holding none of the states the run left there ({@code skip}: journaled {@code CHANGED} with the edit, left as
 * production has it; {@code overwrite}: the edit journaled with the write over it). Under {@code abort} neither is
 * written over and the batch is held: nothing of it is journaled or written, and following waits for a decision. A key
 * left alone once is left alone from then on. Every write is guarded by what its key held when read, so a record
 * production writes between the read and the write is never overwritten unnamed: it is decided by its policy as one held
 * at read time ({@code abort} leaves it and holds the keys so found for a decision after the batch).
 */
final class FollowedWrites {
    /** Rounds of writes over records production keeps changing under {@code overwrite}, before following holds them. */
    static final int OVERWRITE_ROUNDS = 3;

    private final String runId;
    private final String model;
    private final TableInfo target;
    private final ConflictPolicy onConflict;
    private final BatchWriter writer;
    private final Journal journal;
    private final JournaledKeys keys;
    /** By key: what the team decided for a key following held ({@code dmig resolve}). */
    private final Map<String, ConflictPolicy> decided;

    @SuppressWarnings("checkstyle:ParameterNumber") // what one table's batches share, each given once per call
    FollowedWrites(String runId, String model, TableInfo target, ConflictPolicy onConflict, BatchWriter writer, Journal journal,
                   JournaledKeys keys, Map<String, ConflictPolicy> decided) {
        this.runId = runId;
        this.model = model;
        this.target = target;
        this.onConflict = onConflict;
        this.writer = writer;
        this.journal = journal;
        this.keys = keys;
        this.decided = decided;
    }

    /**
     * What a batch does at its keys: the writes it makes, each with what its key held when read ({@code expected}, null
     * for nothing); the journal records of the keys it is the first of the run to touch, and of the run's records it
     * leaves as production edited them; the later writes of keys the run journaled before; the production records it
     * leaves ({@code left}, named: its own under {@code skip}, its edits); and, under {@code abort}, the keys it holds for
     * a decision ({@code held}): a held batch writes nothing.
     */
    record Batch(Map<String, ChangeApplier.Write> written, Map<String, Map<String, AttributeValue>> expected,
                 List<JournalRecord> records, List<JournalEntry.LaterWrite> later, List<FollowCheckpoint.KeyNote> left,
                 List<FollowCheckpoint.KeyNote> held) {
        boolean journals() {
            return !records.isEmpty() || !later.isEmpty();
        }

    }

    /**
     * What the batch does at each of {@code writes}' keys, given what the target held there when read ({@code there}, read
     * consistently; a key holding nothing maps to null).
     */
    Batch batch(Map<String, ChangeApplier.Write> writes, Map<String, Map<String, AttributeValue>> there) {
        Map<String, ChangeApplier.Write> written = new LinkedHashMap<>();
        Map<String, Map<String, AttributeValue>> expected = new HashMap<>();
        List<JournalRecord> records = new ArrayList<>();
        List<JournalEntry.LaterWrite> later = new ArrayList<>();
        List<FollowCheckpoint.KeyNote> left = new ArrayList<>();
        List<FollowCheckpoint.KeyNote> held = new ArrayList<>();
        for (Map.Entry<String, ChangeApplier.Write> entry : writes.entrySet()) {
            String id = entry.getKey();
            ChangeApplier.Write write = entry.getValue();
            Map<String, AttributeValue> there0 = there.get(id);
            ConflictPolicy policy = decided.getOrDefault(id, onConflict);
            FollowCheckpoint.Why why = keys.leftAlone(id) ? null
                    : keys.edited(id, there0) ? FollowCheckpoint.Why.EDITED
                    : keys.known(id) || keys.adopted(id) || there0 == null ? null : FollowCheckpoint.Why.OWN;
            if (keys.leftAlone(id) && (!decided.containsKey(id) || policy.atTaken() != ConflictPolicy.Taken.WRITE_OVER)) {
                // A later change at a key left to production: left too, and counted with it.
                left.add(new FollowCheckpoint.KeyNote(write.key(), keys.leftEdited(id) ? FollowCheckpoint.Why.EDITED
                        : FollowCheckpoint.Why.OWN));
                continue;
            }
            if (why != null && policy.atTaken() == ConflictPolicy.Taken.STOP) {
                held.add(new FollowCheckpoint.KeyNote(write.key(), why));
                continue;
            }
            if (why != null && policy.atTaken() == ConflictPolicy.Taken.LEAVE) {
                records.add(why == FollowCheckpoint.Why.OWN
                        ? new JournalRecord(JournalRecord.Action.SKIPPED, write.key(), write.sourceId(), null)
                        : new JournalRecord(JournalRecord.Action.CHANGED, write.key(), write.sourceId(), image(there0)));
                left.add(new FollowCheckpoint.KeyNote(write.key(), why));
                continue;
            }
            if (keys.known(id)) {
                // The run's record, or production's edit of it written over (overwrite), named with the write.
                later.add(new JournalEntry.LaterWrite(write.key(), hash(write.item()),
                        why == FollowCheckpoint.Why.EDITED ? image(there0) : null));
            } else if (there0 == null) {
                records.add(new JournalRecord(JournalRecord.Action.CREATED, write.key(), write.sourceId(), null, hash(write.item())));
            } else {
                // A test run's record taken over, production's own record or a key left before (overwrite): put back by a rollback.
                records.add(new JournalRecord(JournalRecord.Action.OVERWRITTEN, write.key(), write.sourceId(),
                        DynamoJson.item(there0), hash(write.item())));
            }
            written.put(id, write);
            expected.put(id, there0);
        }
        return held.isEmpty() ? new Batch(written, expected, records, later, left, List.of())
                : new Batch(Map.of(), Map.of(), List.of(), List.of(), List.of(), held);
    }

    /** What a key held, in DynamoDB JSON; {@code {}} for nothing (a record production deleted). */
    private static JsonNode image(Map<String, AttributeValue> held) {
        return held == null ? dev.dmig.json.Json.MAPPER.createObjectNode() : DynamoJson.item(held);
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
            if (record.action() == JournalRecord.Action.CHANGED) {
                keys.leaveEdited(Journal.keyId(record));
            } else if (record.action().leftAlone()) {
                keys.leaveAlone(Journal.keyId(record));
            } else {
                keys.wrote(Journal.keyId(record), record.written() == null ? JournaledKeys.NOTHING : record.written());
            }
        }
        batch.later().forEach(write -> keys.wrote(write.key().toString(), write.written() == null ? JournaledKeys.NOTHING
                : write.written()));
        return true;
    }

    /**
     * What writing a batch left: the keys production wrote between following's read and its write, left as production
     * has them ({@code left}), and of those the keys held for a decision ({@code held}: under {@code abort}, or
     * {@code overwrite} over a record production kept changing).
     */
    record Written(List<FollowCheckpoint.KeyNote> left, List<FollowCheckpoint.KeyNote> held) {}

    /**
     * Writes the batch (journaled as entry {@code seq}), each write carried out only while its key holds what it held when
     * read. A key found holding something else (production wrote there since the read) is decided by its policy: {@code
     * overwrite} journals what it holds (a pre-image, or production's edit of the run's record) and writes again over it;
     * otherwise it is left as production has it and journaled so ({@code LATE} or {@code CHANGED}), and under {@code
     * abort} held for a decision.
     */
    Written write(Batch batch, long seq) {
        Map<String, ChangeApplier.Write> pending = batch.written();
        Map<String, Map<String, AttributeValue>> expected = batch.expected();
        List<FollowCheckpoint.KeyNote> left = new ArrayList<>();
        List<FollowCheckpoint.KeyNote> held = new ArrayList<>();
        for (int round = 1; !pending.isEmpty(); round++) {
            Sent sent = send(pending, expected);
            Map<String, Map<String, AttributeValue>> again = new LinkedHashMap<>();
            Map<String, Map<String, AttributeValue>> ownAgain = new LinkedHashMap<>();
            Map<String, Map<String, AttributeValue>> leave = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, AttributeValue>> found : sent.found().entrySet()) {
                ChangeApplier.Write write = pending.get(found.getKey());
                if (found.getValue() != null && ContentDigest.itemHash(found.getValue()).equals(hash(write.item()))) {
                    continue; // what this write leaves, there already: an earlier attempt's
                }
                if (keys.holdsOwn(found.getKey(), found.getValue()) && (round < OVERWRITE_ROUNDS || sent.failure() != null)) {
                    // A state the run's journal says it left there, landed after the read (a write of an earlier
                    // attempt still on its way, a killed run's): the run's own, written over as found (or, after a
                    // failure, when the page is applied again).
                    if (sent.failure() == null) {
                        ownAgain.put(found.getKey(), found.getValue());
                    }
                    continue;
                }
                ConflictPolicy policy = decided.getOrDefault(found.getKey(), onConflict);
                boolean overwrite = policy.atTaken() == ConflictPolicy.Taken.WRITE_OVER && round < OVERWRITE_ROUNDS && sent.failure() == null;
                (overwrite ? again : leave).put(found.getKey(), found.getValue());
                if (!overwrite) {
                    FollowCheckpoint.KeyNote note = new FollowCheckpoint.KeyNote(write.key(), keys.known(found.getKey())
                            && batch.later().stream().anyMatch(w -> w.key().equals(write.key()))
                            ? FollowCheckpoint.Why.RACING_EDIT : FollowCheckpoint.Why.RACING);
                    left.add(note);
                    if (policy.atTaken() != ConflictPolicy.Taken.LEAVE) {
                        held.add(note);
                    }
                }
            }
            leave(leave, seq);
            if (sent.failure() != null) {
                throw sent.failure();
            }
            if (again.isEmpty() && ownAgain.isEmpty()) {
                break;
            }
            journalWrittenOver(again, seq);
            Map<String, Map<String, AttributeValue>> guards = new HashMap<>(again);
            guards.putAll(ownAgain);
            Map<String, ChangeApplier.Write> next = new LinkedHashMap<>();
            for (String id : guards.keySet()) {
                next.put(id, pending.get(id));
            }
            pending = next;
            expected = guards;
        }
        return new Written(left, held);
    }

    /**
     * Journals what the keys in {@code found} hold before they are written over ({@code overwrite}): a pre-image where the
     * batch was to create the record, production's edit where it writes over the run's record.
     */
    private void journalWrittenOver(Map<String, Map<String, AttributeValue>> found, long seq) {
        if (found.isEmpty()) {
            return;
        }
        Map<String, JsonNode> images = new HashMap<>();
        found.forEach((id, item) -> images.put(id, image(item)));
        journal.markOverwritten(runId, model, ChangeApplier.SEGMENT, seq, nonEmpty(images));
        journal.markEdited(runId, model, ChangeApplier.SEGMENT, seq, images, false);
    }

    private static Map<String, JsonNode> nonEmpty(Map<String, JsonNode> images) {
        Map<String, JsonNode> found = new HashMap<>();
        images.forEach((id, image) -> {
            if (!image.isEmpty()) {
                found.put(id, image);
            }
        });
        return found;
    }

    /**
     * Leaves the keys in {@code found} as production has them, and alone from now on: the records this batch journaled
     * first there become LATE (or CHANGED, for a write over a pre-image), and the run's own keys among them are recorded
     * CHANGED with production's edit, their later write taken out.
     */
    private void leave(Map<String, Map<String, AttributeValue>> found, long seq) {
        if (found.isEmpty()) {
            return;
        }
        Map<String, ItemHash> hashes = new HashMap<>();
        Map<String, JsonNode> images = new HashMap<>();
        found.forEach((id, item) -> {
            images.put(id, image(item));
            if (item != null) {
                hashes.put(id, ItemHash.of(item));
            }
        });
        journal.markLate(runId, model, ChangeApplier.SEGMENT, seq, hashes).forEach(key -> keys.leaveAlone(key.toString()));
        journal.markEdited(runId, model, ChangeApplier.SEGMENT, seq, images, true).forEach(key -> keys.leaveEdited(key.toString()));
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
            guarded.add(GuardedWrite.ifStill(request, hashKey, expected.get(id)));
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
}
