package dev.dmig.follow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.migrate.PageObjects;
import dev.dmig.run.RunLayout;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Applies a table's source changes to its target as the copy maps items: an insert or update puts the new image mapped
 * by the run's {@link ItemTransformer} (an item the copy would not copy, a soft-deleted DataStore row under {@code reset},
 * is deleted at its mapped key instead), a removal deletes at the mapped key. Journal first: the keys a batch touches
 * for the first time in the run are journaled with what the target held there (nothing, or the pre-image) before any of
 * its writes; a key the run already journaled keeps its first record, so a rollback puts back the target as it was
 * before the run whatever following did since. A batch's changes are applied in order, the last change of each key
 * winning; applying the same batch again leaves the same target.
 */
final class ChangeApplier {
    /** The journal unit of a table's followed changes, beside its copy's segments. */
    static final int SEGMENT = RunLayout.FOLLOW_SEGMENT;

    private final String runId;
    private final String model;
    private final ItemTransformer transformer;
    private final ItemStore items;
    private final TableInfo target;
    private final Journal journal;
    private final BatchWriter writer;
    private final JournaledKeys keys;
    private final ArtifactStore artifacts;
    /** The objects of the table's file references; null for a table without. */
    private final PageObjects objects;

    @SuppressWarnings("checkstyle:ParameterNumber") // what one table's batches share, each given once per call
    ChangeApplier(String runId, String model, ItemTransformer transformer, ItemStore items, TableInfo target, ArtifactStore artifacts,
                  BatchWriter writer, JournaledKeys keys, PageObjects objects) {
        this.artifacts = artifacts;
        this.objects = objects;
        this.runId = runId;
        this.model = model;
        this.transformer = transformer;
        this.items = items;
        this.target = target;
        this.journal = new Journal(artifacts);
        this.writer = writer;
        this.keys = keys;
    }

    /**
     * One write to a target key: the item to put, or null to delete the key; the source ID it comes from, if known, and the
     * source item's key.
     */
    private record Write(ObjectNode key, Map<String, AttributeValue> item, String sourceId, Change change) {
        ObjectNode source() {
            return DynamoJson.item(change.keys());
        }
    }

