package dev.dmig.migrate;

import dev.dmig.Tasks;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalRecord.Action;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.MissingFilePolicy;
import dev.dmig.run.RunLayout;
import dev.dmig.storage.ObjectComparison;
import dev.dmig.storage.ObjectHead;
import dev.dmig.storage.ObjectReader;
import dev.dmig.storage.ObjectStore;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.Reads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The objects of file references that one segment task copies with its items: for each page, what the target's bucket
 * holds at each new key (and, versioned, which versions it had), journaled with the page's items; then an object about to
 * be overwritten in an unversioned bucket is saved under the run's artifacts, and every object is written, before the
 * page's items are, so a record never points at a file not there yet. A key that is free is written only if it still is;
 * one that holds other content follows {@code onConflict}, as an item does.
 */
final class PageObjects {
    private final MigrationPlan plan;
    private final ObjectReader source;
    private final ObjectStore target;
    private final boolean versioned;
    private final ArtifactStore artifacts;
    private final Journal journal;
    private final ExecutorService writePool;

    PageObjects(MigrationPlan plan, ObjectReader source, ObjectStore target, ArtifactStore artifacts, Journal journal,
                ExecutorService writePool) {
        this.plan = plan;
        this.source = source;
        this.target = target;
        this.versioned = target.versioned();
        this.artifacts = artifacts;
        this.journal = journal;
        this.writePool = writePool;
    }

    /** What one page writes: its records, to journal, and the source objects' heads, to copy from. */
    record Planned(List<ObjectRecord> records, Map<String, ObjectHead> sources) {
        static final Planned NONE = new Planned(List.of(), Map.of());
    }

