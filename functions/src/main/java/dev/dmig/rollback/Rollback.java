package dev.dmig.rollback;

import dev.dmig.Reaches;
import dev.dmig.Tasks;
import dev.dmig.Settings;
import dev.dmig.analysis.WorkList;
import dev.dmig.journal.EntryReader;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.migrate.WriteGuard;
import dev.dmig.migrate.WriteRate;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunLock;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.run.SegmentFailures;
import dev.dmig.run.SegmentUnits;
import dev.dmig.run.WriterFence;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
import dev.dmig.store.TableInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Undoes a run from its journal: deletes the keys it created, puts back the pre-images of the
 * items it overwrote, children's tables first, each key only while it holds what the run left there ({@link ItemUndo}:
 * what production changed since is left as it is, and named). It first stops the run's writers ({@link WriterFence})
 * and waits for those mid-page, then works through the journal as listed, and is done only when a
 * new listing shows no entry it has not undone. Idempotent, so running it twice is harmless. A key
 * that cannot be restored after retries is recorded by name and the rollback is reported
 * incomplete, never successful.
 */
public final class Rollback {
    private static final long WRITER_POLL_MILLIS = 500;

    /** The process's own store; {@link #items} reaches a plan's sides from it. */
    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final ExecutorService writePool;
    private final ExecutorService segmentPool;
    private final Settings settings;
    private final Sleeper sleeper;
    private final WriterFence fence;
    private final WriteWindows windows;
    /** What the undo steps reach beside the tables and artifacts, by type. */
    private final Reaches reaches;

    /**
     * {@code writePool}: where the undo steps beside the tables do their work (a table's batches go on its own threads,
     * {@link WriteWindows}); {@code segmentPool}, another pool: where a level's segments are undone side by side, each
     * waiting for its batches. Its leases name this process, and it paces a throttled
     * table on its own, until {@link #with(WriterFence, WriteWindows)} says otherwise.
     */
    public Rollback(ItemStore items, ArtifactStore artifacts, ExecutorService writePool, ExecutorService segmentPool,
                    Settings settings, Sleeper sleeper) {
        this.home = items;
        this.artifacts = artifacts;
        this.writePool = writePool;
        this.segmentPool = segmentPool;
        this.settings = settings;
        this.sleeper = sleeper;
        this.fence = new WriterFence(artifacts);
        this.windows = new WriteWindows(settings.writeConcurrency(), settings.throttlePatienceMillis());
        this.reaches = Reaches.NONE;
    }

    /** {@code rollback}'s collaborators, but for the fence, the write windows and what the steps reach. */
    private Rollback(Rollback rollback, WriterFence fence, WriteWindows windows, Reaches reaches) {
        this.home = rollback.home;
        this.artifacts = rollback.artifacts;
        this.writePool = rollback.writePool;
        this.segmentPool = rollback.segmentPool;
        this.settings = rollback.settings;
        this.sleeper = rollback.sleeper;
        this.fence = fence;
        this.windows = windows;
        this.reaches = reaches;
    }

    /**
     * This rollback as one of the process's writers: its leases under the process's {@code fence}, and a throttled table
     * paced as one with the process's other writers through {@code windows}.
     */
    public Rollback with(WriterFence fence, WriteWindows windows) {
        return new Rollback(this, fence, windows, reaches);
    }

    /** This rollback, its undo steps reaching {@code reaches} (the buckets of plans' files) beside the tables. */
    public Rollback with(Reaches reaches) {
        return new Rollback(this, fence, windows, reaches);
    }

    private ItemStore items(MigrationPlan plan) {
        return home.across(plan.sides());
    }

    /** Rolls back in this call alone, looping on its deadline: what the unit tests and single-process callers use. */
    public RollbackProgress rollBack(String runId, String execution, RunManifest.Failure reason, Deadline deadline) {
        return rollBack(runId, execution, reason, deadline, false);
    }

