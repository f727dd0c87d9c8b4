package dev.dmig.follow;

import dev.dmig.journal.Journal;
import dev.dmig.migrate.BatchWriter;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.WriteGuard;
import dev.dmig.migrate.WriteRate;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.WriterFence;
import dev.dmig.store.Account;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Sleeper;
import dev.dmig.store.TableInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Follows a run's source tables: before the copy, takes the mark of each table's stream (its checkpoint's first
 * position); after it, applies every change made since, shard by shard in their lineage, a page at a time, each page
 * journaled, written and checkpointed in that order, until a cut-over is asked and every change up to then is applied.
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

    @SuppressWarnings("checkstyle:ParameterNumber") // the services the step needs, each given once by its handler
    public Follower(ItemStore home, ArtifactStore artifacts, Function<MigrationPlan, SourceStream> streams,
                    ExecutorService writePool, WriteWindows windows, WriterFence fence, Sleeper sleeper) {
        this.home = home;
        this.artifacts = artifacts;
        this.streams = streams;
        this.writePool = writePool;
        this.windows = windows;
        this.fence = fence;
        this.sleeper = sleeper;
    }

    /**
     * Whether every migrated table of the plan has a stream that following can read; throws
     * {@link StreamNotReadyException} naming the first that has not, with the command that turns it on. Reads only.
     */
    public void check(MigrationPlan plan) {
        for (String model : plan.migratedModels()) {
            if (!plan.table(model).files().isEmpty()) {
                // The copy copies an item's objects with it; following does not yet, so a changed item would name a file
                // the target's bucket lacks.
                throw new RunInputInvalidException("table " + model + " names Storage files (" + plan.table(model).files().keySet()
                        .stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")) + "), and a run that follows its source does not copy the files"
                        + " of the items that change after the copy: migrate without --follow while the app's writes are"
                        + " paused; nothing was written");
            }
        }
        SourceStream stream = streams.apply(plan);
        for (String model : plan.migratedModels()) {
            describe(stream, plan, model);
        }
    }

    private static SourceStream.StreamDescription describe(SourceStream stream, MigrationPlan plan, String model) {
        String table = plan.sourceTable(model);
        SourceStream.StreamDescription described = stream.describe(table).orElse(null);
        if (described == null || !described.carriesImages()) {
            String state = described == null ? "has no stream" : "has a stream of " + described.viewType();
            throw new StreamNotReadyException("table " + table + " " + state + "; following its writes needs one with the "
                    + "item before and after each change: " + turnOn(table, plan.sides().source())
                    + " (or, for a run from your machine, add --enable-streams); nothing was written");
        }
        return described;
    }

    /** The command that turns on a table's stream as following needs it, for the account the plan reads it in. */
    public static String turnOn(String table, Account account) {
        StringBuilder command = new StringBuilder("aws dynamodb update-table --table-name ").append(table)
                .append(" --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
        if (account != null && account.region() != null) {
            command.append(" --region ").append(account.region());
        }
        if (account != null && account.endpoint() != null) {
            command.append(" --endpoint-url ").append(account.endpoint());
        }
        return command.toString();
    }

    /**
     * Takes the mark of every migrated table's stream, as the first position of its checkpoint; a table that already
     * has a checkpoint (a resumed run) keeps it. Reads the streams only.
     */
    public void mark(String runId) {
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        SourceStream stream = streams.apply(plan);
        for (String model : plan.migratedModels()) {
            String key = RunLayout.followCheckpoint(runId, model);
            if (artifacts.getJson(key, FollowCheckpoint.class).isEmpty()) {
                artifacts.putJson(key, FollowCheckpoint.at(StreamMark.take(stream, describe(stream, plan, model))));
            }
        }
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
        while (true) {
            boolean requested = artifacts.get(RunLayout.cutover(runId)).isPresent();
            Pass pass = call.pass();
            applied += pass.applied();
            if (pass.caughtUp() && requested) {
                check(runId, call);
                return new FollowProgress(true, true, applied, 0);
            }
            if (deadline.passed() || (!pass.caughtUp() && !deadline.fits(POLL_MILLIS))) {
                return new FollowProgress(false, pass.caughtUp(), applied, pass.lagMillis());
            }
            if (pass.caughtUp()) {
                sleeper.sleep(Math.min(POLL_MILLIS, Math.max(1, deadline.remainingMillis())));
            }
        }
    }

    /** Whether the run follows its source: its streams' marks were taken. */
    public boolean follows(String runId) {
        return !artifacts.list(RunLayout.follow(runId) + "tables/").isEmpty();
    }

    /** A followed run's last check, as stored: each table's verdict. */
    public record Verdict(boolean passed, List<FollowCheck.TableCheck> tables) {}

    /**
     * The last check, every change up to the cut-over applied: the source as it is now, mapped, against the target. Passed,
     * it records the run as validated (from then on it is finished, never rolled back, as after Validate); otherwise
     * throws {@link FollowValidationFailedException}, and the run is rolled back.
     */
    private void check(String runId, Call call) {
        List<FollowCheck.TableCheck> tables = new ArrayList<>();
        for (String model : call.plan.migratedModels()) {
            tables.add(FollowCheck.table(call.items, call.plan, call.transformer, model, JournaledKeys.of(artifacts, runId, model)));
        }
        boolean passed = tables.stream().allMatch(FollowCheck.TableCheck::passed);
        artifacts.putJson(RunLayout.followValidation(runId), new Verdict(passed, tables));
        if (!passed) {
            List<String> lines = tables.stream().filter(t -> !t.passed()).map(t -> "table " + t.table() + ": " + t.differences()
                    + " item(s) differ from the source as it is now, mapped (first: " + String.join(", ", t.examples()) + ")").toList();
            throw new FollowValidationFailedException(String.join("; ", lines));
        }
        artifacts.putJson(RunLayout.manifest(runId), RunFiles.manifest(artifacts, runId).with(dev.dmig.run.RunStatus.VALIDATED));
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
        private final Map<String, WriterFence.Lease> leases = new java.util.LinkedHashMap<>();

        Call(String runId, MigrationPlan plan, Deadline deadline) {
            this.runId = runId;
            this.plan = plan;
            this.deadline = deadline;
            this.items = home.across(plan.sides());
            this.stream = streams.apply(plan);
            this.transformer = new ItemTransformer(plan, RunMappings.of(artifacts, runId, plan));
            this.writer = new BatchWriter(items, WriteGuard.of(plan), writePool, Sleeper.REAL, windows, WriteRate.UNLIMITED, deadline);
        }

        private ChangeApplier applier(String model) {
            return appliers.computeIfAbsent(model, m -> {
                String table = plan.targetTable(m);
                TableInfo target = items.describe(table)
                        .orElseThrow(() -> new IllegalStateException("table " + m + ": target table " + table + " disappeared"));
                return new ChangeApplier(runId, m, transformer, items, target, new Journal(artifacts), writer,
                        JournaledKeys.of(artifacts, runId, m));
            });
        }

        /** Every table, read from its checkpoint to its stream's present end, or until the deadline. */
        Pass pass() {
            boolean caughtUp = true;
            long applied = 0;
            long lag = 0;
            for (String model : plan.migratedModels()) {
                Progress step = table(model);
                applied += step.applied();
                if (!step.caughtUp()) {
                    caughtUp = false;
                    lag = Math.max(lag, step.lagMillis());
                }
            }
            return new Pass(caughtUp, applied, lag);
        }

        private Progress table(String model) {
            String key = RunLayout.followCheckpoint(runId, model);
            FollowCheckpoint checkpoint = artifacts.getJson(key, FollowCheckpoint.class).orElseThrow(() ->
                    new IllegalStateException("table " + model + ": run " + runId + " has no stream mark to follow from"));
            // One lease per table for the whole call, taken at its first turn: rollback waits for it to be given back.
            WriterFence.Lease lease = leases.computeIfAbsent(model,
                    m -> fence.enter(runId, m, ChangeApplier.SEGMENT, deadline.invocationEnd()));
            if (!fence.othersOnSegment(lease, Instant.now()).isEmpty()) {
                // A stopped execution's call may still be following this table: two would apply its changes out of order.
                return new Progress(false, 0, lag(checkpoint));
            }
            return follow(this, model, key, checkpoint, lease);
        }

        /** Gives every lease back, unless the invocation is past its end (a write may be in flight: it runs out by itself). */
        void leave() {
            if (!deadline.invocationOver()) {
                leases.values().forEach(fence::leave);
            }
        }
    }

    /** What one table's turn of a pass did. */
    private record Progress(boolean caughtUp, long applied, long lagMillis) {}

    /**
     * One table's turn in a pass: its shards in lineage order (a child only once its parent is read to its end), each read
     * from its checkpoint and applied a page at a time: the page journaled and written, then the checkpoint past it.
     */
    private Progress follow(Call call, String model, String key, FollowCheckpoint start, WriterFence.Lease lease) {
        FollowCheckpoint checkpoint = start;
        long applied = 0;
        List<StreamShard> shards = ShardLineage.order(call.stream.shards(checkpoint.streamArn()));
        List<String> listed = new ArrayList<>();
        shards.forEach(shard -> listed.add(shard.id()));
        for (Map.Entry<String, String> marked : checkpoint.positions().entrySet()) {
            if (marked.getValue() != null && !checkpoint.ended(marked.getKey()) && !listed.contains(marked.getKey())) {
                // Its changes after the mark may be gone with it: applying the rest would leave the target short.
                throw new IllegalStateException("table " + model + ": the stream no longer holds shard " + marked.getKey()
                        + ", followed from the mark taken before the copy (a stream keeps 24 hours of changes); changes since "
                        + "may be lost, so the run is rolled back: run it again, its copy shorter than a day");
            }
        }
        boolean waiting = false;
        for (StreamShard shard : shards) {
            if (checkpoint.ended(shard.id())) {
                continue;
            }
            if (shard.parentId() != null && listed.contains(shard.parentId()) && !checkpoint.ended(shard.parentId())) {
                // Its parent still takes changes of the same keys: those come first, the child's in a later pass.
                waiting = true;
                continue;
            }
            ShardPage ahead = null;
            while (true) {
                if (call.deadline.passed() && applied > 0) {
                    return new Progress(false, applied, lag(checkpoint));
                }
                fence.checkOpen(lease);
                ShardPage page = ahead != null ? ahead
                        : call.stream.read(checkpoint.streamArn(), shard.id(), checkpoint.after(shard.id()), PAGE);
                Instant made = page.changes().isEmpty() ? null : page.changes().get(page.changes().size() - 1).made();
                boolean journaled = !page.changes().isEmpty()
                        && call.applier(model).apply(page.changes(), checkpoint.nextSeq());
                checkpoint = checkpoint.advanced(shard.id(), page.position(), page.ended(), page.changes().size(), made, journaled);
                ahead = null;
                if (!page.changes().isEmpty() && !page.ended()) {
                    // The next page, read before the checkpoint is stored: its count is the table's pending changes, a
                    // floor (the stream does not count what lies beyond), and it is the page applied next.
                    ahead = call.stream.read(checkpoint.streamArn(), shard.id(), checkpoint.after(shard.id()), PAGE);
                    checkpoint = checkpoint.readAhead(ahead.changes().size());
                }
                if (!page.changes().isEmpty() || page.ended()) {
                    artifacts.putJson(key, checkpoint);
                }
                applied += page.changes().size();
                if (page.changes().isEmpty() || page.ended()) {
                    break;
                }
            }
        }
        if (waiting) {
            return new Progress(false, applied, lag(checkpoint));
        }
        if (checkpoint.behindSince() != null) {
            artifacts.putJson(key, checkpoint.caughtUp());
        }
        return new Progress(true, applied, 0);
    }

    private static long lag(FollowCheckpoint checkpoint) {
        return checkpoint.behindSince() == null ? 0 : Math.max(0, Duration.between(Instant.parse(checkpoint.behindSince()), Instant.now()).toMillis());
    }
}
