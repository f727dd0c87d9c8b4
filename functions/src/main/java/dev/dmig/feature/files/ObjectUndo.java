package dev.dmig.feature.files;

import dev.dmig.Tasks;
import dev.dmig.files.Buckets;
import dev.dmig.migrate.FileSources;
import dev.dmig.files.ObjectComparison;
import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.files.ObjectStore;
import dev.dmig.journal.EntryReader;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord.Action;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.rollback.UndoStep;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.DynamoJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Undoes a journal entry's objects in the target's Storage bucket, several at once, touching only the object the run's
 * write made (its version, or its ETag, as the journal recorded them once the write was done). In a versioned bucket
 * that version alone is deleted, for good: the object the run overwrote is current again, one it created is gone, and
 * whatever someone else wrote at the key since is kept. In an unversioned bucket an object the run created is deleted,
 * and one it overwrote is written back from the copy saved before, each only if the key still holds the run's object
 * (S3's conditional delete and write, on its ETag). An object changed by someone else since the run is left as it is and
 * named. A record whose write was never recorded (the run stopped between the write and the journal, or an older dmig
 * wrote the journal) is undone only if the key holds the source's bytes in an object the key did not have before.
 * A key following wrote again (the app changed a file the run had copied there) is undone by its first record, which
 * takes any of the run's objects at the key as its own; the records of the writes again only delete their own version,
 * in a versioned bucket. So the entries of a key may be undone in any order. Idempotent.
 */
final class ObjectUndo {
    private final ObjectStore target;
    /** The source bucket, reached only for a record whose write was never recorded. */
    private final Supplier<ObjectReader> source;
    /** How the journal keeps each object's source key ({@link FileSources#openedKey}). */
    private final FileSources files;
    private final ArtifactStore artifacts;
    private final ExecutorService pool;
    /** By key: the run's writes again there (following's, over the run's own object), whose objects are the run's. */
    private final Map<String, List<ObjectRecord>> later;

    /**
     * Every rollback: before anything is undone, which of the target's items name each object ({@link TargetNames}, for a
     * plan with files); then an entry that journaled objects has them undone, the buckets reached only then (a run without
     * files needs none), and following's writes again read from its journal once per call, at the first such entry.
     */
    static void addTo(List<UndoStep> steps, UndoStep.Parts parts) {
        MigrationPlan plan = parts.plan();
        Buckets buckets = parts.reaches().get(Buckets.class, Buckets.NONE);
        AtomicReference<Map<String, List<ObjectRecord>>> later = new AtomicReference<>();
        AtomicReference<TargetNames> names = new AtomicReference<>();
        steps.add(new UndoStep() {
            @Override
            public boolean prepare(Deadline deadline) {
                return TargetNames.prepare(parts, deadline);
            }

            @Override
            public void undo(JournalEntry entry, UndoStep.Counts part, List<String> failedKeys) {
                if (entry.objects().isEmpty()) {
                    return;
                }
                later.updateAndGet(read -> read != null ? read : rewrites(parts.artifacts(), entry.runId()));
                names.updateAndGet(read -> read != null ? read : TargetNames.read(parts.artifacts(), parts.runId(), parts.execution()));
                Set<String> named = stillNamed(parts, entry, names.get());
                FileSources files = FileSources.of(plan);
                Undone objects = new ObjectUndo(buckets.target(plan), files, () -> files.reader(buckets.source(plan)),
                        parts.artifacts(), parts.writePool(), later.get()).undo(entry.objects(), named);
                part.undidObjects(objects.deleted(), objects.restored(), objects.left());
                part.keptObjects(objects.kept());
                objects.failed().forEach(key -> failedKeys.add("bucket " + key));
                part.failedBecause(objects.failedBecause());
            }
        });
    }

    /**
     * The objects the entry created that an item left in the target names once its items are undone: the items at the
     * entry's keys (records the run left alone, another run's such as a test run's it took over, or left as production
     * changed them), and any other item that named one when the rollback began and still does ({@code names}): another
     * table's record, another run's, production's. An object one of them names is not deleted: no record left in the
     * target names an object that is gone.
     */
    static Set<String> stillNamed(UndoStep.Parts parts, JournalEntry entry, TargetNames names) {
        List<Map<String, AttributeValue>> keys = entry.records().stream().map(r -> DynamoJson.item(r.key())).toList();
        List<Map<String, AttributeValue>> there = keys.isEmpty() ? List.of() : parts.target().getAll(entry.targetTable(), keys, true);
        Set<String> named = new HashSet<>(PageObjects.named(parts.plan(), entry.model(), there));
        List<String> created = entry.objects().stream().filter(r -> r.action() == Action.CREATED && r.rewrote() == null)
                .map(ObjectRecord::key).filter(key -> !named.contains(key)).distinct().toList();
        named.addAll(names.stillNamed(parts.plan(), parts.target(), entry, created));
        return named;
    }

    /** Following's writes again in the run, by key, from the journal of every table's followed changes. */
    static Map<String, List<ObjectRecord>> rewrites(ArtifactStore artifacts, String runId) {
        Journal journal = new Journal(artifacts);
        List<String> entries = new ArrayList<>();
        for (String model : artifacts.children(RunLayout.journal(runId))) {
            entries.addAll(journal.entries(runId, model, RunLayout.FOLLOW_SEGMENT));
        }
        List<ObjectRecord> records = new ArrayList<>();
        try (EntryReader reader = journal.reader(entries)) {
            while (reader.hasNext()) {
                records.addAll(reader.next().entry().objects());
            }
        }
        return rewrites(records);
    }

    /** The writes again among {@code records}, by key. */
    static Map<String, List<ObjectRecord>> rewrites(List<ObjectRecord> records) {
        Map<String, List<ObjectRecord>> again = new HashMap<>();
        records.stream().filter(r -> r.rewrote() != null && !r.action().leftAlone())
                .forEach(r -> again.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        return again;
    }

    /** The objects as the journal names them, source keys as they are ({@link FileSources#AS_NAMED}). */
    ObjectUndo(ObjectStore target, Supplier<ObjectReader> source, ArtifactStore artifacts, ExecutorService pool,
               Map<String, List<ObjectRecord>> later) {
        this(target, FileSources.AS_NAMED, source, artifacts, pool, later);
    }

    ObjectUndo(ObjectStore target, FileSources files, Supplier<ObjectReader> source, ArtifactStore artifacts, ExecutorService pool,
               Map<String, List<ObjectRecord>> later) {
        this.target = target;
        this.files = files;
        this.source = source;
        this.artifacts = artifacts;
        this.pool = pool;
        this.later = later;
    }

    /**
     * What undoing an entry's objects did; the objects it could not undo and those it left because someone else changed
     * them since the run ({@code bucket/key}); why the first it could not undo failed (null when none failed).
     */
    record Undone(long deleted, long restored, List<String> failed, List<String> left, List<String> kept, String failedBecause) {}

    private enum Done { NOTHING, DELETED, RESTORED, LEFT, FAILED, KEPT }

    /** One attempt at a record: what the write it sent does once it lands; null before it sends one. */
    private static final class Attempt {
        Done sent;
    }

    Undone undo(List<ObjectRecord> records) {
        return undo(records, Set.of());
    }

    /**
     * Undoes the records' objects, each key once; an object the run created that an item left in the target still names
     * ({@code named}) is kept, and named.
     */
    Undone undo(List<ObjectRecord> records, Set<String> named) {
        Set<String> seen = new HashSet<>();
        List<ObjectRecord> writes = records.stream().filter(r -> !r.action().leftAlone() && seen.add(r.key())).toList();
        List<CompletableFuture<Done>> undoing = new ArrayList<>(writes.size());
        AtomicReference<String> because = new AtomicReference<>();
        for (ObjectRecord record : writes) {
            undoing.add(CompletableFuture.supplyAsync(() -> {
                if (record.action() == Action.CREATED && record.rewrote() == null && named.contains(record.key())) {
                    return Done.KEPT;
                }
                return undoAgainOnce(record, because);
            }, pool));
        }
        List<Done> done = Tasks.joinAll(undoing);
        List<String> failed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
            String name = target.bucket() + "/" + writes.get(i).key();
            if (done.get(i) == Done.FAILED) {
                failed.add(name);
            } else if (done.get(i) == Done.LEFT) {
                left.add(name);
            } else if (done.get(i) == Done.KEPT) {
                kept.add(name);
            }
        }
        return new Undone(done.stream().filter(Done.DELETED::equals).count(), done.stream().filter(Done.RESTORED::equals).count(),
                failed, left, kept, because.get());
    }

    /**
     * Undoes one record, and once more if that fails (undoing is idempotent: the second attempt looks at the key afresh);
     * one that fails twice is failed, its cause kept in {@code because} if none is yet. When the first attempt failed
     * after sending its write and the second finds nothing left to do, the write landed and only its answer was lost:
     * the record counts as what that write did.
     */
    private Done undoAgainOnce(ObjectRecord record, AtomicReference<String> because) {
        Attempt first = new Attempt();
        try {
            return undo(record, first);
        } catch (RuntimeException failed) {
            try {
                Done again = undo(record, new Attempt());
                return again == Done.NOTHING && first.sent != null ? first.sent : again;
            } catch (RuntimeException e) {
                // Named and counted: the rollback is incomplete, and says which object it could not restore, and why.
                because.compareAndSet(null, target.bucket() + "/" + record.key() + ": " + UndoStep.cause(e));
                return Done.FAILED;
            }
        }
    }

    private Done undo(ObjectRecord record, Attempt attempt) {
        boolean versioned = record.priorVersions() != null;
        ObjectRecord.Written made = record.written() != null && (!versioned || record.written().versionId() != null)
                ? record.written() : recognised(record);
        if (versioned) {
            return undoVersion(record, made, attempt);
        }
        if (record.rewrote() != null) {
            // The key's first record puts back what it held before the run, whichever of the run's objects it holds then.
            return Done.NOTHING;
        }
        return record.action() == Action.OVERWRITTEN ? restore(record, made, attempt) : delete(record, made, attempt);
    }

    /** Whether {@code there} is the run's object at the key: its write's ({@code made}), or one written again since. */
    private boolean runs(ObjectRecord record, ObjectRecord.Written made, ObjectHead there) {
        return made != null && made.etag().equals(there.etag()) || again(record.key()).stream().anyMatch(w -> w.etag().equals(there.etag()));
    }

    /**
     * What following's writes again at {@code key} made: as recorded, or, for one whose write was never recorded (the
     * run stopped between the write and the journal), the object the key holds if it is that write's.
     */
    private List<ObjectRecord.Written> again(String key) {
        List<ObjectRecord.Written> made = new ArrayList<>();
        for (ObjectRecord record : later.getOrDefault(key, List.of())) {
            boolean versioned = record.priorVersions() != null;
            ObjectRecord.Written written = record.written() != null && (!versioned || record.written().versionId() != null)
                    ? record.written() : recognised(record);
            if (written != null) {
                made.add(written);
            }
        }
        return made;
    }

    /**
     * In a versioned bucket: deletes the run's version; the key's current object is the run's no longer if someone wrote
     * since (a version written again by following is the run's, deleted by its own record).
     */
    private Done undoVersion(ObjectRecord record, ObjectRecord.Written made, Attempt attempt) {
        List<ObjectStore.ObjectVersion> versions = target.versions(record.key());
        if (record.rewrote() != null) {
            // A write again deletes its own version; the key's first record says what the key was left holding.
            if (made != null && versions.stream().anyMatch(v -> made.versionId().equals(v.versionId()))) {
                target.deleteVersion(record.key(), made.versionId());
            }
            return Done.NOTHING;
        }
        List<String> again = again(record.key()).stream().map(ObjectRecord.Written::versionId).toList();
        if (made == null) {
            // Nothing of the run's is recognisable at the key: whatever is there beyond what it had is someone else's.
            return versions.stream().allMatch(v -> record.priorVersions().contains(v.versionId()) || again.contains(v.versionId()))
                    ? Done.NOTHING : Done.LEFT;
        }
        Optional<ObjectStore.ObjectVersion> runs = versions.stream().filter(v -> made.versionId().equals(v.versionId())).findFirst();
        if (runs.isEmpty()) {
            return Done.NOTHING;
        }
        // Someone else's version above the run's stays the key's object: the key is left as they made it.
        boolean othersAbove = !runs.get().latest() && versions.stream().noneMatch(v -> v.latest() && again.contains(v.versionId()));
        attempt.sent = othersAbove ? Done.LEFT : record.action() == Action.OVERWRITTEN ? Done.RESTORED : Done.DELETED;
        target.deleteVersion(record.key(), made.versionId());
        return attempt.sent;
    }

    /** In an unversioned bucket: deletes the object the run created, if the key still holds it (or one written again since). */
    private Done delete(ObjectRecord record, ObjectRecord.Written made, Attempt attempt) {
        Optional<ObjectHead> there = target.head(record.key());
        if (there.isEmpty()) {
            return Done.NOTHING;
        }
        if (!runs(record, made, there.get())) {
            return Done.LEFT;
        }
        attempt.sent = Done.DELETED;
        return switch (target.delete(record.key(), there.get().etag())) {
            // NO_OBJECT: the key held the run's object a moment ago and its delete was sent; gone now, as when the SDK's
            // retry of that delete finds its first landed.
            case DONE, NO_OBJECT -> Done.DELETED;
            case CONDITION_FAILED -> Done.LEFT;
        };
    }

    /** In an unversioned bucket: writes back the object the run overwrote, if the key still holds the run's. */
    private Done restore(ObjectRecord record, ObjectRecord.Written made, Attempt attempt) {
        ObjectRecord.SavedCopy saved = record.saved();
        Optional<ObjectHead> there = target.head(record.key());
        if (there.isPresent() && saved != null && saved.etag() != null && saved.etag().equals(there.get().etag())) {
            // Written back already, or never overwritten.
            return Done.NOTHING;
        }
        if (there.isEmpty() || !runs(record, made, there.get())) {
            return there.isEmpty() && made == null ? Done.NOTHING : Done.LEFT;
        }
        Optional<InputStream> copy = saved == null ? Optional.empty() : artifacts.open(saved.artifact());
        if (copy.isEmpty()) {
            throw new IllegalStateException("the copy of " + target.bucket() + "/" + record.key() + " saved before the run is gone");
        }
        attempt.sent = Done.RESTORED;
        try (InputStream body = copy.get()) {
            ObjectHead like = new ObjectHead(record.key(), saved.size(), null, null, saved.contentType(), saved.metadata(), null,
                    saved.encryption(), saved.kmsKeyId());
            ObjectStore.Written written = target.put(record.key(), like, body, saved.size(),
                    ObjectStore.Condition.matching(there.get().etag()));
            return written.done() ? Done.RESTORED : Done.LEFT;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The run's object at the key of a record whose write was never recorded, when the key holds one: the source object's
     * bytes, in an object the key did not have before the run (not one of its prior versions, not the saved one); null
     * when there is none.
     */
    private ObjectRecord.Written recognised(ObjectRecord record) {
        Optional<ObjectHead> there = target.head(record.key());
        if (there.isEmpty() || (record.priorVersions() != null && record.priorVersions().contains(there.get().versionId()))
                || (record.saved() != null && record.saved().etag() != null && record.saved().etag().equals(there.get().etag()))) {
            return null;
        }
        ObjectReader from = source.get();
        Optional<ObjectHead> original = from.head(files.openedKey(record.sourceKey()));
        if (original.isEmpty() || !ObjectComparison.of(from, original.get(), target, there.get()).same()) {
            return null;
        }
        return new ObjectRecord.Written(there.get().etag(), there.get().versionId());
    }
}