    /**
     * Applies {@code changes} (a page of {@code shard}'s) in order, journaling under entry {@code seq} first and noting the
     * keys it deletes ({@link FollowedRemovals}); returns whether it journaled anything (the next batch then takes the next
     * entry).
     */
    boolean apply(List<Change> changes, long seq, String shard) {
        Map<String, Write> writes = new LinkedHashMap<>();
        for (Change change : changes) {
            for (Write write : writesOf(change)) {
                String id = write.key().toString();
                writes.remove(id);
                writes.put(id, write);
            }
        }
        PageObjects.Planned files = files(writes, seq);
        boolean journaled = journal(writes, files, seq);
        List<FollowedRemovals.Removal> removals = new ArrayList<>();
        writes.forEach((id, write) -> {
            if (write.item() == null && !keys.leftAlone(id)) {
                removals.add(new FollowedRemovals.Removal(write.key(), write.source()));
            }
        });
        FollowedRemovals.write(artifacts, runId, model, shard, changes.get(0).sequence(), removals);
        // The batch's objects before its items: a record in the target never names an object that is not there yet.
        if (objects != null) {
            keys.wrote(objects.written(files, runId, model, SEGMENT, seq));
        }
        List<WriteRequest> requests = new ArrayList<>(writes.size());
        for (Map.Entry<String, Write> write : writes.entrySet()) {
            if (keys.leftAlone(write.getKey())) {
                continue;
            }
            Map<String, AttributeValue> item = write.getValue().item();
            requests.add(item != null
                    ? WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()
                    : WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                            .key(DynamoJson.item(write.getValue().key())).build()).build());
        }
        if (!requests.isEmpty()) {
            writer.write(target.name(), requests);
        }
        return journaled;
    }

    /**
     * The objects the batch's puts name, as the copy plans a page's ({@link PageObjects}): each with what the target's
     * bucket holds at its key, journaled with the batch before it is copied; none for a key the run left alone.
     */
    private PageObjects.Planned files(Map<String, Write> writes, long seq) {
        if (objects == null) {
            return PageObjects.Planned.NONE;
        }
        List<Map<String, AttributeValue>> named = writes.entrySet().stream()
                .filter(w -> w.getValue().item() != null && !keys.leftAlone(w.getKey()))
                .map(w -> w.getValue().change().newImage()).toList();
        // An earlier attempt of this batch, interrupted before its checkpoint, may have journaled its objects: they win.
        Map<String, ObjectRecord> recovered = new HashMap<>();
        journal.read(RunLayout.journalEntry(runId, model, SEGMENT, seq))
                .ifPresent(entry -> entry.objects().forEach(o -> recovered.put(o.key(), o)));
        return objects.plan(transformer, model, named, recovered, runId, SEGMENT, seq);
    }

    /**
     * Journals the keys among {@code writes} that the run has not journaled yet, with what the target holds there now
     * (read consistently): nothing ({@code CREATED}), or the item a rollback puts back ({@code OVERWRITTEN}); and the
     * batch's objects. Returns whether it wrote an entry.
     */
    private boolean journal(Map<String, Write> writes, PageObjects.Planned files, long seq) {
        List<Write> fresh = writes.entrySet().stream().filter(w -> !keys.known(w.getKey())).map(Map.Entry::getValue).toList();
        if (fresh.isEmpty() && files.records().isEmpty()) {
            return false;
        }
        List<Map<String, AttributeValue>> lookups = new ArrayList<>(fresh.size());
        fresh.forEach(write -> lookups.add(DynamoJson.item(write.key())));
        Map<String, Map<String, AttributeValue>> there = new HashMap<>();
        for (Map<String, AttributeValue> item : lookups.isEmpty() ? List.<Map<String, AttributeValue>>of()
                : items.getAll(target.name(), lookups, true)) {
            there.put(DynamoJson.item(target.keyOf(item)).toString(), item);
        }
        List<JournalRecord> records = new ArrayList<>(fresh.size());
        for (Write write : fresh) {
            Map<String, AttributeValue> before = there.get(write.key().toString());
            String sourceId = write.sourceId();
            records.add(before == null
                    ? new JournalRecord(JournalRecord.Action.CREATED, write.key(), sourceId, null)
                    : new JournalRecord(JournalRecord.Action.OVERWRITTEN, write.key(), sourceId, DynamoJson.item(before)));
        }
        // An earlier attempt of this batch, interrupted before its checkpoint, may have stored records here: they win.
        journal.write(new JournalEntry(runId, model, target.name(), SEGMENT, seq, "follow", records, files.records()), true);
        fresh.forEach(write -> keys.add(write.key().toString()));
        return true;
    }

    /** What one change does to the target: a put or a delete at its mapped key, and a delete at its old one if it moved. */
    private List<Write> writesOf(Change change) {
        List<Write> writes = new ArrayList<>(2);
        if (change.kind() == Change.Kind.REMOVE) {
            Map<String, AttributeValue> image = change.oldImage() != null ? change.oldImage() : change.keys();
            ObjectNode key = mappedKey(image);
            if (key != null) {
                writes.add(new Write(key, null, sourceId(image), change));
            }
            return writes;
        }
        Map<String, AttributeValue> image = change.newImage();
        ObjectNode old = change.oldImage() == null ? null : mappedKey(change.oldImage());
        if (transformer.copies(model, image)) {
            Map<String, AttributeValue> mapped = transformer.transform(model, image);
            ObjectNode key = DynamoJson.item(target.keyOf(mapped));
            if (old != null && !old.equals(key)) {
                writes.add(new Write(old, null, sourceId(change.oldImage()), change));
            }
            writes.add(new Write(key, mapped, sourceId(image), change));
        } else {
            ObjectNode key = mappedKey(image);
            if (old != null && !old.equals(key)) {
                writes.add(new Write(old, null, sourceId(change.oldImage()), change));
            }
            if (key != null) {
                writes.add(new Write(key, null, sourceId(image), change));
            }
        }
        return writes;
    }

    private String sourceId(Map<String, AttributeValue> image) {
        AttributeValue id = image.get(transformer.plan().table(model).idAttribute());
        return id != null && id.type() == AttributeValue.Type.S ? id.s() : null;
    }

    /**
     * The target key a source item maps to; null for an item the copy does not copy and cannot map (an identity without a
     * match, left behind): no write of the run can be at its key.
     */
    private ObjectNode mappedKey(Map<String, AttributeValue> image) {
        try {
            return DynamoJson.item(target.keyOf(transformer.transform(model, image)));
        } catch (ItemInvalidException e) {
            if (transformer.copies(model, image)) {
                throw e;
            }
            return null;
        }
    }
}
