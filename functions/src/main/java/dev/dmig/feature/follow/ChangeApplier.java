package dev.dmig.feature.follow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.journal.Journal;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.migrate.ItemInvalidException;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.run.FollowCheckpoint;
import dev.dmig.run.RunLayout;
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

/**
 * Applies a table's source changes to its target as the copy maps items: an insert or update puts the new image mapped
 * by the run's {@link ItemTransformer} (an item the copy would not copy, a soft-deleted DataStore row under {@code reset},
 * is deleted at its mapped key instead), a removal deletes at the mapped key. Journal first: the keys a batch touches
 * for the first time in the run are journaled with what the target held there (nothing, or the pre-image) before any of
 * its writes; a key the run already journaled keeps its first record, and each later write there is journaled with the
 * hash of what it leaves, so a rollback puts back the target as it was before the run whatever following did since. A
 * key where the target holds a record the run did not write is a conflict ({@link FollowedWrites}). A change is applied
 * only onto the state it was made on (see {@link #apply(Round, int, List, long, String, String)}): one made before the
 * copy read its item never puts back an older state than the copy wrote. A batch's changes are applied in order, the last change of each key winning; applying
 * the same batch again leaves the same target.
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
    private final JournaledKeys keys;
    /** How the batches are journaled and written at their keys. */
    private final FollowedWrites writes;
    private final ArtifactStore artifacts;
    /** What travels with each batch of the table (its items' objects). */
    private final PageCargo carried;

    @SuppressWarnings("checkstyle:ParameterNumber") // what one table's batches share, each given once per call
    ChangeApplier(String runId, String model, ItemTransformer transformer, ItemStore items, TableInfo target, ArtifactStore artifacts,
                  BatchWriter writer, JournaledKeys keys, PageCargo carried, Map<String, ConflictPolicy> decided) {
        this.artifacts = artifacts;
        this.carried = carried;
        this.runId = runId;
        this.model = model;
        this.transformer = transformer;
        this.items = items;
        this.target = target;
        this.journal = new Journal(artifacts);
        this.keys = keys;
        this.writes = new FollowedWrites(runId, model, target, transformer.plan().onConflictOf(model), writer, journal, keys,
                decided);
    }

    /**
     * One write to a target key: the item to put, or null to delete the key; the source ID it comes from, if known, and the
     * change it comes from (its source item's key).
     */
    record Write(ObjectNode key, Map<String, AttributeValue> item, String sourceId, Change change) {
        ObjectNode source() {
            return DynamoJson.item(change.keys());
        }
    }

    /**
     * What one change does: its writes (a put or delete at its mapped key, a delete at the old one if it moved), and the
     * state it was made on: the target key its item was mapped to before it ({@code from}; null where that cannot be
     * told) and what the target holds there if the change is the next one the target has not seen ({@code before}: the
     * item before it, mapped; null for nothing, before an insert or for an item the copy does not copy).
     */
    private record Step(String item, List<Write> writes, ObjectNode from, Map<String, AttributeValue> before) {
        /** The write that leaves the item where it ends; null for a change that writes nothing. */
        Write last() {
            return writes.isEmpty() ? null : writes.get(writes.size() - 1);
        }
    }

    /**
     * What applying a page did: whether it took its journal entry, how many of its changes it found older than the target,
     * the keys it left as production has them ({@code left}), and the keys it holds for a decision ({@code held}); {@code
     * applied} false: held before anything of it was journaled or written (under {@code abort}, production's record at a
     * key it was to write), so the page is applied again once decided.
     */
    record Applied(boolean applied, boolean journaled, long older, List<FollowCheckpoint.KeyNote> left,
                   List<FollowCheckpoint.KeyNote> held) {
        static final Applied NOTHING = new Applied(true, false, 0, List.of(), List.of());
    }

    /** A round's changes of the table, each mapped once, in the order they are applied; applied a page at a time. */
    final class Round {
        private final List<List<Step>> pages = new ArrayList<>();
        /** By source item: the steps of its changes in the round, in order, with their place among all the round's steps. */
        private final Map<String, List<Integer>> byItem = new HashMap<>();
        private final List<Step> all = new ArrayList<>();

        private Round(List<List<Change>> changes) {
            for (List<Change> page : changes) {
                List<Step> steps = new ArrayList<>(page.size());
                for (Change change : page) {
                    Step step = stepOf(change);
                    byItem.computeIfAbsent(step.item(), k -> new ArrayList<>()).add(all.size());
                    all.add(step);
                    steps.add(step);
                }
                pages.add(steps);
            }
        }

        /**
         * Applies page {@code index} of the round (a page of {@code shard}'s, its first change at {@code first}), journaling
         * under entry {@code seq} first and noting the keys it deletes ({@link FollowedRemovals}).
         */
        Applied apply(int index, long seq, String shard, String first) {
            int start = 0;
            for (int i = 0; i < index; i++) {
                start += pages.get(i).size();
            }
            return ChangeApplier.this.apply(this, start, pages.get(index), seq, shard, first);
        }
    }

    /** The round of {@code pages} (a round's pages of the table, in order), each change mapped once. */
    Round round(List<List<Change>> pages) {
        return new Round(pages);
    }

    /**
     * Applies a page of a round in order. A change is applied only onto the state it was made on: a change of an item
     * whose mapped item before it is not what the target holds at its key was made before the copy read that item, and
     * the target already holds a later state, so it is skipped ({@code older}); and every change up to the round's last
     * whose item after it is what the target holds is skipped too (applied, it would leave the same item, by way of
     * older ones). The writes left, the last of each key winning, are journaled, then written, as {@link FollowedWrites}
     * says: a key where the target holds a record the run did not write is a conflict, decided by {@code onConflict}, and
     * every write is guarded by what its key held when read. Applying the same page again writes nothing new.
     */
    private Applied apply(Round round, int start, List<Step> page, long seq, String shard, String first) {
        Map<String, Map<String, AttributeValue>> there = targetAt(round, start, page);
        Map<String, Write> settled = new LinkedHashMap<>();
        long older = settle(round, start, page, there, settled);
        if (settled.isEmpty()) {
            return new Applied(true, false, older, List.of(), List.of());
        }
        FollowedWrites.Batch batch = writes.batch(settled, there);
        if (!batch.held().isEmpty()) {
            return new Applied(false, false, 0, List.of(), batch.held());
        }
        PageCargo.Planned files = files(batch.written(), seq);
        boolean journaled = writes.journal(batch, files.records(), seq);
        List<FollowedRemovals.Removal> removals = new ArrayList<>();
        batch.written().values().stream().filter(write -> write.item() == null)
                .forEach(write -> removals.add(new FollowedRemovals.Removal(write.key(), write.source())));
        FollowedRemovals.write(artifacts, runId, model, shard, first, removals);
        // The batch's objects before its items: a record in the target never names an object that is not there yet.
        if (!files.records().isEmpty()) {
            keys.wrote(carried.written(files, runId, model, SEGMENT, seq));
        }
        FollowedWrites.Written written = writes.write(batch, seq);
        List<FollowCheckpoint.KeyNote> left = new ArrayList<>(batch.left());
        left.addAll(written.left());
        return new Applied(true, journaled, older, left, written.held());
    }

    /**
     * Puts into {@code writes} what the page's changes leave at each key, the last of each key winning, skipping each
     * change older than what the target holds ({@code there}); returns how many it skipped.
     */
    private long settle(Round round, int start, List<Step> page, Map<String, Map<String, AttributeValue>> there,
                        Map<String, Write> writes) {
        Map<String, Map<String, AttributeValue>> current = new HashMap<>(there);
        Map<String, Integer> skipUpTo = new HashMap<>();
        long older = 0;
        for (int i = 0; i < page.size(); i++) {
            Step step = page.get(i);
            if (checked(step, there)) {
                int upTo = skipUpTo.computeIfAbsent(step.item(), item -> lastReached(round, start, item, there));
                String from = step.from().toString();
                boolean edited = !writes.containsKey(from) && keys.edited(from, there.get(from));
                // A change made on a state the target no longer holds: older than the run's write there, or made on the
                // run's record that production changed since, which is production's edit for the key's policy to decide.
                if (start + i <= upTo || (!edited && !sameItem(current.get(from), step.before()))) {
                    older++;
                    continue;
                }
            }
            for (Write write : step.writes()) {
                String id = write.key().toString();
                current.put(id, write.item());
                writes.remove(id);
                writes.put(id, write);
            }
        }
        return older;
    }

    /**
     * Whether a change is applied only onto the state it was made on: its item's key in the target is known and is the
     * run's (written by the copy or by following, or a test run's record the copy took over) or empty; not where the
     * target holds production's own record, nor at a key the run left alone (never written).
     */
    private boolean checked(Step step, Map<String, Map<String, AttributeValue>> there) {
        if (step.from() == null || step.last() == null) {
            return false;
        }
        String from = step.from().toString();
        return !keys.leftAlone(from) && (keys.known(from) || keys.adopted(from) || there.get(from) == null);
    }

    /**
     * The place, among the round's steps, of the last change of {@code item} from {@code start} on that leaves it as the
     * target holds it now; -1 for none.
     */
    private int lastReached(Round round, int start, String item, Map<String, Map<String, AttributeValue>> there) {
        List<Integer> steps = round.byItem.get(item);
        for (int i = steps.size() - 1; i >= 0 && steps.get(i) >= start; i--) {
            Write last = round.all.get(steps.get(i)).last();
            String at = last == null ? null : last.key().toString();
            if (at != null && there.containsKey(at) && sameItem(there.get(at), last.item())) {
                return steps.get(i);
            }
        }
        return -1;
    }

    /** Whether two states of a key are the same: both nothing, or the same record (a DataStore row's stamp aside). */
    private boolean sameItem(Map<String, AttributeValue> held, Map<String, AttributeValue> expected) {
        if (held == null || expected == null) {
            return held == expected;
        }
        return transformer.sameRecord(model, held, expected);
    }

    /**
     * What the target holds, read consistently, at every key the page's changes are made on or write, and where the
     * round's later changes of the same items leave them; a key holding nothing maps to null.
     */
    private Map<String, Map<String, AttributeValue>> targetAt(Round round, int start, List<Step> page) {
        Map<String, ObjectNode> wanted = new LinkedHashMap<>();
        java.util.Set<String> changed = new java.util.HashSet<>();
        for (Step step : page) {
            if (step.from() != null) {
                wanted.putIfAbsent(step.from().toString(), step.from());
            }
            step.writes().forEach(w -> wanted.putIfAbsent(w.key().toString(), w.key()));
            changed.add(step.item());
        }
        for (String item : changed) {
            for (int at : round.byItem.get(item)) {
                Write last = at >= start ? round.all.get(at).last() : null;
                if (last != null) {
                    wanted.putIfAbsent(last.key().toString(), last.key());
                }
            }
        }
        Map<String, Map<String, AttributeValue>> there = new HashMap<>();
        wanted.keySet().forEach(id -> there.put(id, null));
        List<Map<String, AttributeValue>> lookups = new ArrayList<>(wanted.size());
        wanted.values().forEach(key -> lookups.add(DynamoJson.item(key)));
        if (!lookups.isEmpty()) {
            for (Map<String, AttributeValue> item : items.getAll(target.name(), lookups, true)) {
                there.put(DynamoJson.item(target.keyOf(item)).toString(), item);
            }
        }
        return there;
    }

    /**
     * The objects the batch's puts name, as the copy plans a page's ({@link PageCargo}): each with what the target's
     * bucket holds at its key, journaled with the batch before it is copied; {@code writes}, the batch's writes it makes.
     */
    private PageCargo.Planned files(Map<String, Write> writes, long seq) {
        if (carried == PageCargo.NONE) {
            return PageCargo.Planned.NONE;
        }
        List<Map<String, AttributeValue>> named = writes.values().stream()
                .filter(w -> w.item() != null).map(w -> w.change().newImage()).toList();
        // An earlier attempt of this batch, interrupted before its checkpoint, may have journaled its objects: they win.
        Map<String, ObjectRecord> recovered = new HashMap<>();
        journal.read(RunLayout.journalEntry(runId, model, SEGMENT, seq))
                .ifPresent(entry -> entry.objects().forEach(o -> recovered.put(o.key(), o)));
        return carried.plan(transformer, model, named, recovered, runId, SEGMENT, seq);
    }

    /** What one change does, and the state it was made on. */
    private Step stepOf(Change change) {
        List<Write> writes = writesOf(change);
        String item = DynamoJson.item(change.keys()).toString();
        Map<String, AttributeValue> old = change.oldImage();
        if (old == null) {
            Write last = writes.isEmpty() ? null : writes.get(writes.size() - 1);
            return new Step(item, writes, last == null ? null : last.key(), null);
        }
        ObjectNode from = mappedKey(old);
        return new Step(item, writes, from, from != null && transformer.copies(model, old) ? transformer.transform(model, old) : null);
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
        return transformer.keptSourceId(model, id != null && id.type() == AttributeValue.Type.S ? id.s() : null);
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
