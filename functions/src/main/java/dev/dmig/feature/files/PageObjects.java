package dev.dmig.feature.files;

import dev.dmig.Reaches;
import dev.dmig.Tasks;
import dev.dmig.journal.Journal;
import dev.dmig.migrate.FileSources;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.LateArrivalException;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.ValueWalk;
import dev.dmig.journal.JournalRecord.Action;
import dev.dmig.journal.ObjectRecord;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.FileReference;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.MissingFilePolicy;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.run.RunLayout;
import dev.dmig.files.Buckets;
import dev.dmig.files.ObjectComparison;
import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import dev.dmig.files.ObjectStore;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The objects of file references that one segment task copies with its items: for each page, what the target's bucket
 * holds at each new key (and, versioned, which versions it had), journaled with the page's items; then an object about to
 * be overwritten in an unversioned bucket is saved under the run's artifacts, and every object is written, before the
 * page's items are, so a record never points at a file not there yet. A key that is free is written only if it still is;
 * one that holds other content follows {@code onConflict}, as an item does. Following uses it for each page of changes
 * that put items naming files, as the copy does for each page it reads ({@link #live}: the run's own object at a key is
 * no conflict).
 */
public final class PageObjects implements PageCargo {
    private final MigrationPlan plan;
    private final ObjectReader source;
    private final ObjectStore target;
    private final boolean versioned;
    private final ArtifactStore artifacts;
    private final Journal journal;
    private final ExecutorService writePool;
    /**
     * Whether the source is live (followed): an object gone from it since the item named it is not a failure; null for
     * the copy, else the run's own object at a key as its journal last recorded it (null for a key the run has not written).
     */
    private final Function<String, ObjectRecord.Written> live;
    /** How the journal keeps each object's source key ({@link FileSources#keptKey}). */
    private final FileSources files;

    public PageObjects(MigrationPlan plan, ObjectReader source, ObjectStore target, ArtifactStore artifacts, Journal journal,
                       ExecutorService writePool) {
        this(plan, source, target, artifacts, journal, writePool, null);
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // the public constructor's, and the run's own objects when the source is live
    private PageObjects(MigrationPlan plan, ObjectReader source, ObjectStore target, ArtifactStore artifacts, Journal journal,
                        ExecutorService writePool, Function<String, ObjectRecord.Written> live) {
        this.live = live;
        this.plan = plan;
        this.files = FileSources.of(plan);
        this.source = source;
        this.target = target;
        this.versioned = target.versioned();
        this.artifacts = artifacts;
        this.journal = journal;
        this.writePool = writePool;
    }

    /**
     * The process's {@link PageCargo.Source}: a table that names files carries their objects, reached through
     * {@code buckets}; one that names none carries nothing.
     */
    static PageCargo.Source through(Reaches reaches) {
        Buckets buckets = reaches.get(Buckets.class, Buckets.NONE);
        return new PageCargo.Source() {
            @Override
            public PageCargo of(MigrationPlan plan, String model, ArtifactStore artifacts, Journal journal, ExecutorService writePool) {
                return carries(plan, model)
                        ? new PageObjects(plan, FileSources.of(plan).reader(buckets.source(plan)), buckets.target(plan), artifacts,
                                journal, writePool) : PageCargo.NONE;
            }

            @Override
            public boolean carries(MigrationPlan plan, String model) {
                return !plan.table(model).files().isEmpty();
            }
        };
    }

    /**
     * The keys of the target bucket's objects that {@code targetItems} (items as the target holds them, mapped) name
     * through the table's file references; a value that names no object is passed over.
     */
    public static Set<String> named(MigrationPlan plan, String model, List<Map<String, AttributeValue>> targetItems) {
        TablePlan table = plan.table(model);
        Set<String> keys = new java.util.TreeSet<>();
        for (Map<String, AttributeValue> item : targetItems) {
            for (Map.Entry<ReferencePath, FileReference> file : table.files().entrySet()) {
                ReferencePath path = file.getKey();
                ValueWalk.walk(item.get(path.attribute()), path, (value, source) -> {
                    try {
                        keys.add(file.getValue().objectKey(file.getValue().keyPart(value, plan.storage().targetBucket())));
                    } catch (IllegalArgumentException e) {
                        // Not a value of the bucket's (another bucket's URL, a malformed one): it names none of its objects.
                    }
                    return value;
                }, table, item);
            }
        }
        return keys;
    }

    /**
     * Each object the items name that the target's bucket lacks, or holds with other content than its source's: one line
     * naming the table, the key and the bucket. An object missing from the source too is the plan's {@code onMissing}'s.
     */
    @Override
    public List<String> missing(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> sources) {
        return found(transformer, model, sources).stream().map(found -> switch (found.state()) {
            case ABSENT -> "table " + model + ": object " + found.key() + " is not in bucket " + target.bucket();
            case DIFFERENT -> "table " + model + ": object " + found.key() + " in bucket " + target.bucket()
                    + " does not equal its source " + transformer.shownObjectKey(found.sourceKey(), found.key());
            case SAME, NO_SOURCE -> null;
        }).filter(Objects::nonNull).toList();
    }

    /**
     * Each object the items name, checked against the target's bucket: there at its new key with the source object's
     * size, then the same ETag, SHA-256 checksum or, when neither tells, the same bytes ({@link ObjectComparison}). An
     * object missing from the source (kept under {@code files.onMissing: keep}) has nothing to compare; one left with
     * other content under {@code onConflict: skip} is counted apart, as a skipped item is.
     */
    @Override
    public Compared compare(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> sources) {
        long checked = 0;
        long skipped = 0;
        List<String> examples = new ArrayList<>();
        Map<String, Long> standIns = new TreeMap<>();
        for (Found found : found(transformer, model, sources)) {
            boolean leftAlone = found.state() == State.NO_SOURCE
                    || found.state() == State.DIFFERENT && plan.onConflictOf(model).atTaken() == ConflictPolicy.Taken.LEAVE;
            if (leftAlone) {
                skipped++;
                continue;
            }
            checked++;
            String standIn = files.standIns(model, found.path());
            if (standIn != null && found.state() == State.SAME) {
                standIns.merge(standIn, 1L, Long::sum);
            }
            if (found.state() == State.ABSENT) {
                examples.add("table " + model + ": object " + found.key() + " is not in bucket " + target.bucket() + " (source "
                        + source.bucket() + "/" + transformer.shownObjectKey(found.sourceKey(), found.key()) + ")");
            } else if (found.state() == State.DIFFERENT) {
                examples.add("table " + model + ": object " + found.key() + " in bucket " + target.bucket() + " differs from "
                        + source.bucket() + "/" + transformer.shownObjectKey(found.sourceKey(), found.key()) + " ("
                        + found.difference() + ")");
            }
        }
        return new Compared(checked, examples.size(), skipped, List.copyOf(examples), standIns);
    }

    /** What a key holds against its source object. */
    private enum State { SAME, NO_SOURCE, ABSENT, DIFFERENT }

    /** One object the items name: its file's path, its target key, its source's key, what the target holds of it, and how it differs. */
    private record Found(String path, String key, String sourceKey, State state, String difference) {}

    /**
     * Each object {@code items} name, once, against its source: both heads read side by side (the target's is asked of
     * an object missing from the source too, where it is not needed: that is rare), several objects at once.
     */
    private List<Found> found(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> items) {
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> paths = new HashMap<>();
        FileWalk files = FileWalk.of(transformer);
        for (Map<String, AttributeValue> item : items) {
            files.forEach(model, item, (path, from, to) -> {
                keys.putIfAbsent(to, from);
                paths.putIfAbsent(to, path);
            });
        }
        return Reads.all(new ArrayList<>(keys.keySet()), key -> {
            String sourceKey = keys.get(key);
            String path = paths.get(key);
            CompletableFuture<Optional<ObjectHead>> there = Reads.start(() -> target.head(key));
            CompletableFuture<Optional<ObjectHead>> here = CompletableFuture.supplyAsync(() -> source.head(sourceKey), Runnable::run);
            List<Optional<ObjectHead>> heads = Tasks.joinAll(List.of(here, there));
            if (heads.get(0).isEmpty()) {
                return new Found(path, key, sourceKey, State.NO_SOURCE, null);
            }
            if (heads.get(1).isEmpty()) {
                return new Found(path, key, sourceKey, State.ABSENT, null);
            }
            ObjectComparison comparison = ObjectComparison.of(source, heads.get(0).get(), target, heads.get(1).get());
            return new Found(path, key, sourceKey, comparison.same() ? State.SAME : State.DIFFERENT,
                    comparison.same() ? null : comparison.difference());
        });
    }

    /**
     * These objects, for the changes of a followed source: a change's item may name an object the app has deleted since
     * (replaced by a later change, which following applies next), so an object missing from the source is not copied,
     * whatever {@code files.onMissing} says; the run's validation checks the objects of the source's items as they end.
     * {@code own}: the run's own object at a key as its journal last recorded it, or null: a file the app changed in place
     * is copied again over the run's own object, whatever {@code onConflict} says (the object is the run's, not someone
     * else's), journaled as rewriting it.
     */
    @Override
    public PageObjects live(Function<String, ObjectRecord.Written> own) {
        return new PageObjects(plan, source, target, artifacts, journal, writePool, own);
    }

    /**
     * The records of the objects {@code written}'s file values name (the source items of the page that are written), each
     * an earlier attempt's when it journaled one; {@code where}: run, table, segment and page, for the saved copies' place.
     */
    @Override
    public Planned plan(ItemTransformer transformer, String model, List<Map<String, AttributeValue>> written,
                 Map<String, ObjectRecord> recovered, String runId, int segment, long seq) {
        Map<String, String> keys = new LinkedHashMap<>();
        FileWalk files = FileWalk.of(transformer);
        for (Map<String, AttributeValue> item : written) {
            files.forEach(model, item, (path, from, to) -> keys.putIfAbsent(to, from));
        }
        if (keys.isEmpty()) {
            return Planned.NONE;
        }
        List<String> targetKeys = new ArrayList<>(keys.keySet());
        // Each key's source object and what the target holds are asked side by side: a page of files is two round trips a
        // key deep, not four (a key an earlier attempt journaled is not looked at in the target again).
        List<Headed> heads = Reads.all(targetKeys, key -> headed(keys.get(key), key, !recovered.containsKey(key)));
        List<ObjectRecord> records = new ArrayList<>();
        Map<String, ObjectHead> sources = new HashMap<>();
        Map<String, There> fresh = new LinkedHashMap<>();
        for (int i = 0; i < targetKeys.size(); i++) {
            String key = targetKeys.get(i);
            if (heads.get(i).source().isEmpty()) {
                missing(model, keys.get(key));
                continue;
            }
            sources.put(keys.get(key), heads.get(i).source().get());
            if (heads.get(i).target() != null) {
                fresh.put(key, heads.get(i).target());
            }
        }
        // What the run does at each key: at a key the target holds an object, a comparison that may read both (several at once).
        List<String> decided = List.copyOf(fresh.keySet());
        List<ObjectRecord> found = Reads.all(decided, key -> record(model, key, sources.get(keys.get(key)), fresh.get(key), runId, segment, seq));
        Map<String, ObjectRecord> planned = new HashMap<>();
        for (int i = 0; i < decided.size(); i++) {
            planned.put(decided.get(i), found.get(i));
        }
        for (String key : targetKeys) {
            ObjectRecord record = recovered.containsKey(key) ? recovered.get(key) : planned.get(key);
            if (record != null) {
                records.add(record);
            }
        }
        return new Planned(records, sources, Set.copyOf(recovered.keySet().stream().filter(keys::containsKey).toList()));
    }

    /** A key's source object, and what the target holds at it (null when not asked). */
    private record Headed(Optional<ObjectHead> source, There target) {}

    /** What the target holds at a key: its object's head (empty: none), and in a versioned bucket the versions before. */
    private record There(Optional<ObjectHead> head, List<String> prior) {}

    private Headed headed(String sourceKey, String key, boolean inTarget) {
        CompletableFuture<Optional<ObjectHead>> from = Reads.start(() -> source.head(sourceKey));
        CompletableFuture<There> there = inTarget ? Reads.start(() -> there(key)) : CompletableFuture.completedFuture(null);
        Tasks.joinAll(List.of(from, there));
        return new Headed(from.join(), there.join());
    }

    private There there(String key) {
        if (!versioned) {
            return new There(target.head(key), null);
        }
        List<ObjectStore.ObjectVersion> versions = target.versions(key);
        boolean current = versions.stream().anyMatch(v -> v.latest() && !v.deleteMarker());
        return new There(current ? target.head(key) : Optional.empty(), versions.stream().map(ObjectStore.ObjectVersion::versionId).toList());
    }

    /** A source object gone since analysis: under {@code refuse} the segment fails (and the run rolls back); else it is not copied. */
    private void missing(String model, String sourceKey) {
        if (live == null && plan.storage().onMissing() == MissingFilePolicy.REFUSE) {
            throw new ObjectMissingException("table " + model + ": object " + sourceKey + " is no longer in bucket " + source.bucket()
                    + " (it was at analysis; files.onMissing is refuse): restore it and resume, or run again with files.onMissing keep");
        }
    }

    /** What the run does at {@code key}, from what the target holds there now. */
    private ObjectRecord record(String model, String key, ObjectHead from, There found, String runId, int segment, long seq) {
        List<String> prior = found.prior();
        String sourceKey = files.keptKey(from.key());
        Optional<ObjectHead> there = found.head();
        if (there.isEmpty()) {
            return new ObjectRecord(Action.CREATED, key, sourceKey, prior, null);
        }
        if (ObjectComparison.of(source, from, target, there.get()).same()) {
            return new ObjectRecord(Action.SKIPPED, key, sourceKey, prior, null);
        }
        ObjectRecord.Written own = live == null ? null : live.apply(key);
        if (own != null && (versioned ? Objects.equals(own.versionId(), there.get().versionId()) : own.etag().equals(there.get().etag()))) {
            // The run's own object, the source's file changed since it was copied: copied again, its way back the key's first record's.
            return new ObjectRecord(Action.OVERWRITTEN, key, sourceKey, prior, null, null, own);
        }
        return switch (plan.onConflictOf(model).atTaken()) {
            case LEAVE -> new ObjectRecord(Action.SKIPPED, key, sourceKey, prior, null);
            case STOP -> throw late(model, key);
            case WRITE_OVER -> new ObjectRecord(Action.OVERWRITTEN, key, sourceKey, prior, saved(there.get(), runId, model, segment,
                    seq, key));
        };
    }

    /** Where an unversioned bucket's object the run writes over is saved first, and what it was; null in a versioned one. */
    private ObjectRecord.SavedCopy saved(ObjectHead before, String runId, String model, int segment, long seq, String key) {
        return versioned ? null : new ObjectRecord.SavedCopy(RunLayout.savedObject(runId, model, segment, seq, key),
                before.size(), before.contentType(), before.metadata(), before.etag(), before.encryption(), before.kmsKeyId());
    }

    private LateArrivalException late(String model, String key) {
        return new LateArrivalException("table " + model + ": object " + key + " appeared in bucket " + target.bucket()
                + " after analysis, with other content, at a key this run was writing; it was left as it is, and the run rolls"
                + " back. Something else writes to the bucket: stop it and run again, or set onConflict to skip");
    }

    /**
     * Writes the journaled {@code planned} objects: the pre-images of those it overwrites in an unversioned bucket first
     * (unless an earlier attempt saved them), then every copy, several at once, all ended before it returns or throws;
     * then records in the journal what each write made (the object a rollback undoes) and which keys something else took.
     * An earlier attempt's record that says what its write made is done; one that does not is first looked at, so that a
     * write of that attempt is recognised rather than made twice. Returns what the page's writes made by key, those of
     * an earlier attempt it recorded among them.
     */
    @Override
    public Map<String, ObjectRecord.Written> written(Planned planned, String runId, String model, int segment, long seq) {
        List<ObjectRecord> writes = planned.records().stream()
                .filter(r -> (r.action() == Action.CREATED || r.action() == Action.OVERWRITTEN) && r.written() == null).toList();
        List<ObjectRecord> copying = new ArrayList<>(writes.size());
        List<CompletableFuture<ObjectRecord.Written>> copies = new ArrayList<>(writes.size());
        for (ObjectRecord record : writes) {
            ObjectHead from = planned.sources().get(files.openedKey(record.sourceKey()));
            if (from == null) {
                // Its source object is gone and the plan keeps such references: nothing to copy.
                continue;
            }
            copying.add(record);
            boolean recovered = planned.recovered().contains(record.key());
            copies.add(CompletableFuture.supplyAsync(() -> write(record, from, recovered), writePool));
        }
        List<ObjectRecord.Written> made = Tasks.joinAll(copies);
        Map<String, ObjectRecord.Written> done = new HashMap<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < copying.size(); i++) {
            if (made.get(i) == null) {
                late.add(copying.get(i).key());
            } else {
                done.put(copying.get(i).key(), made.get(i));
            }
        }
        journal.settleObjects(runId, model, segment, seq, done, late);
        if (!late.isEmpty() && plan.onConflictOf(model).atTaken() == ConflictPolicy.Taken.STOP) {
            throw late(model, late.get(0));
        }
        // An earlier attempt's writes it recorded count too: the page was not checkpointed with them.
        planned.records().stream().filter(r -> r.written() != null).forEach(r -> done.putIfAbsent(r.key(), r.written()));
        return done;
    }

    /**
     * Writes one object; returns what the write made (or the run's own object found there), or null when something else
     * took the key first. An object the run overwrites in an unversioned bucket is overwritten only if it still is the
     * one saved. A record of an earlier attempt is first looked at: that attempt may have written it.
     */
    private ObjectRecord.Written write(ObjectRecord record, ObjectHead from, boolean recovered) {
        if (recovered) {
            ObjectRecord.Written found = runsObjectAt(record, from);
            if (found != null) {
                return found;
            }
        }
        ObjectRecord.SavedCopy saved = record.saved();
        if (saved != null && !artifacts.list(saved.artifact()).contains(saved.artifact())) {
            save(record.key(), saved);
        }
        ObjectStore.Condition condition = record.action() == Action.CREATED ? ObjectStore.Condition.ABSENT
                : saved != null && saved.etag() != null ? ObjectStore.Condition.matching(saved.etag())
                : record.rewrote() != null && !versioned ? ObjectStore.Condition.matching(record.rewrote().etag()) : ObjectStore.Condition.NONE;
        ObjectStore.Written written = target.copy(source, from, record.key(), condition);
        if (written.done()) {
            return new ObjectRecord.Written(written.etag(), written.versionId());
        }
        // Taken, or changed since it was saved: by this run's earlier attempt of the page (the same object) or by something else.
        return written.outcome() == ObjectStore.Outcome.CONDITION_FAILED ? runsObjectAt(record, from) : null;
    }

    /**
     * The run's own object at the record's key, if the key holds it now: the source's bytes, in a version the key did not
     * have before the run; null when it does not.
     */
    private ObjectRecord.Written runsObjectAt(ObjectRecord record, ObjectHead from) {
        Optional<ObjectHead> there = target.head(record.key());
        if (there.isEmpty() || !ObjectComparison.of(source, from, target, there.get()).same()
                || (record.priorVersions() != null && record.priorVersions().contains(there.get().versionId()))) {
            return null;
        }
        return new ObjectRecord.Written(there.get().etag(), there.get().versionId());
    }

    /**
     * Saves the object {@code key} holds before the run overwrites it, under the run's artifacts; under the object's own
     * KMS key when it has one, so that the copy is no less protected than the object.
     */
    private void save(String key, ObjectRecord.SavedCopy saved) {
        try (InputStream before = target.open(key)) {
            artifacts.putStreaming(saved.artifact(), saved.contentType(), kmsKeyOf(saved), before::transferTo);
        } catch (IOException e) {
            throw new UncheckedIOException("saving " + target.bucket() + "/" + key + " before overwriting it: " + e.getMessage(), e);
        }
    }

    private static String kmsKeyOf(ObjectRecord.SavedCopy saved) {
        return saved.encryption() != null && saved.encryption().startsWith("aws:kms") ? saved.kmsKeyId() : null;
    }
}
