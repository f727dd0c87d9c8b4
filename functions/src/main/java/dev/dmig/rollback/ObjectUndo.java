package dev.dmig.rollback;

import dev.dmig.Tasks;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.storage.ObjectHead;
import dev.dmig.storage.ObjectStore;
import dev.dmig.store.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Undoes a journal entry's objects in the target's Storage bucket, several at once. In a versioned bucket, every version
 * and delete marker of the key but those it had before the run is deleted, which leaves the key exactly as it was (the
 * object the run overwrote is current again; one it created is gone without a delete marker). In an unversioned bucket, an
 * object the run created is deleted and one it overwrote is written back from the copy saved before (none saved: the
 * run never overwrote it). Idempotent.
 */
final class ObjectUndo {
    private final ObjectStore target;
    private final ArtifactStore artifacts;
    private final ExecutorService pool;

    ObjectUndo(ObjectStore target, ArtifactStore artifacts, ExecutorService pool) {
        this.target = target;
        this.artifacts = artifacts;
        this.pool = pool;
    }

    /** What undoing an entry's objects did, and the objects it could not undo ({@code bucket/key}). */
    record Undone(long deleted, long restored, List<String> failed) {}

    private enum Done { NOTHING, DELETED, RESTORED, FAILED }

    Undone undo(List<ObjectRecord> records) {
        List<ObjectRecord> writes = records.stream().filter(r -> !r.action().leftAlone()).toList();
        List<CompletableFuture<Done>> undoing = new ArrayList<>(writes.size());
        for (ObjectRecord record : writes) {
            undoing.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return undo(record);
                } catch (RuntimeException e) {
                    // Named and counted: the rollback is incomplete, and says which object it could not restore.
                    return Done.FAILED;
                }
            }, pool));
        }
        List<Done> done = Tasks.joinAll(undoing);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
            if (done.get(i) == Done.FAILED) {
                failed.add(target.bucket() + "/" + writes.get(i).key());
            }
        }
        return new Undone(done.stream().filter(Done.DELETED::equals).count(), done.stream().filter(Done.RESTORED::equals).count(),
                failed);
    }

    private Done undo(ObjectRecord record) {
        boolean overwritten = record.action() == dev.dmig.journal.JournalRecord.Action.OVERWRITTEN;
        if (record.priorVersions() != null) {
            boolean any = false;
            for (ObjectStore.ObjectVersion version : target.versions(record.key())) {
                if (!record.priorVersions().contains(version.versionId())) {
                    target.deleteVersion(record.key(), version.versionId());
                    any = true;
                }
            }
            return !any ? Done.NOTHING : overwritten ? Done.RESTORED : Done.DELETED;
        }
        if (!overwritten) {
            if (target.head(record.key()).isEmpty()) {
                return Done.NOTHING;
            }
            target.delete(record.key());
            return Done.DELETED;
        }
        ObjectRecord.SavedCopy saved = record.saved();
        Optional<InputStream> copy = saved == null ? Optional.empty() : artifacts.open(saved.artifact());
        if (copy.isEmpty()) {
            return Done.NOTHING;
        }
        try (InputStream body = copy.get()) {
            target.put(record.key(), new ObjectHead(record.key(), saved.size(), null, null, saved.contentType(), saved.metadata(),
                    null, null), body, saved.size(), false);
            return Done.RESTORED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
