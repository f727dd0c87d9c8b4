package dev.dmig.feature.follow;

import dev.dmig.journal.Journal;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.PageCargo;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.WriteGuard;
import dev.dmig.migrate.WriteRate;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.FollowCheckpoint;
import dev.dmig.run.FollowDecisions;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.WriterFence;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
import dev.dmig.store.TableInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Follows a run's source tables: from the mark of each table's stream taken before the copy (its checkpoint's first
 * position, {@link StreamMarks}), applies every change made since, shard by shard in their lineage, a page at a time, each page
 * journaled, written and checkpointed in that order, until a cut-over is asked and every change up to then is applied;
 * then Validate checks the run as it checks any.
 * Reads the source's streams only; writes only to target tables.
 */
public final class Follower {
    /** Changes read from a shard at a time: one journal entry and one checkpoint each. */
    static final int PAGE = 1000;
    /** How long a call that has caught up waits before reading the streams again. */
    static final long POLL_MILLIS = 300;

    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final Function<MigrationPlan, SourceStream> streams;
    private final ExecutorService writePool;
    private final WriteWindows windows;
    private final WriterFence fence;
    private final Sleeper sleeper;
    /** What travels with each batch of changes (its items' objects), as with each page of the copy. */
    private final PageCargo.Source cargo;
    /** When a mark is taken, and how old it is when its changes are found lost. */
    private final Clock clock;

