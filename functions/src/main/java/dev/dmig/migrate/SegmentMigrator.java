package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.Tasks;
import dev.dmig.journal.Journal;
import dev.dmig.journal.JournalEntry;
import dev.dmig.journal.JournalRecord;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.OutOfTimeException;
import dev.dmig.run.RunFiles;
import dev.dmig.run.SourceView;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.WriterFence;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ContentDigest;
import dev.dmig.store.ItemHash;
import dev.dmig.store.DynamoJson;
import dev.dmig.store.GuardedWrite;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.ItemStore;
import dev.dmig.store.PageSpool;
import dev.dmig.store.Reads;
import dev.dmig.store.ScanAhead;
import dev.dmig.store.ScanPage;
import dev.dmig.store.Sleeper;
import dev.dmig.store.TableInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Copies one scan segment of one table until it is done or the deadline passes: page by page,
 * journal first, then the page's batches, then the checkpoint, with the next page's journal and
 * batches overlapping this page's batches. A repeated call continues from the checkpoint; pages
 * interrupted half-way are re-written with identical content.
 *
 * <p>Under {@code abort} and {@code skip}, a table whose keys a live application could also write (any
 * key other than the table's own new SHA-256 ID: preserved IDs, sort keys, keys made of references) is
 * written only where its keys are still free, so that an item that appeared after analysis (a late
 * arrival) is never overwritten, nor deleted by a rollback. Under {@code skip} such items are skipped
 * and counted; under {@code abort} the segment fails ({@link LateArrivalException}) and the run rolls back.
 */
public final class SegmentMigrator {
    /** The process's own store; {@link #items} reaches a plan's sides from it. */
    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final Journal journal;
    private final WriterFence fence;
    private final ExecutorService writePool;
    private final FaultInjector faults;
    /**
     * Invocations in a row that may run out of time before a page is written, with nothing of it
     * accepted by the table, before the segment fails.
     */
    static final int MAX_STALLS = 3;
    private static final long OTHER_WRITER_POLL_MILLIS = 500;

    private final int pageSize;
    private final WriteWindows windows;
    private final Sleeper sleeper = Sleeper.REAL;
    /** What travels with each page (its items' objects), written before the page's items. */
    private final PageCargo.Source cargo;
    /** What is checked of each page's copies beside their source items, kept in the checkpoint. */
    private final PageCheck.Source checks;
    /** The pages the run's analysis read in this process, which the copy takes instead of reading them again. */
    private final PageSpool spool;

    public SegmentMigrator(ItemStore items, ArtifactStore artifacts, ExecutorService writePool, FaultInjector faults,
                           int pageSize, WriteWindows windows) {
        this(items, artifacts, new WriterFence(artifacts), writePool, faults, pageSize, windows);
    }

    public SegmentMigrator(ItemStore items, ArtifactStore artifacts, WriterFence fence, ExecutorService writePool,
                           FaultInjector faults, int pageSize, WriteWindows windows) {
        this.home = items;
        this.artifacts = artifacts;
        this.journal = new Journal(artifacts);
        this.fence = fence;
        this.writePool = writePool;
        this.faults = faults;
        this.pageSize = pageSize;
        this.windows = windows;
        this.cargo = PageCargo.Source.NONE;
        this.checks = PageCheck.Source.NONE;
        this.spool = PageSpool.NONE;
    }

    private SegmentMigrator(SegmentMigrator migrator, PageCargo.Source cargo, PageCheck.Source checks, PageSpool spool) {
        this.home = migrator.home;
        this.artifacts = migrator.artifacts;
        this.journal = migrator.journal;
        this.fence = migrator.fence;
        this.writePool = migrator.writePool;
        this.faults = migrator.faults;
        this.pageSize = migrator.pageSize;
        this.windows = migrator.windows;
        this.cargo = cargo;
        this.checks = checks;
        this.spool = spool;
    }

    /** This migrator, carrying with each page what {@code cargo} says travels with it. */
    public SegmentMigrator with(PageCargo.Source cargo) {
        return new SegmentMigrator(this, cargo, checks, spool);
    }

    /** This migrator, checking each page's copies as {@code checks} says, its findings kept in the checkpoints. */
    public SegmentMigrator with(PageCheck.Source checks) {
        return new SegmentMigrator(this, cargo, checks, spool);
    }

    /**
     * This migrator, taking from {@code spool} each source page the run's analysis kept there, under the very scan the
     * copy would make, rather than reading it again ({@link PageSpool}); any other page is read from the source.
     */
    public SegmentMigrator with(PageSpool spool) {
        return new SegmentMigrator(this, cargo, checks, spool);
    }

    private ItemStore items(MigrationPlan plan) {
        return home.across(plan.sides());
    }

    public SegmentProgress migrate(String runId, String model, int segment, int totalSegments, Deadline deadline) {
        return migrate(runId, model, segment, totalSegments, 0, deadline);
    }

    /**
     * As {@link #migrate(String, String, int, int, Deadline)}; {@code writeSeconds}: about how long the table's writes take
     * at the rate its target accepts (the analysis's, 0 when not known), by which this process orders the calls of the
     * tables it writes ({@link WriteWindows#pace}).
     */
    public SegmentProgress migrate(String runId, String model, int segment, int totalSegments, double writeSeconds,
                                   Deadline deadline) {
        String checkpointKey = RunLayout.checkpoint(runId, model, segment);
        // The checkpoint beside the manifest, before the plan the manifest names: two round trips, not three.
        CompletableFuture<Optional<Checkpoint>> stored = Reads.start(() -> artifacts.getJson(checkpointKey, Checkpoint.class));
        CompletableFuture<RunManifest> opened = Reads.start(() -> RunFiles.manifest(artifacts, runId));
        Tasks.joinAll(List.of(stored, opened));
        RunManifest manifest = opened.join();
        MigrationPlan plan = RunFiles.plan(artifacts, manifest);
        Checkpoint checkpoint = stored.join().orElseGet(() -> Checkpoint.start(model, segment, totalSegments));
        if (checkpoint.done()) {
            return SegmentProgress.of(checkpoint);
        }
        if (writeSeconds > 0) {
            windows.pace(plan.targetTable(model), writeSeconds);
        }
        WriterFence.Lease lease = fence.enter(runId, model, segment, deadline.invocationEnd());
        try {
            if (!othersGone(lease, deadline)) {
                // Still there at this invocation's end: hand back, and the state machine calls again.
                return SegmentProgress.of(checkpoint);
            }
            // Read again: a writer this call waited for may have moved the checkpoint on.
            checkpoint = artifacts.getJson(checkpointKey, Checkpoint.class).orElse(checkpoint);
            if (checkpoint.done()) {
                return SegmentProgress.of(checkpoint);
            }
            return new Invocation(plan, manifest, lease, totalSegments, deadline, checkpointKey, checkpoint.invoked()).run();
        } finally {
            // An invocation past its timeout may still have requests in flight: its lease runs out by itself.
            if (!deadline.invocationOver()) {
                fence.leave(lease);
            }
        }
    }

    /**
     * Waits, within this invocation's time, until no other invocation may still be writing this segment:
     * after {@code dmig stop}, a Lambda invocation of the stopped execution finishes its page while a
     * resumed execution already calls the same segment, and two writers of one segment could journal
     * each other's items as the target's own. False when one still may at the deadline.
     */
    private boolean othersGone(WriterFence.Lease lease, Deadline deadline) {
        while (!fence.othersOnSegment(lease, Instant.now()).isEmpty()) {
            if (deadline.remainingMillis() <= OTHER_WRITER_POLL_MILLIS) {
                return false;
            }
            sleeper.sleep(OTHER_WRITER_POLL_MILLIS);
        }
        return true;
    }

    /**
     * Items per page: the configured size, but under a write-rate limit no more than this task may
     * write in half its safety margin, so that a paced page always ends before Lambda's timeout.
     */
    int pageSize(WriteRate rate, Deadline deadline) {
        if (!rate.limited() || deadline.marginMillis() == Long.MAX_VALUE) {
            return pageSize;
        }
        long fits = (long) (rate.itemsPerSecond() * deadline.marginMillis() / 2_000.0);
        return (int) Math.max(1, Math.min(pageSize, fits));
    }

    /** {@link #pageSize(WriteRate, Deadline)}, no larger than a slowly accepting table has shown fits an invocation. */
    private int pageSize(WriteRate rate, Deadline deadline, Checkpoint checkpoint) {
        int size = pageSize(rate, deadline);
        return checkpoint.pageLimit() > 0 ? Math.min(size, checkpoint.pageLimit()) : size;
    }

    /**
     * Whether this table's puts of items to create go only-if-absent, leaving keys that are taken alone (a conditional
     * PutItem each, at a batched put's write units): unless its only key is the item's own new SHA-256 ID, which nothing
     * but this migration can have produced (a key built by a pattern, {@code USER#<id>}, an application can build too).
     * Under {@code overwrite} too: it writes over what the page's read found there, its pre-image journaled first, and a
     * record that appears at a key read empty, between the read and the write, is left as it is (late) rather than
     * written over with no pre-image. A table whose items may write over the target's records (a match's update) guards
     * every write ({@link #writesGuarded}).
     */
    static boolean writesIfAbsent(ItemTransformer transformer, String model, TableInfo target) {
        MigrationPlan plan = transformer.plan();
        var table = plan.table(model);
        if (writesGuarded(transformer, model)) {
            return false;
        }
        boolean ownNewIdOnly = table.ids() == IdStrategy.SHA256 && !table.idMapped() && target.rangeKey() == null
                && target.hashKey().name().equals(table.idAttribute());
        return !ownNewIdOnly;
    }

    /**
     * Whether every write of this table is a {@link GuardedWrite}: a table whose items may write over the target's records
     * (a match's update), where production keeps writing. An item to create is put only where its key is still free, as
     * under {@link #writesIfAbsent}, whatever the table's key (one PutItem each, at a batched write's units); an item
     * written over a record only while the key holds the record as journaled. (In any table, a write over a record is
     * guarded so.)
     */
    static boolean writesGuarded(ItemTransformer transformer, String model) {
        return transformer.writesOver(model);
    }

    private static Map<String, Map<String, AttributeValue>> existingAt(ItemStore items, TableInfo target,
                                                                       List<Map<String, AttributeValue>> transformed) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(transformed.size());
        transformed.forEach(item -> keys.add(target.keyOf(item)));
        Map<String, Map<String, AttributeValue>> existing = new HashMap<>();
        for (Map<String, AttributeValue> item : items.getAll(target.name(), keys, true)) {
            existing.put(DynamoJson.item(target.keyOf(item)).toString(), item);
        }
        return existing;
    }

    /**
     * One page of the segment, read, mapped and journaled, with what is left to write ({@code writes}); {@code carries}: its stored entry also holds an earlier attempt's records for keys past it (that attempt read a
     * larger page); {@code lateKeys}: keys an earlier attempt of the page found another item at (recovered {@code LATE});
     * {@code changedBefore}: records an earlier attempt found changed since it journaled them (recovered
     * {@code CHANGED}); {@code source}:
     * the digest of the source items it read, which validation compares with the analysis's; {@code dropped}: the items
     * it read and does not copy on purpose, by why (among the skipped); {@code carried}: how many things its cargo wrote
     * ({@link PageCargo#write}); {@code findings}: what the page's check found in its copies ({@link PageCheck}).
     */
    private record Page(long seq, JsonNode lastKey, boolean last, int read, Writes writes, long readRetries, long started,
                        boolean carries, List<JsonNode> lateKeys, long changedBefore, ContentDigest source, LeftBehind dropped,
                        long carried, List<PageFindings.Found> findings) {}

    /**
     * What a page writes: {@code puts}, batched; {@code guarded}, each only while its key holds what the journal expects
     * (nothing, for an item to create only-if-absent); and {@code seen}, writes over a record a redo of the page found changed
     * since its journal entry (production edited it meanwhile), not sent: each is found in the way, as a guarded write
     * would find it, and the read shows an attribute production added, which the write's condition does not name;
     * {@code over}: the keys ({@link Journal#keyId}) of the writes over a record, the others creating an item.
     */
    private record Writes(List<WriteRequest> puts, List<GuardedWrite> guarded, List<BatchWriter.Found> seen, Set<String> over) {
        Writes() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new HashSet<>());
        }

        /** How many items the page was to write. */
        int size() {
            return puts.size() + guarded.size() + seen.size();
        }
    }

    /** A page whose batches were submitted, and them. */
    private record InFlight(Page page, BatchWriter.Pending pending) {}

    /**
     * One invocation of one segment's task, holding its lease: what every page it reads, maps and journals shares, the
     * writer of their batches, and the checkpoint it advances after each page.
     */
    private final class Invocation {
        private final WriterFence.Lease lease;
        private final String runId;
        private final String model;
        private final int segment;
        private final int totalSegments;
        private final MigrationPlan plan;
        private final Deadline deadline;
        private final String checkpointKey;
        private final BatchWriter writer;
        private final ItemTransformer transformer;
        private final ItemStore source;
        private final String sourceTable;
        private final String targetTable;
        private final TableInfo target;
        private final Journal.Recovery recovery;
        private final Set<String> adopted;
        private final int pageSize;
        /** What the run does at a key the target holds with a record of its own ({@code onConflict}). */
        private final ConflictPolicy onConflict;
        /** Whether the items to create are put only where their key is free ({@link #writesIfAbsent}). */
        private final boolean ifAbsent;
        /** Whether every write is guarded ({@link SegmentMigrator#writesGuarded}), not only those over a record. */
        private final boolean guardsAll;
        /** What travels with each page of the table. */
        private final PageCargo carried;
        /** What is checked of each page's copies. */
        private final PageCheck check;
        /** Where the segment stands: advanced past every page this invocation writes. */
        private Checkpoint checkpoint;
        /** Items the table accepted up to the last checkpoint this invocation saved. */
        private long checkpointed;
        /** The writer's retries already summed into a checkpoint. */
        private long retriesCounted;
        private long sdkCounted;
        /** When the page the next checkpoint ends began ({@link System#nanoTime()}). */
        private long since;
        /** The segment's source pages from the checkpoint on, each read while the one before is mapped and written. */
        private ScanAhead pages;
        /** Retries of every page's read, and those already summed into a page. */
        private final AtomicLong readRetries = new AtomicLong();
        private long readRetriesCounted;
        /** The fence looked at beside the last checkpoint's write, for the next page; null when it is not. */
        private CompletableFuture<Boolean> fenceAhead;

        Invocation(MigrationPlan plan, RunManifest manifest, WriterFence.Lease lease, int totalSegments, Deadline deadline,
                   String checkpointKey, Checkpoint checkpoint) {
            this.plan = plan;
            this.lease = lease;
            this.runId = lease.runId();
            this.model = lease.writer().table();
            this.segment = lease.writer().segment();
            this.totalSegments = totalSegments;
            this.deadline = deadline;
            this.checkpointKey = checkpointKey;
            this.checkpoint = checkpoint;
            this.onConflict = plan.onConflictOf(model);
            WriteRate rate = WriteRate.share(plan.writeRateLimitOf(model), totalSegments);
            this.writer = new BatchWriter(items(plan), WriteGuard.of(plan), sleeper, windows, rate, deadline);
            this.pageSize = pageSize(rate, deadline, checkpoint);
            this.sourceTable = plan.sourceTable(model);
            this.targetTable = plan.targetTable(model);
            // What the pages share, read side by side: each is a round trip of its own (tens of ms on S3), and none needs another.
            CompletableFuture<TableInfo> described = Reads.start(() -> items(plan).describe(targetTable)
                    .orElseThrow(() -> new IllegalStateException("table " + model + ": target table " + targetTable + " disappeared")));
            CompletableFuture<RunMappings> mappings = Reads.start(() -> RunMappings.of(artifacts, plan, manifest));
            CompletableFuture<Journal.Recovery> recovered = Reads.start(
                    () -> journal.recover(runId, model, segment, checkpoint.nextSeq(), checkpoint.carryingSeqs()));
            CompletableFuture<Set<String>> adoptedKeys = Reads.start(
                    () -> onConflict.adoptsTestRecords() ? RunFiles.adopted(artifacts, runId, model) : Set.of());
            // The source as the run sees it: a run with roots reads only its slice's members of each source page.
            CompletableFuture<ItemStore> seen = Reads.start(
                    () -> SourceView.of(artifacts, runId).of(items(plan), plan.sourceSuffix()));
            CompletableFuture<PageCargo> cargoOf = Reads.start(() -> cargo.of(plan, model, artifacts, journal, writePool));
            Tasks.joinAll(List.of(described, mappings, recovered, adoptedKeys, seen, cargoOf));
            this.target = described.join();
            this.transformer = new ItemTransformer(plan, mappings.join().askingSource(items(plan), plan));
            this.recovery = recovered.join();
            this.adopted = adoptedKeys.join();
            // A page the analysis kept in this process is taken from there, once; every other page is read as before.
            this.source = spool.serving(runId, seen.join());
            this.ifAbsent = writesIfAbsent(transformer, model, target);
            this.guardsAll = writesGuarded(transformer, model);
            this.carried = cargoOf.join();
            this.check = checks.of(plan, manifest, model, transformer, mappings.join());
        }

        SegmentProgress run() {
            try {
                return pages();
            } catch (OutOfTimeException e) {
                fenceAheadEnded(e);
                // The page in hand is redone by the next call (its journal entry is reused); checkpoints saved before stand.
                return stalled(e, writer.accepted() - checkpointed);
            } catch (RuntimeException | Error e) {
                fenceAheadEnded(e);
                throw e;
            }
        }

        /** Waits for a look at the fence started for a page this invocation will not prepare; what it threw goes with {@code failure}. */
        private void fenceAheadEnded(Throwable failure) {
            CompletableFuture<Boolean> looking = takeFenceAhead();
            if (looking == null) {
                return;
            }
            try {
                Tasks.join(looking);
            } catch (RuntimeException | Error other) {
                failure.addSuppressed(other);
            }
        }

        /**
         * Records an invocation that ran out of time before finishing a page, and hands back so that the
         * state machine calls again. If the table accepted part of the page ({@code accepted} items since
         * the last checkpoint), the segment is progressing slowly (a throttled table): its pages shrink to
         * half of that, so that the next invocation can finish one. If it accepted nothing, that is a
         * stall; after {@link SegmentMigrator#MAX_STALLS} in a row the segment cannot progress within one invocation and
         * fails, saying what to change.
         */
        private SegmentProgress stalled(OutOfTimeException cause, long accepted) {
            Checkpoint last = artifacts.getJson(checkpointKey, Checkpoint.class).orElseGet(() -> Checkpoint.start(model, segment, 1));
            if (accepted > 0) {
                Checkpoint slowed = last.slowed((int) Math.min(Integer.MAX_VALUE, accepted / 2));
                artifacts.putJson(checkpointKey, slowed);
                return SegmentProgress.of(slowed);
            }
            Checkpoint saved = last.stalled();
            if (saved.stalls() >= MAX_STALLS) {
                throw new SegmentStalledException("table " + model + " segment " + segment + ": " + MAX_STALLS
                        + " invocations in a row ran out of time before a page was written (" + cause.getMessage()
                        + "); lower DMIG_PAGE_SIZE or writeRateLimit's share per segment, or raise the function's timeout", cause);
            }
            artifacts.putJson(checkpointKey, saved);
            return SegmentProgress.of(saved);
        }

        /**
         * Writes pages until the segment's last or the deadline. Pipelined, up to two pages' batches in flight: while
         * one page's batches are written, the next page is read, mapped, journaled and its batches submitted. The order
         * that matters holds for every page: its journal entry, then its writes, then its checkpoint (which also follows
         * every earlier page's writes).
         */
        private SegmentProgress pages() {
            pages = new ScanAhead(source, sourceTable, segment, totalSegments, transformer.scanKey(model, checkpoint.lastEvaluatedKey()),
                    pageSize,
                    false, () -> !deadline.passed(), readRetries);
            Page page = prepare(checkpoint.nextSeq());
            since = page.started();
            InFlight writing = submit(page);
            while (true) {
                Page next = null;
                InFlight nextWriting = null;
                if (!page.last() && !deadline.passed()) {
                    Page current = page;
                    next = whileWriting(writing, () -> prepare(current.seq() + 1));
                    Page following = next;
                    // Under a write-rate limit, submitting waits out the pace: it would hold this page's checkpoint
                    // back (and the progress people watch) for no speed, so the next page is submitted after it.
                    nextWriting = writer.paced() ? null : whileWriting(writing, () -> submit(following));
                }
                checkpointAfter(writing, nextWriting, next != null && !next.last());
                // After a deadline, a next page already submitted is still awaited and checkpointed by one more turn.
                if (next == null) {
                    // A look at the fence started for a page the deadline then left to the next call ends here: a raised
                    // fence still ends the invocation as it would have ended that page.
                    CompletableFuture<Boolean> looking = takeFenceAhead();
                    if (looking != null) {
                        Tasks.join(looking);
                    }
                    return SegmentProgress.of(checkpoint);
                }
                page = next;
                writing = nextWriting != null ? nextWriting : submit(page);
            }
        }

        private InFlight submit(Page page) {
            faults.beforeBatch(runId, model, segment, checkpoint.itemsWritten());
            Writes writes = page.writes();
            BatchWriter.Pending pending = writer.writeAsync(targetTable, writes.puts());
            if (!writes.guarded().isEmpty()) {
                pending = pending.and(() -> writer.writeGuardedAsync(targetTable, writes.guarded()));
            }
            return new InFlight(page, pending);
        }

        /**
         * Waits for {@code writing}'s batches, journals what they found in the way, and saves the checkpoint past its
         * page, while {@code next}'s batches (if any) may be in flight; when a page is to follow {@code next}
         * ({@code more}), looks at the fence for it beside the checkpoint's write.
         */
        private void checkpointAfter(InFlight writing, InFlight next, boolean more) {
            Page page = writing.page();
            List<BatchWriter.Found> found = awaitFirst(writing, next);
            // Found in the way by this page's puts; and, all told, with those an earlier attempt found (journaled LATE).
            long late = found.isEmpty() && page.writes().seen().isEmpty() && page.lateKeys().isEmpty() ? 0
                    : whileWriting(next, () -> lateArrivals(page, found));
            long writtenThrough = checkpoint.itemsWritten() + page.writes().size() - late;
            whileWriting(next, () -> {
                faults.afterBatch(runId, model, segment, writtenThrough);
                return null;
            });
            checkpoint = checkpoint.advance(tally(page, late));
            Checkpoint reached = checkpoint;
            long acceptedBefore = writer.accepted();
            // Not under a write-rate limit: the next page's batches are paced before that page is prepared, and its fence
            // is looked at after the wait, as it would be by then.
            if (more && !writer.paced() && !deadline.passed()) {
                fenceAhead = Reads.start(this::fenceOpen);
            }
            whileWriting(next, () -> {
                artifacts.putJson(checkpointKey, reached);
                return null;
            });
            checkpointed = acceptedBefore;
            since = System.nanoTime();
        }

        /** What the page adds to the checkpoint, {@code late} of its puts having found another item in their way. */
        private PageTally tally(Page page, long late) {
            // Retries are summed per checkpoint; those of the next page's batches may land in this one's: totals stay exact.
            long retries = writer.unprocessedRetries() - retriesCounted;
            long sdk = writer.sdkRetries() - sdkCounted;
            retriesCounted += retries;
            sdkCounted += sdk;
            return new PageTally(page.lastKey(), page.last(), page.read(), page.writes().size() - late,
                    late + page.lateKeys().size() + page.changedBefore(), page.dropped(), retries, sdk + page.readRetries(),
                    (System.nanoTime() - since) / 1_000_000, page.carries(), page.source(), page.carried(), page.findings());
        }

        /**
         * Runs {@code step} while {@code writing}'s batches may still be in flight; if it fails, the failure is thrown
         * once they have ended, and once what their puts found in their way is journaled as left alone: no write may
         * outlive the task, so that a rollback that starts after it finds every write it will undo, and undoes none it
         * did not make.
         */
        private <T> T whileWriting(InFlight writing, Supplier<T> step) {
            try {
                return step.get();
            } catch (RuntimeException | Error e) {
                settleAfter(writing, e);
                throw e;
            }
        }

        /** Waits for {@code writing}'s batches after {@code failure} and marks what they found as late; adds what goes wrong. */
        private void settleAfter(InFlight writing, Throwable failure) {
            if (writing == null) {
                return;
            }
            try {
                BatchWriter.Settled settled = writing.pending().settle();
                if (settled.failure() != null) {
                    failure.addSuppressed(settled.failure());
                }
                markLate(writing.page(), settled.found());
            } catch (RuntimeException | Error other) {
                failure.addSuppressed(other);
            }
        }

        /**
         * Waits for {@code first} and returns what its only-if-absent puts found in their way; if it failed, journals what
         * they found as left alone, waits for {@code then} too (when there is one, and does the same) and throws.
         */
        private List<BatchWriter.Found> awaitFirst(InFlight first, InFlight then) {
            BatchWriter.Settled settled = whileWriting(then, first.pending()::settle);
            if (settled.failure() == null) {
                return settled.found();
            }
            RuntimeException failure = settled.failure();
            try {
                markLate(first.page(), settled.found());
            } catch (RuntimeException | Error other) {
                failure.addSuppressed(other);
            }
            settleAfter(then, failure);
            throw failure;
        }

        /**
         * Marks the page's records of items found in the way as left alone (so that a rollback leaves them alone) and
         * returns how many there were; under {@code abort} it then fails the segment for an item that arrived at a key the
         * run was creating ({@link JournalRecord.Action#LATE}), naming the first, as it does when an earlier attempt of the
         * page found some (its records say so: a page that failed for another reason journals what its puts found before
         * it fails, and the redo sends them no put). A record production changed between the journal and the write
         * ({@link JournalRecord.Action#CHANGED}: a record the run writes over is one production uses) is left and counted,
         * under {@code abort} too.
         */
        private long lateArrivals(Page page, List<BatchWriter.Found> found) {
            List<JsonNode> marked = markLate(page, found);
            // Those of items to create: written over, a record is marked CHANGED.
            List<JsonNode> late = new ArrayList<>(marked.stream().filter(key -> !page.writes().over().contains(key.toString())).toList());
            late.addAll(page.lateKeys());
            if (!late.isEmpty() && onConflict.atTaken() == ConflictPolicy.Taken.STOP) {
                throw new LateArrivalException("table " + model + ": " + late.size() + " item(s) appeared in target table "
                        + target.name() + " after analysis, at keys this run was writing (first: "
                        + ItemKeys.describe(DynamoJson.item(late.get(0))) + "); they were left as they are, and the run rolls back. "
                        + "Something else writes to the target: stop it and run again, or set onConflict to skip");
            }
            return marked.size();
        }

        /**
         * Journals the page's records of the items {@code found} in the way as left alone ({@link Journal#markLate}), but
         * for an item an earlier attempt of the run wrote itself (its record says so: the source item changed since);
         * returns the keys it marked.
         */
        private List<JsonNode> markLate(Page page, List<BatchWriter.Found> found) {
            Map<String, ItemHash> there = new HashMap<>();
            List<BatchWriter.Found> all = new ArrayList<>(found);
            all.addAll(page.writes().seen());
            for (BatchWriter.Found item : all) {
                there.put(DynamoJson.item(target.keyOf(item.put().putRequest().item())).toString(), ItemHash.of(item.existing()));
            }
            return journal.markLate(runId, model, segment, page.seq(), there);
        }

        /**
         * Takes the segment's next page from {@link #pages}, maps and journals it as page {@code seq}; its batches are written
         * only after this returns.
         */
        private Page prepare(long seq) {
            long started = System.nanoTime();
            // The fence is looked at beside the page's read (or the last checkpoint's write), both before anything of the
            // page is journaled or written; the page itself was read while the one before it was mapped and written.
            CompletableFuture<Boolean> ahead = takeFenceAhead();
            CompletableFuture<Boolean> open = ahead != null ? ahead : Reads.start(this::fenceOpen);
            CompletableFuture<ScanPage> scanned = Reads.start(pages::next);
            Tasks.joinAll(List.of(open, scanned));
            ScanPage page = scanned.join();
            long retried = readRetries.get() - readRetriesCounted;
            readRetriesCounted += retried;
            ContentDigest read = new ContentDigest();
            page.items().forEach(read::add);
            List<JournalRecord> records = new ArrayList<>(page.items().size());
            Writes writes = new Writes();
            // Items left behind on purpose (soft-deleted DataStore rows, ...) are not copied: no record, no write, at any key.
            List<Map<String, AttributeValue>> copied = new ArrayList<>(page.items().size());
            List<WriteAt> at = new ArrayList<>(page.items().size());
            LeftBehind dropped = LeftBehind.NONE;
            for (Map<String, AttributeValue> item : page.items()) {
                WriteAt here = transformer.writeAt(model, item);
                if (here.copies()) {
                    copied.add(item);
                    at.add(here);
                } else {
                    dropped = dropped.plus(here.notCopied());
                }
            }
            List<Map<String, AttributeValue>> mapped;
            List<PageFindings.Found> findings;
            try (ItemTransformer.RememberedIds ids = transformer.rememberIds()) {
                // The page's check looks at each copy's references again: the IDs it maps are the page's own.
                mapped = classify(copied, at, records, writes);
                findings = check.check(copied, mapped);
            }
            PageCargo.Planned load = carried.plan(transformer, model, carrying(copied, records), recovery.cargo(), runId, segment, seq);
            boolean carries = false;
            if (!records.isEmpty() || !load.records().isEmpty()) {
                // Only an earlier attempt can have left an entry at this sequence number; it listed them all.
                JournalEntry stored = journal.write(new JournalEntry(runId, model, target.name(), segment, seq, "full", records,
                        load.records()), recovery.seqs().contains(seq));
                carries = stored.records().size() > records.size();
            }
            // What the page carries before its items: a record in the target never names an object that is not there yet.
            long carriedWritten = carried.write(load, runId, model, segment, seq);
            JsonNode lastKey = page.last() ? null : transformer.keptScanKey(model, DynamoJson.item(page.lastEvaluatedKey()));
            List<JsonNode> lateKeys = records.stream().filter(r -> r.action() == JournalRecord.Action.LATE)
                    .map(JournalRecord::key).toList();
            long changed = records.stream().filter(r -> r.action() == JournalRecord.Action.CHANGED).count();
            return new Page(seq, lastKey, page.last(), page.items().size(), writes, retried, started, carries,
                    lateKeys, changed, read, dropped, carriedWritten, findings);
        }

        /** The look at the fence started for the next page, now this caller's to wait for; null when none was started. */
        private CompletableFuture<Boolean> takeFenceAhead() {
            CompletableFuture<Boolean> looking = fenceAhead;
            fenceAhead = null;
            return looking;
        }

        private boolean fenceOpen() {
            fence.checkOpen(lease);
            return true;
        }

        /**
         * The source items whose cargo the page carries: those it writes, and those a test run of the plan wrote as it
         * would (adopted), whose cargo is found there already or copied now.
         */
        private List<Map<String, AttributeValue>> carrying(List<Map<String, AttributeValue>> items, List<JournalRecord> records) {
            List<Map<String, AttributeValue>> written = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                JournalRecord record = records.get(i);
                if (!record.action().leftAlone() || adopted.contains(record.key().toString())) {
                    written.add(items.get(i));
                }
            }
            return written;
        }

        /**
         * Adds each source item's journal record to {@code records}, and the write of its transformed item to {@code writes}
         * unless it is left alone; every record of an item created or written over says what is written there
         * ({@link JournalRecord#written}). {@code at}: what is done at each item's key, as the features say. Returns what each
         * source item maps to.
         */
        private List<Map<String, AttributeValue>> classify(List<Map<String, AttributeValue>> sourceItems, List<WriteAt> at, List<JournalRecord> records,
                              Writes writes) {
            String idAttribute = plan.table(model).idAttribute();
            List<Map<String, AttributeValue>> transformed = new ArrayList<>(sourceItems.size());
            List<ObjectNode> keys = new ArrayList<>(sourceItems.size());
            for (Map<String, AttributeValue> item : sourceItems) {
                Map<String, AttributeValue> mapped = transformer.transform(model, item);
                transformed.add(mapped);
                keys.add(DynamoJson.item(target.keyOf(mapped)));
            }
            // A page an interrupted attempt journaled is read too: its writes may have landed, and production changed them since.
            boolean read = onConflict.readsBeforeWriting() || guardsAll || !recovery.records().isEmpty();
            Map<String, Map<String, AttributeValue>> existing = read ? existingAt(items(plan), target, transformed) : Map.of();
            for (int i = 0; i < transformed.size(); i++) {
                Map<String, AttributeValue> item = transformed.get(i);
                ObjectNode key = keys.get(i);
                AttributeValue sourceId = sourceItems.get(i).get(idAttribute);
                String oldId = transformer.keptSourceId(model,
                        sourceId != null && sourceId.type() == AttributeValue.Type.S ? sourceId.s() : null);
                // The key as text, written once: it is what the page's reads, the journal and the adopted are kept by.
                String keyId = key.toString();
                Map<String, AttributeValue> there = existing.get(keyId);
                JournalRecord record = recovery.records().get(keyId);
                boolean redone = record != null;
                if (record == null) {
                    record = firstRecord(key, keyId, oldId, there, at.get(i), item);
                }
                records.add(record);
                if (record.action() == JournalRecord.Action.OVERWRITTEN) {
                    writes.over().add(keyId);
                }
                if (!record.action().leftAlone()) {
                    // Built over the journaled pre-image where written over on purpose, so that a redo of the page writes the same item.
                    WriteRequest put = WriteRequest.builder().putRequest(PutRequest.builder().item(
                            record.action() == JournalRecord.Action.OVERWRITTEN ? at.get(i).written(record.preImage(), item) : item)
                            .build()).build();
                    if (redone && read && changedSince(record, there, put.putRequest().item())) {
                        writes.seen().add(new BatchWriter.Found(put, there == null ? Map.of() : there));
                    } else {
                        send(record, put, writes);
                    }
                }
            }
            return transformed;
        }

        /**
         * The record of a key the run meets first, {@code there} being what the page read at it (null: nothing, or not
         * read, under {@code abort} in a table that does not write over records).
         */
        private JournalRecord firstRecord(ObjectNode key, String keyId, String oldId, Map<String, AttributeValue> there, WriteAt at,
                                          Map<String, AttributeValue> item) {
            if (adopted.contains(keyId)) {
                // Left as it is, the run's own content: a test run's record, with what it holds (what the run would write,
                // where not read), so following tells production's later edit of it from the record as the run took it.
                return new JournalRecord(JournalRecord.Action.SKIPPED, key, oldId, null,
                        ContentDigest.itemHash(there != null ? there : item));
            }
            if (at.keeps()) {
                // Left as it is: the target's own record the plan keeps (a match's keep).
                return new JournalRecord(JournalRecord.Action.SKIPPED, key, oldId, null);
            }
            if (at.goneSince(there)) {
                // The record paired with it was deleted or soft-deleted since the analysis: written over, it would live again.
                return new JournalRecord(JournalRecord.Action.CHANGED, key, oldId, null);
            }
            if (there == null) {
                return new JournalRecord(JournalRecord.Action.CREATED, key, oldId, null, ContentDigest.itemHash(item));
            }
            ConflictPolicy.Taken taken = at.writesOver() ? ConflictPolicy.Taken.WRITE_OVER : onConflict.atTaken();
            return switch (taken) {
                // The target's record written over (on purpose, a match's update; or as onConflict says): its pre-image first.
                case WRITE_OVER -> new JournalRecord(JournalRecord.Action.OVERWRITTEN, key, oldId, DynamoJson.item(there),
                        ContentDigest.itemHash(at.written(there, item)));
                // A key taken since the analysis is for the write only-if-absent to find: it becomes LATE, and the run stops.
                case STOP -> new JournalRecord(JournalRecord.Action.CREATED, key, oldId, null, ContentDigest.itemHash(item));
                case LEAVE -> new JournalRecord(JournalRecord.Action.SKIPPED, key, oldId, null);
            };
        }

        /**
         * Adds {@code put}, as {@code record} says it is written: over a record only while its key holds the
         * journaled pre-image (production's edit since is left as it is, {@link JournalRecord.Action#CHANGED}); an item to
         * create only-if-absent in a table that puts so ({@link #writesIfAbsent}) or guards every write, else in a batch.
         */
        private void send(JournalRecord record, WriteRequest put, Writes writes) {
            if (record.action() == JournalRecord.Action.OVERWRITTEN) {
                writes.guarded().add(GuardedWrite.ifHolding(put, target.hashKey().name(), DynamoJson.item(record.preImage())));
            } else if (guardsAll || ifAbsent) {
                writes.guarded().add(GuardedWrite.ifAbsent(put, target.hashKey().name()));
            } else {
                writes.puts().add(put);
            }
        }

        /**
         * Whether an earlier attempt's record of a write over a record no longer matches what its key holds ({@code there},
         * null: nothing): neither the journaled pre-image nor what the run writes there ({@code written}, or as the record
         * says). Production changed the record since the journal entry; a redo writes nothing over it. So too for an item
         * the earlier attempt created: a key holding neither nothing nor what the run writes (its record's hash, or the
         * item now) holds production's edit of it, or something else written there since, which a redo leaves.
         */
        private static boolean changedSince(JournalRecord record, Map<String, AttributeValue> there, Map<String, AttributeValue> written) {
            if (record.action() == JournalRecord.Action.CREATED) {
                // An earlier attempt's write there, changed by production since: neither nothing nor what the run writes.
                if (there == null || record.written() == null) {
                    return false;
                }
                ItemHash held = ItemHash.of(there);
                return !held.is(record.written()) && !held.text().equals(ContentDigest.itemHash(written));
            }
            if (record.action() != JournalRecord.Action.OVERWRITTEN) {
                return false;
            }
            if (there == null) {
                return true;
            }
            ItemHash held = ItemHash.of(there);
            return !held.is(record.written()) && !held.text().equals(ContentDigest.itemHash(written))
                    && !held.text().equals(ContentDigest.itemHash(DynamoJson.item(record.preImage())));
        }
    }
}