    /**
     * Undoes the journal a level at a time, children's tables first, each (table, segment) of the journal on its own.
     * With {@code fanOut}, and a run large enough for a Distributed Map ({@link WorkList#fansOut}), each level comes
     * back once, not done, with its units in S3 for the {@code RollbackSegments} Map ({@link #rollBackSegment}); the
     * next call finds them undone (undoing what is left, if anything, itself) and goes on to the next level.
     *
     * <p>With a {@code reason} (state {@code Rollback}: a failure of the run's own execution led here), a run that had
     * passed validation is not undone: its data moved and is proven, and a failure after that (Validate's last write came
     * before it) finishes it; nothing is written, and the result says {@code validated}. Without one (state
     * {@code RollbackRun}, on request) Analyze has already held such a run to its input's {@code "confirm": true}.
     */
    public RollbackProgress rollBack(String runId, String execution, RunManifest.Failure reason, Deadline deadline,
                                     boolean fanOut) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        if (reason != null && manifest.rollbackNeedsConfirmation()) {
            return RollbackProgress.validatedRun();
        }
        MigrationPlan plan = RunFiles.plan(artifacts, manifest);
        // A failed Distributed Map names no table and no cause; its segment task recorded both.
        RunManifest.Failure explained = SegmentFailures.explain(artifacts, runId, reason);
        String progressKey = RunLayout.rollbackProgress(runId, execution);
        RollbackResult result = artifacts.getJson(progressKey, RollbackResult.class)
                .orElseGet(() -> begin(runId, execution, manifest, explained));
        String levelsKey = RunLayout.rollbackLevels(runId, execution);
        List<List<RunState.Unit>> levels = artifacts.getGzipJson(levelsKey, RunState.Unit[][].class)
                .map(found -> Stream.of(found).map(List::of).toList()).orElse(null);
        Call call = new Call(manifest, plan, execution, deadline);
        if (levels == null) {
            Optional<RollbackProgress> waiting = beforeTheFirstLevel(runId, call, result, deadline);
            if (waiting.isPresent()) {
                return waiting.get();
            }
            levels = journalLevels(runId, manifest, List.of());
            artifacts.putGzipJson(levelsKey, levels);
        }
        boolean fans = fanOut && manifest.segments() != null
                && WorkList.fansOut(manifest.segments(), settings.distributedMapSegments());
        while (true) {
            while (result.levelsDone() < levels.size()) {
                int level = result.levelsDone();
                List<RunState.Unit> units = levels.get(level);
                if (fans) {
                    RunState.S3Object handed = SegmentUnits.handOver(artifacts, settings.bucket(),
                            RunLayout.rollbackUnits(runId, execution, level), units);
                    if (handed != null) {
                        return result.progress(0, handed);
                    }
                }
                List<RollbackPart> parts = call.undoLevel(units);
                if (parts.stream().anyMatch(part -> !part.done)) {
                    return result.progress(0, null);
                }
                result = result.level(parts);
                artifacts.putJson(progressKey, result);
            }
            // Done only when the journal shows no (table, segment) this rollback has not undone, and no entry either.
            List<List<RunState.Unit>> more = journalLevels(runId, manifest, levels);
            if (more.isEmpty()) {
                more = reopened(runId, execution, levels, result);
            }
            if (more.isEmpty()) {
                return call.undoRun() ? call.finish(result, explained) : result.progress(0, null);
            }
            List<List<RunState.Unit>> extended = new ArrayList<>(levels);
            extended.addAll(more);
            levels = List.copyOf(extended);
            artifacts.putGzipJson(levelsKey, levels);
        }
    }

    /**
     * What comes before the first level is undone: writers that were mid-page when the fence went up finish that page
     * (undoing before they have would leave their last writes behind), and the call prepares. The progress of a call that
     * waits for either; empty once both are done.
     */
    private Optional<RollbackProgress> beforeTheFirstLevel(String runId, Call call, RollbackResult result, Deadline deadline) {
        List<WriterFence.Writer> writing = awaitWriters(runId, deadline);
        if (!writing.isEmpty()) {
            return Optional.of(new RollbackProgress(false, false, 0, 0, 0, writing.size()));
        }
        return call.prepare() ? Optional.empty() : Optional.of(result.progress(0, null));
    }

    /**
     * An execution's first call: raises the fence before anything is read (from here on no writer of the run starts
     * another page), marks the run rolling back, and stores the rollback's progress, nothing undone yet.
     */
    private RollbackResult begin(String runId, String execution, RunManifest manifest, RunManifest.Failure reason) {
        fence.raise(runId, execution);
        artifacts.putJson(RunLayout.manifest(runId), withReason(manifest, RunStatus.ROLLING_BACK, reason));
        RollbackResult result = new RollbackResult(runId, execution, reason == null ? null : reason.error(), 0, 0, 0, 0, 0, 0,
                List.of(), false, Instant.now().toString(), null);
        artifacts.putJson(RunLayout.rollbackProgress(runId, execution), result);
        return result;
    }

    /**
     * State {@code RollbackSegment}: undoes one (table, segment) of the journal, handed out by {@link #rollBack}, until
     * done or out of time; true when done. The level's tally is left to the next {@code Rollback} call.
     */
    public boolean rollBackSegment(String runId, String execution, RunState.Unit unit, Deadline deadline) {
        RunManifest manifest = RunFiles.manifest(artifacts, runId);
        MigrationPlan plan = RunFiles.plan(artifacts, manifest);
        // Under a lease, as a writer of the run: when the Map fails, Step Functions stops its child executions but not
        // their invocations, and the rollback does not end (nor release the target) while one may still write.
        WriterFence.Lease lease = fence.enter(runId, unit.table(), unit.segment(), deadline.invocationEnd());
        try {
            return new Call(manifest, plan, execution, deadline).undoSegment(unit, new AtomicBoolean()).done;
        } finally {
            if (!deadline.invocationOver()) {
                fence.leave(lease);
            }
        }
    }

    /**
     * One call of {@link #rollBack} or {@link #rollBackSegment}: the run, its plan, the batch writer and the deadline
     * every segment it undoes shares, and whether it has undone anything yet.
     */
    private final class Call {
        private final String runId;
        private final String execution;
        private final MigrationPlan plan;
        private final ItemStore target;
        private final Deadline deadline;
        /** What undoes each entry's items, a key only while it holds what the run left there. */
        private final ItemUndo items;
        /** What the features undo of each entry beside its items ({@link UndoSteps}), in order. */
        private final List<UndoStep> steps;
        /** The tables this call undoes, described once, and the run's later writes in each, read once. */
        private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();
        private final Map<String, LaterWrites> later = new ConcurrentHashMap<>();
        /**
         * Whether this call has undone anything yet, in any segment; until it has, the deadline does not stop it, so that
         * every call makes progress.
         */
        private final AtomicBoolean progressed = new AtomicBoolean();
        /** When the run began: a record of production's stamped later was written since. */
        private final Instant runStart;
        /**
         * Whether this execution undoes the run for a refresh: a record of the run's changed since is the run's copy too,
         * undone, and nothing is kept for what points to it, since the refresh's run writes the same keys again.
         */
        private final boolean refreshing;
        private final java.util.concurrent.atomic.AtomicReference<KeptRecords> kept = new java.util.concurrent.atomic.AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicReference<RunKeys> runKeys = new java.util.concurrent.atomic.AtomicReference<>();

        Call(RunManifest manifest, MigrationPlan plan, String execution, Deadline deadline) {
            this.runId = manifest.runId();
            this.execution = execution;
            this.plan = plan;
            this.target = items(plan);
            BatchWriter writer = new BatchWriter(target, WriteGuard.of(plan), sleeper, windows, WriteRate.UNLIMITED, deadline);
            this.runStart = Instant.parse(manifest.createdAt());
            this.refreshing = artifacts.get(RunLayout.rollbackRefreshing(runId, execution)).isPresent();
            this.items = new ItemUndo(target, writer, sleeper, runStart, refreshing);
            this.deadline = deadline;
            this.steps = UndoSteps.of(new UndoStep.Parts(runId, execution, plan, reaches, artifacts, writePool, target, this::runKeys));
        }

        /**
         * What the execution reads once, before anything is undone: the records it keeps ({@link KeptRecords}; none for a
         * refresh), then what each step reads ({@link UndoStep#prepare}); false while one is still reading when the call's time is up.
         */
        boolean prepare() {
            return (refreshing || KeptRecords.prepare(plan, target, artifacts, new KeptRecords.Search(runId, execution, this::runKeys, runStart),
                    deadline, KeptRecords.PAGE))
                    && steps.stream().allMatch(step -> step.prepare(deadline));
        }

        /** The keys the run created, read from its journal once per call, when first asked. */
        private RunKeys runKeys() {
            return runKeys.updateAndGet(read -> read != null ? read : RunKeys.of(artifacts, runId));
        }

        /** The records this execution keeps for what points to them, read once per call. */
        private KeptRecords kept() {
            return kept.updateAndGet(read -> read != null ? read : KeptRecords.read(artifacts, runId, execution));
        }

        /**
         * Undoes the (table, segment) units of one level side by side, in {@link #segmentPool}: the tables of a level do
         * not refer to one another, and each has its own write capacity, so a throttled target's tables are not undone one
         * after another at one table's pace. Returns the parts in the units' order once every unit has stopped (done, or
         * at the deadline); a unit that fails stops the others at their next entry, and its failure is thrown only after
         * they have all stopped, so that no delete of this call is in flight once it has returned or thrown.
         */
        List<RollbackPart> undoLevel(List<RunState.Unit> units) {
            AtomicBoolean failed = new AtomicBoolean();
            List<CompletableFuture<RollbackPart>> undoing = new ArrayList<>(units.size());
            for (RunState.Unit unit : units) {
                undoing.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return undoSegment(unit, failed);
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                }, segmentPool));
            }
            return Tasks.joinAll(undoing);
        }

        /**
         * Undoes one segment's journal entries in order, from where an earlier call stopped, then lists the segment
         * again: done only when a listing shows no entry after the last one undone. Until this call has undone anything,
         * in any segment, the deadline does not stop it ({@link #progressed}). {@code stop}: another segment of the
         * level failed; this one stops at its next entry, not done.
         */
        RollbackPart undoSegment(RunState.Unit unit, AtomicBoolean stop) {
            String key = RunLayout.rollbackPart(runId, execution, unit.table(), unit.segment());
            RollbackPart part = artifacts.getJson(key, RollbackPart.class).orElseGet(() -> new RollbackPart(unit.table(), unit.segment()));
            Journal journal = new Journal(artifacts);
            if (stop.get() || (progressed.get() && deadline.passed())) {
                // Its turn came too late for this call: one read of its part, no listing of its journal (a thousand units
                // queued behind a few threads, each listing past the deadline, would overrun the function's timeout).
                return part;
            }
            long landed = Landed.from(artifacts, runId, unit.table(), unit.segment());
            while (!part.done) {
                long after = part.lastSeq;
                List<String> entries = journal.entries(runId, unit.table(), unit.segment()).stream()
                        .filter(entry -> RunLayout.journalSeq(entry) > after).toList();
                if (entries.isEmpty()) {
                    part.done = true;
                    artifacts.putJson(key, part);
                    break;
                }
                try (EntryReader reader = journal.reader(entries)) {
                    while (reader.hasNext()) {
                        // Past the deadline only the call's very first entry is undone, by whichever segment claims it.
                        if (stop.get() || (deadline.passed() && !progressed.compareAndSet(false, true))) {
                            return part;
                        }
                        EntryReader.Read read = reader.next();
                        try {
                            long seq = RunLayout.journalSeq(read.key());
                            undo(read.entry(), part, seq, seq < landed);
                        } catch (OutOfTimeException e) {
                            // Undoing is idempotent: the next call undoes this entry again, whole.
                            return part;
                        }
                        progressed.set(true);
                        artifacts.putJson(key, part);
                    }
                }
            }
            return part;
        }

        /**
         * Undoes one journal entry: deletes the keys the run created, puts back what it overwrote, each only while the key
         * holds what the run left there ({@link ItemUndo}); a key journaled but never written (the run stopped between its
         * journal entry and its batch), or already deleted by an earlier rollback, is no item deleted, and a key production
         * changed since is left as it is, named. Then what the features journaled beside the items ({@link UndoSteps}): its
         * objects, which the run wrote before the items, so that no item left in the target names an object already gone.
         */
        private void undo(JournalEntry entry, RollbackPart part, long seq, boolean landed) {
            String table = plan.targetTable(entry.model());
            if (!table.equals(entry.targetTable())) {
                throw new IllegalStateException("journal entry for " + entry.model() + " names table " + entry.targetTable()
                        + ", not the plan's target table " + table + "; refusing to roll it back");
            }
            TableInfo info = tables.computeIfAbsent(table, name -> target.describe(name).orElseThrow(() ->
                    new IllegalStateException("table " + entry.model() + ": target table " + name + " disappeared")));
            LaterWrites again = later.computeIfAbsent(entry.model(), model -> LaterWrites.of(artifacts, runId, model));
            ItemUndo.Undone undone = items.undo(entry, info, again, landed, kept());
            // Every batch is tried; the keys of a batch that still fails after retries are named, the rest counted done.
            List<String> failedKeys = new ArrayList<>(undone.failed());
            part.failedBecause(undone.failedBecause());
            steps.forEach(step -> step.undo(entry, part, failedKeys));
            part.undid(seq, undone.deleted(), undone.absent().total(), undone.restored(), undone.skipped(), failedKeys);
            part.absentBecause(undone.absent());
            part.leftItems(undone.left());
            part.keptItems(undone.kept());
        }

        /** What the features undo of the run beside its journal's entries ({@link UndoStep#undoRun}); false when out of time. */
        boolean undoRun() {
            return steps.stream().allMatch(step -> step.undoRun(deadline));
        }

        /**
         * Once nothing is left to undo: the result stored as the run's, the run marked rolled back (or the rollback
         * incomplete), and the target released when complete; not yet while a writer of the run may still write.
         */
        RollbackProgress finish(RollbackResult result, RunManifest.Failure reason) {
            // A RollbackSegment task of a Map that failed may still be undoing: the rollback ends once none may write.
            List<WriterFence.Writer> stillWriting = awaitWriters(runId, deadline);
            if (!stillWriting.isEmpty()) {
                return result.progress(stillWriting.size(), null);
            }
            RollbackResult finished = result.finished(Instant.now().toString())
                    .besides(steps.stream().flatMap(step -> step.undidRun().stream()).toList());
            artifacts.putJson(RunLayout.rollbackProgress(runId, execution), finished);
            artifacts.putJson(RunLayout.rollback(runId), finished);
            RunStatus status = finished.failed() == 0 ? RunStatus.ROLLED_BACK : RunStatus.ROLLBACK_INCOMPLETE;
            artifacts.putJson(RunLayout.manifest(runId), withReason(RunFiles.manifest(artifacts, runId), status, reason));
            // An incomplete rollback keeps the environment locked: nothing else should write over keys still to restore.
            if (status == RunStatus.ROLLED_BACK) {
                new RunLock(artifacts).release(plan.targetSuffix(), runId);
            }
            return new RollbackProgress(true, finished.failed() == 0, finished.deleted(), finished.restored(), finished.failed(), 0,
                    null, reason == null ? null : new RollbackProgress.Reason(reason.error(), reason.cause()), false);
        }
    }

    /**
     * The segments already undone whose journal has gained an entry since (a writer that outlived its lease), as one
     * more level, each reopened from where it stopped with its counts set back to 0, since {@code result} has them.
     * A listing of the whole journal holding no more entries than {@code result} undid shows there is none.
     */
    private List<List<RunState.Unit>> reopened(String runId, String execution, List<List<RunState.Unit>> levels,
                                               RollbackResult result) {
        List<String> listed = new Journal(artifacts).entries(runId);
        if (listed.size() <= result.entries()) {
            return List.of();
        }
        Map<String, Long> lastListed = new HashMap<>();
        String prefix = RunLayout.journal(runId);
        for (String key : listed) {
            String unit = key.substring(prefix.length(), key.lastIndexOf('/'));
            lastListed.merge(unit, RunLayout.journalSeq(key), Math::max);
        }
        List<RunState.Unit> again = new ArrayList<>();
        for (List<RunState.Unit> level : levels) {
            for (RunState.Unit unit : level) {
                String key = RunLayout.rollbackPart(runId, execution, unit.table(), unit.segment());
                RollbackPart part = artifacts.getJson(key, RollbackPart.class).orElseThrow();
                if (lastListed.getOrDefault(unit.table() + "/" + unit.segment(), -1L) > part.lastSeq) {
                    RollbackPart rest = new RollbackPart(unit.table(), unit.segment());
                    rest.lastSeq = part.lastSeq;
                    artifacts.putJson(key, rest);
                    again.add(unit);
                }
            }
        }
        return again.isEmpty() ? List.of() : List.of(again);
    }

    /**
     * The (table, segment) prefixes of the run's journal not yet in {@code known}, as levels to undo in order: the run's
     * levels in reverse, so a live target never holds a child without its parent, then any table the manifest does not
     * name.
     */
    private List<List<RunState.Unit>> journalLevels(String runId, RunManifest manifest, List<List<RunState.Unit>> known) {
        Set<String> seen = new HashSet<>();
        known.forEach(level -> level.forEach(unit -> seen.add(unit.table() + "/" + unit.segment())));
        Map<String, List<RunState.Unit>> byModel = new LinkedHashMap<>();
        for (String model : artifacts.children(RunLayout.journal(runId))) {
            Integer total = manifest.segments() == null ? null : manifest.segments().get(model);
            for (String name : artifacts.children(RunLayout.journal(runId) + model + "/")) {
                if (name.matches("\\d+") && seen.add(model + "/" + name)) {
                    int segment = Integer.parseInt(name);
                    byModel.computeIfAbsent(model, m -> new ArrayList<>())
                            .add(new RunState.Unit(model, segment, total == null ? segment + 1 : total));
                }
            }
        }
        List<List<RunState.Unit>> levels = new ArrayList<>();
        List<List<String>> order = manifest.levels() == null ? new ArrayList<>() : new ArrayList<>(manifest.levels());
        Collections.reverse(order);
        for (List<String> level : order) {
            List<RunState.Unit> units = new ArrayList<>();
            level.forEach(model -> units.addAll(byModel.getOrDefault(model, List.of())));
            level.forEach(byModel::remove);
            if (!units.isEmpty()) {
                levels.add(units);
            }
        }
        if (!byModel.isEmpty()) {
            levels.add(byModel.values().stream().flatMap(List::stream).toList());
        }
        return levels;
    }

    /** Waits, within the deadline, until no lease of the run is live; returns those still live when it gave up. */
    private List<WriterFence.Writer> awaitWriters(String runId, Deadline deadline) {
        while (true) {
            List<WriterFence.Writer> writing = fence.liveWriters(runId, Instant.now());
            if (writing.isEmpty() || deadline.passed()) {
                return writing;
            }
            sleeper.sleep(Math.min(WRITER_POLL_MILLIS, Math.max(1, deadline.remainingMillis())));
        }
    }

    private static RunManifest withReason(RunManifest manifest, RunStatus status, RunManifest.Failure reason) {
        return reason == null ? manifest.with(status) : manifest.withFailure(status, reason);
    }
}