    @SuppressWarnings("checkstyle:ParameterNumber") // the services the step needs, each given once by its handler
    public Follower(ItemStore home, ArtifactStore artifacts, Function<MigrationPlan, SourceStream> streams,
                    ExecutorService writePool, WriteWindows windows, WriterFence fence, Sleeper sleeper) {
        this(home, artifacts, streams, writePool, windows, fence, sleeper, PageCargo.Source.NONE, Clock.systemUTC());
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // the same, what travels with a batch and the clock
    private Follower(ItemStore home, ArtifactStore artifacts, Function<MigrationPlan, SourceStream> streams,
                     ExecutorService writePool, WriteWindows windows, WriterFence fence, Sleeper sleeper,
                     PageCargo.Source cargo, Clock clock) {
        this.cargo = cargo;
        this.clock = clock;
        this.home = home;
        this.artifacts = artifacts;
        this.streams = streams;
        this.writePool = writePool;
        this.windows = windows;
        this.fence = fence;
        this.sleeper = sleeper;
    }

    /** This follower, carrying with each batch what {@code cargo} says travels with it, as the copy does. */
    public Follower with(PageCargo.Source cargo) {
        return new Follower(home, artifacts, streams, writePool, windows, fence, sleeper, cargo, clock);
    }

    /** The marks of the streams this follower reads, taken and asked by the Analyze call before the copy. */
    public StreamMarks marks() {
        return new StreamMarks(home, artifacts, streams, clock);
    }

    /** This follower, telling the time by {@code clock} (a test's). */
    Follower with(Clock clock) {
        return new Follower(home, artifacts, streams, writePool, windows, fence, sleeper, cargo, clock);
    }


    /**
     * Applies the changes made since each table's checkpoint until the deadline, or, once a cut-over is asked, until a
     * pass finds nothing more to apply. A call that catches up waits and reads again; every call makes one pass at least.
     */
    public FollowProgress follow(String runId, Deadline deadline) {
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        Call call = new Call(runId, plan, deadline);
        try {
            return follow(runId, call, deadline);
        } finally {
            call.leave();
        }
    }

    private FollowProgress follow(String runId, Call call, Deadline deadline) {
        long applied = 0;
        boolean afresh = false;
        while (true) {
            boolean requested = artifacts.get(RunLayout.cutover(runId)).isPresent();
            Pass pass = call.pass();
            applied += pass.applied();
            if (pass.caughtUp() && requested && afresh && pass.applied() == 0) {
                // Following has ended: Validate checks the target against the source as it is now, as any run's.
                artifacts.putJson(RunLayout.followEnded(runId), Map.of("endedAt", Instant.now().toString()));
                return new FollowProgress(true, true, applied, 0);
            }
            // Caught up as the iterators kept from earlier reads say: before ending, one pass more from new ones.
            afresh = pass.caughtUp() && requested;
            if (afresh) {
                call.stream.readAfresh();
                if (!deadline.passed()) {
                    continue;
                }
            }
            if (deadline.passed() || (!pass.caughtUp() && !deadline.fits(POLL_MILLIS))) {
                return new FollowProgress(false, pass.caughtUp(), applied, pass.lagMillis());
            }
            if (pass.caughtUp() || pass.applied() == 0) {
                // Nothing more for now, or nothing it may apply (a table held for a decision, or blocked): read again later.
                sleeper.sleep(Math.min(POLL_MILLIS, Math.max(1, deadline.remainingMillis())));
            }
        }
    }

    /** What one pass over every table did. */
    private record Pass(boolean caughtUp, long applied, long lagMillis) {}

    /** One call of the step: the plan, its mapping and the tables' journaled keys, read once. */
    private final class Call {
        private final String runId;
        private final MigrationPlan plan;
        private final Deadline deadline;
        private final ItemStore items;
        private final SourceStream stream;
        private final ItemTransformer transformer;
        private final BatchWriter writer;
        private final Map<String, ChangeApplier> appliers = new java.util.HashMap<>();
        /** By table: the team's decisions for keys following held, read again each pass; the table's applier reads them live. */
        private final Map<String, Map<String, ConflictPolicy>> decided = new java.util.HashMap<>();
        private final Map<String, WriterFence.Lease> leases = new java.util.LinkedHashMap<>();

        Call(String runId, MigrationPlan plan, Deadline deadline) {
            this.runId = runId;
            this.plan = plan;
            this.deadline = deadline;
            this.items = home.across(plan.sides());
            this.stream = streams.apply(plan);
            // A record the source created since the analysis may be what a oneOf reference names: asked of the source.
            this.transformer = new ItemTransformer(plan, RunMappings.of(artifacts, runId, plan).askingSource(items, plan));
            this.writer = new BatchWriter(items, WriteGuard.of(plan), Sleeper.REAL, windows, WriteRate.UNLIMITED, deadline);
        }

        private ChangeApplier applier(String model) {
            return appliers.computeIfAbsent(model, m -> {
                String table = plan.targetTable(m);
                TableInfo target = items.describe(table)
                        .orElseThrow(() -> new IllegalStateException("table " + m + ": target table " + table + " disappeared"));
                JournaledKeys keys = JournaledKeys.of(artifacts, runId, m);
                PageCargo carried = cargo.of(plan, m, artifacts, new Journal(artifacts), writePool).live(keys::object);
                return new ChangeApplier(runId, m, transformer, items, target, artifacts, writer, keys, carried, decisions(m));
            });
        }

        /**
         * One round over every table: each read from its checkpoint towards its stream's present end, children before
         * their parents, then applied parents first. A child's change read in the round was made before its parent's
         * table was read, so the parent's change it follows (an insert of the record it points at) is applied before it.
         */
        Pass pass() {
            List<String> order = levelOrder();
            Map<String, Reading> read = new java.util.HashMap<>();
            for (int i = order.size() - 1; i >= 0; i--) {
                read.put(order.get(i), read(order.get(i)));
            }
            boolean caughtUp = true;
            long applied = 0;
            long lag = 0;
            boolean stopped = false;
            for (String model : order) {
                Progress step = stopped ? new Progress(false, 0, lag(read.get(model).start())) : apply(this, read.get(model));
                // Out of time within a parent's changes: its children wait for the next call, the parent's rest first.
                stopped = stopped || step.stopped();
                applied += step.applied();
                if (!step.caughtUp()) {
                    caughtUp = false;
                    lag = Math.max(lag, step.lagMillis());
                }
            }
            return new Pass(caughtUp, applied, lag);
        }

        /** The run's tables in its dependency levels' order, parents first; a table of the plan outside them last. */
        private List<String> levelOrder() {
            List<String> order = new ArrayList<>();
            List<List<String>> levels = RunFiles.manifest(artifacts, runId).levels();
            if (levels != null) {
                levels.forEach(level -> level.stream().filter(plan.migratedModels()::contains).forEach(order::add));
            }
            plan.migratedModels().stream().filter(m -> !order.contains(m)).forEach(order::add);
            return order;
        }

        private Reading read(String model) {
            String key = RunLayout.followCheckpoint(runId, model);
            FollowCheckpoint checkpoint = artifacts.getJson(key, FollowCheckpoint.class).orElseThrow(() ->
                    new IllegalStateException("table " + model + ": run " + runId + " has no stream mark to follow from"));
            // One lease per table for the whole call, taken at its first turn: rollback waits for it to be given back.
            WriterFence.Lease lease = leases.computeIfAbsent(model,
                    m -> fence.enter(runId, m, ChangeApplier.SEGMENT, deadline.invocationEnd()));
            if (!fence.othersOnSegment(lease, Instant.now()).isEmpty()) {
                // A stopped execution's call may still be following this table: two would apply its changes out of order.
                return new Reading(model, key, checkpoint, lease, List.of(), false, true);
            }
            return Follower.this.read(this, new Reading(model, key, checkpoint, lease, List.of(), false, false));
        }

        /** {@code model}'s decisions for held keys, as stored now. */
        private Map<String, ConflictPolicy> decisions(String model) {
            Map<String, ConflictPolicy> taken = decided.computeIfAbsent(model, m -> new java.util.concurrent.ConcurrentHashMap<>());
            taken.putAll(FollowDecisions.of(artifacts, runId, model));
            return taken;
        }

        /**
         * Whether the table waits for a decision: following held keys of it ({@code onConflict: abort}) not all decided
         * yet ({@code dmig resolve}).
         */
        boolean held(FollowCheckpoint checkpoint, String model) {
            if (checkpoint.held().isEmpty()) {
                return false;
            }
            Map<String, ConflictPolicy> taken = decisions(model);
            return !checkpoint.held().stream().allMatch(note -> taken.containsKey(note.key().toString()));
        }

        /** Gives every lease back, unless the invocation is past its end (a write may be in flight: it runs out by itself). */
        void leave() {
            if (!deadline.invocationOver()) {
                leases.values().forEach(fence::leave);
            }
        }
    }

    /** What one table's turn of a pass did; {@code stopped}: it ran out of time before applying all it read. */
    private record Progress(boolean caughtUp, long applied, long lagMillis, boolean stopped) {
        Progress(boolean caughtUp, long applied, long lagMillis) {
            this(caughtUp, applied, lagMillis, false);
        }
    }

    /** A page read from one shard, not applied yet. */
    private record ShardRead(String shard, ShardPage page) {}

    /**
     * What a round read of one table: from its checkpoint ({@code start}), the pages in the order they are applied;
     * {@code behind}: more changes are there than the round read (a parent shard not read to its end, the round's pages
     * taken, or the time up); {@code blocked}: another call still holds the table.
     */
    private record Reading(String model, String key, FollowCheckpoint start, WriterFence.Lease lease, List<ShardRead> pages,
                           boolean behind, boolean blocked) {}

    /** Pages read of a table in one round at most: what a round holds in memory before applying it. */
    static final int ROUND_PAGES = 10;

    /**
     * Reads one table's shards in lineage order (a child only once its parent is read to its end), each from its
     * checkpoint (a shard it does not name, from its start), a page at a time, up to {@link #ROUND_PAGES} pages or the
     * deadline. A closed shard is read to its end before its children: an empty page of it is not its end. Fails, naming
     * what is lost, where changes after the mark can no longer be read ({@link #lost}). Reads the streams only.
     */
    private Reading read(Call call, Reading table) {
        FollowCheckpoint checkpoint = table.start();
        List<StreamShard> shards = ShardLineage.order(call.stream.shards(checkpoint.streamArn()));
        List<String> listed = new ArrayList<>();
        shards.forEach(shard -> listed.add(shard.id()));
        lost(call, table.model(), checkpoint, shards, listed);
        List<ShardRead> pages = new ArrayList<>();
        boolean behind = false;
        for (StreamShard shard : shards) {
            if (checkpoint.ended(shard.id())) {
                continue;
            }
            if (shard.parentId() != null && listed.contains(shard.parentId()) && !checkpoint.ended(shard.parentId())) {
                // Its parent still takes changes of the same keys: those come first, the child's in a later round.
                behind = true;
                continue;
            }
            while (true) {
                // Out of time, one page more than the call applies is read: its count is the table's pending changes.
                if (pages.size() >= ROUND_PAGES || (call.deadline.passed() && pages.size() > 1)) {
                    return new Reading(table.model(), table.key(), table.start(), table.lease(), pages, true, false);
                }
                ShardPage page = page(call, table.model(), checkpoint, shard);
                pages.add(new ShardRead(shard.id(), page));
                checkpoint = checkpoint.advanced(shard.id(), page.position(), page.ended(), 0, null, false);
                if (page.ended()) {
                    break;
                }
                if (page.changes().isEmpty()) {
                    // Nothing more for now; a closed shard not read to its end still holds what comes before its children's.
                    behind = behind || shard.closed();
                    break;
                }
            }
        }
        return new Reading(table.model(), table.key(), table.start(), table.lease(), pages, behind, false);
    }

    /**
     * The next page of {@code shard}, from its checkpoint's position: after its last change read. A shard none of whose
     * changes was read since the mark (empty then, or born since) holds only changes made since: while the mark is younger
     * than {@link #FROM_OLDEST} none of them can have been trimmed yet, and it is read from the oldest record the stream
     * keeps; after, from its first sequence number, where the stream says whether it trimmed any (and DynamoDB Local,
     * whose sequence numbers count every table's writes, answers that such a read is past its oldest record when other
     * tables were written since the shard began).
     */
    private ShardPage page(Call call, String model, FollowCheckpoint checkpoint, StreamShard shard) {
        String position = checkpoint.after(shard.id());
        if (position == null || StreamShard.isAt(position)) {
            boolean young = checkpoint.markedAt() != null
                    && Duration.between(Instant.parse(checkpoint.markedAt()), clock.instant()).compareTo(FROM_OLDEST) < 0;
            position = young ? null : shard.start();
        }
        try {
            return call.stream.read(checkpoint.streamArn(), shard.id(), position, PAGE);
        } catch (ShardTrimmedException e) {
            throw lost(call, model, checkpoint, e.shard(), "its records after "
                    + (position == null || StreamShard.isAt(position) ? "its start" : "the last change applied")
                    + " are trimmed from the stream");
        }
    }

    /**
     * How old a mark may be for a shard with no change read since to be read from the oldest record its stream keeps: an
     * hour short of the 24 hours a stream keeps each change.
     */
    static final Duration FROM_OLDEST = StreamRetention.KEPT.minusHours(1);

    /**
     * Fails where changes made after the mark are gone from the stream: a shard the checkpoint names, not read to its end,
     * that the stream no longer holds; or, for a checkpoint that names every shard of the mark, a shard born since whose
     * parent, born since too, the stream no longer holds (never read). Applying the rest would leave the target short of
     * them with no error.
     */
    private void lost(Call call, String model, FollowCheckpoint checkpoint, List<StreamShard> shards, List<String> listed) {
        for (String marked : checkpoint.positions().keySet()) {
            if (!checkpoint.ended(marked) && !listed.contains(marked)) {
                throw lost(call, model, checkpoint, marked, "the stream no longer holds it");
            }
        }
        if (checkpoint.markedAt() == null) {
            return;
        }
        for (StreamShard shard : shards) {
            String parent = shard.parentId();
            if (!checkpoint.knows(shard.id()) && parent != null && !listed.contains(parent) && !checkpoint.knows(parent)) {
                throw lost(call, model, checkpoint, parent, "born since the mark, parent of shard " + shard.id()
                        + ", the stream no longer holds it");
            }
        }
    }

    /** The one-line failure of changes lost from {@code shard}: the table, the shard and why, the mark's age, what to do. */
    private ChangesLostException lost(Call call, String model, FollowCheckpoint checkpoint, String shard, String why) {
        String mark = checkpoint.markedAt() == null ? "the mark taken before the copy"
                : "the mark taken " + String.format(Locale.ROOT, "%.1f hours ago", Duration.between(
                        Instant.parse(checkpoint.markedAt()), clock.instant()).toMinutes() / 60.0);
        return new ChangesLostException("table " + model + ": changes made to source table " + call.plan.sourceTable(model)
                + " since " + mark + " are lost from its stream (shard " + shard + ": " + why + "; a stream keeps each change "
                + StreamRetention.KEPT.toHours() + " hours), so the target would be left short of them and the run is rolled"
                + " back: start the run again, and resume a run stopped while following within a day");
    }

    /**
     * Applies what a round read of one table, a page at a time: the page journaled and written, then the checkpoint past
     * it. Stops, not done, when the deadline passes after a page.
     */
    private Progress apply(Call call, Reading table) {
        if (table.blocked()) {
            return new Progress(false, 0, lag(table.start()));
        }
        if (call.held(table.start(), table.model())) {
            // Waiting for the team's decision on production's records: this table and those after it (its children).
            return new Progress(false, 0, lag(table.start()), true);
        }
        FollowCheckpoint checkpoint = table.start();
        long applied = 0;
        // The changes the round read of the table and has not applied yet: what dmig status calls pending, a floor (the
        // stream does not say how many it holds beyond what was read).
        long pending = table.pages().stream().mapToLong(read -> read.page().changes().size()).sum();
        // The round's changes mapped once: a change is checked against the target with every later one of its item in view.
        ChangeApplier.Round round = call.applier(table.model()).round(table.pages().stream().map(read -> read.page().changes()).toList());
        for (int index = 0; index < table.pages().size(); index++) {
            ShardRead read = table.pages().get(index);
            if (call.deadline.passed() && applied > 0) {
                return new Progress(false, applied, lag(checkpoint), true);
            }
            fence.checkOpen(table.lease());
            ShardPage page = read.page();
            Instant made = page.changes().isEmpty() ? null : page.changes().get(page.changes().size() - 1).made();
            ChangeApplier.Applied done = page.changes().isEmpty() ? ChangeApplier.Applied.NOTHING
                    : round.apply(index, checkpoint.nextSeq(), read.shard(), page.changes().get(0).sequence());
            if (!done.applied()) {
                // Held before anything of the page was written: it is applied again once the team decides.
                artifacts.putJson(table.key(), checkpoint.holding(done.held()).readAhead(pending));
                return new Progress(false, applied, lag(checkpoint), true);
            }
            pending -= page.changes().size();
            checkpoint = checkpoint.advanced(read.shard(), page.position(), page.ended(), page.changes().size(), made, done.journaled())
                    .counted(done.older(), done.left()).holding(done.held()).readAhead(pending);
            if (!page.changes().isEmpty() || page.ended()) {
                artifacts.putJson(table.key(), checkpoint);
            }
            applied += page.changes().size();
            if (!done.held().isEmpty()) {
                // Production wrote there while following wrote: left as it has them, and the table waits for a decision.
                return new Progress(false, applied, lag(checkpoint), true);
            }
        }
        if (table.behind()) {
            return new Progress(false, applied, lag(checkpoint));
        }
        if (checkpoint.behindSince() != null) {
            artifacts.putJson(table.key(), checkpoint.caughtUp());
        }
        return new Progress(true, applied, 0);
    }

    private static long lag(FollowCheckpoint checkpoint) {
        return checkpoint.behindSince() == null ? 0 : Math.max(0, Duration.between(Instant.parse(checkpoint.behindSince()), Instant.now()).toMillis());
    }
}