    /**
     * The records of the objects {@code written}'s file values name (the source items of the page that are written), each
     * an earlier attempt's when it journaled one; {@code where}: run, table, segment and page, for the saved copies' place.
     */
    Planned plan(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> written,
                 Map<String, ObjectRecord> recovered, String runId, int segment, long seq) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : written) {
            transformer.forEachFile(model, item, (path, from, to) -> keys.putIfAbsent(to, from));
        }
        if (keys.isEmpty()) {
            return Planned.NONE;
        }
        List<String> targetKeys = new ArrayList<>(keys.keySet());
        List<Optional<ObjectHead>> heads = Reads.all(targetKeys, key -> source.head(keys.get(key)));
        List<ObjectRecord> records = new ArrayList<>();
        Map<String, ObjectHead> sources = new HashMap<>();
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < targetKeys.size(); i++) {
            String key = targetKeys.get(i);
            if (heads.get(i).isEmpty()) {
                missing(model, keys.get(key));
                continue;
            }
            sources.put(keys.get(key), heads.get(i).get());
            if (!recovered.containsKey(key)) {
                fresh.add(key);
            }
        }
        Map<String, ObjectRecord> planned = new HashMap<>();
        List<ObjectRecord> found = Reads.all(fresh, key -> record(model, key, sources.get(keys.get(key)), runId, segment, seq));
        for (int i = 0; i < fresh.size(); i++) {
            planned.put(fresh.get(i), found.get(i));
        }
        for (String key : targetKeys) {
            ObjectRecord record = recovered.containsKey(key) ? recovered.get(key) : planned.get(key);
            if (record != null) {
                records.add(record);
            }
        }
        return new Planned(records, sources);
    }

    /** A source object gone since analysis: under {@code refuse} the segment fails (and the run rolls back); else it is not copied. */
    private void missing(String model, String sourceKey) {
        if (plan.storage().onMissing() == MissingFilePolicy.REFUSE) {
            throw new ObjectMissingException("table " + model + ": object " + sourceKey + " is no longer in bucket " + source.bucket()
                    + " (it was at analysis; files.onMissing is refuse): restore it and resume, or run again with files.onMissing keep");
        }
    }

    /** What the target holds at {@code key} now, and so what the run does there. */
    private ObjectRecord record(String model, String key, ObjectHead from, String runId, int segment, long seq) {
        List<String> prior = null;
        Optional<ObjectHead> there;
        if (versioned) {
            List<ObjectStore.ObjectVersion> versions = target.versions(key);
            prior = versions.stream().map(ObjectStore.ObjectVersion::versionId).toList();
            boolean current = versions.stream().anyMatch(v -> v.latest() && !v.deleteMarker());
            there = current ? target.head(key) : Optional.empty();
        } else {
            there = target.head(key);
        }
        if (there.isEmpty()) {
            return new ObjectRecord(Action.CREATED, key, from.key(), prior, null);
        }
        if (ObjectComparison.of(source, from, target, there.get()).same() || plan.onConflict() == ConflictPolicy.SKIP) {
            return new ObjectRecord(Action.SKIPPED, key, from.key(), prior, null);
        }
        if (plan.onConflict() == ConflictPolicy.ABORT) {
            throw late(model, key);
        }
        ObjectRecord.SavedCopy saved = versioned ? null : new ObjectRecord.SavedCopy(RunLayout.savedObject(runId, model, segment, seq, key),
                there.get().size(), there.get().contentType(), there.get().metadata());
        return new ObjectRecord(Action.OVERWRITTEN, key, from.key(), prior, saved);
    }

    private LateArrivalException late(String model, String key) {
        return new LateArrivalException("table " + model + ": object " + key + " appeared in bucket " + target.bucket()
                + " after analysis, with other content, at a key this run was writing; it was left as it is, and the run rolls"
                + " back. Something else writes to the bucket: stop it and run again, or set onConflict to skip");
    }

    /**
     * Writes the journaled {@code planned} objects: the pre-images of those it overwrites in an unversioned bucket first
     * (unless an earlier attempt saved them), then every copy, several at once, all ended before it returns or throws.
     * Returns how many objects it wrote.
     */
    long write(Planned planned, String runId, String model, int segment, long seq) {
        List<ObjectRecord> writes = planned.records().stream()
                .filter(r -> r.action() == Action.CREATED || r.action() == Action.OVERWRITTEN).toList();
        List<CompletableFuture<String>> copies = new ArrayList<>(writes.size());
        for (ObjectRecord record : writes) {
            ObjectHead from = planned.sources().get(record.sourceKey());
            if (from == null) {
                // Its source object is gone and the plan keeps such references: nothing to copy.
                continue;
            }
            copies.add(CompletableFuture.supplyAsync(() -> write(record, from), writePool));
        }
        List<String> late = Tasks.joinAll(copies).stream().filter(java.util.Objects::nonNull).toList();
        if (!late.isEmpty()) {
            journal.markObjectsLate(runId, model, segment, seq, late);
            if (plan.onConflict() == ConflictPolicy.ABORT) {
                throw late(model, late.get(0));
            }
        }
        return (long) copies.size() - late.size();
    }

    /** Writes one object; returns its key when something else took the key first, else null. */
    private String write(ObjectRecord record, ObjectHead from) {
        if (record.saved() != null && !artifacts.list(record.saved().artifact()).contains(record.saved().artifact())) {
            try (InputStream before = target.open(record.key())) {
                artifacts.putStreaming(record.saved().artifact(), record.saved().contentType(), before::transferTo);
            } catch (IOException e) {
                throw new UncheckedIOException("saving " + target.bucket() + "/" + record.key() + " before overwriting it: "
                        + e.getMessage(), e);
            }
        }
        boolean ifAbsent = record.action() == Action.CREATED;
        if (target.copy(source, from, record.key(), ifAbsent) == ObjectStore.Written.WRITTEN) {
            return null;
        }
        // Taken: by this run's earlier attempt of the page (the same object) or by something else.
        Optional<ObjectHead> there = target.head(record.key());
        return there.isPresent() && ObjectComparison.of(source, from, target, there.get()).same() ? null : record.key();
    }
}
