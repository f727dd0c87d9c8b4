package dev.dmig.feature.follow;

import dev.dmig.Named;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.FollowCheckpoint;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.store.Account;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.StreamCommand;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The marks of a followed run's source streams, and what is asked of them before the copy: whether every table's stream
 * can be followed (refused with the command that turns it on), a slice or a paired table refused, the marks taken once
 * the analysis is done and before any copy, whether a run follows and whether its following ended. Reads the source's
 * streams only; writes the marks among the run's artifacts.
 */
public final class StreamMarks {
    private final ItemStore home;
    private final ArtifactStore artifacts;
    private final Function<MigrationPlan, SourceStream> streams;
    /** When a mark is taken. */
    private final Clock clock;

    /** The marks of the streams {@code streams} reads, reaching the source's tables through {@code home}. */
    public StreamMarks(ItemStore home, ArtifactStore artifacts, Function<MigrationPlan, SourceStream> streams, Clock clock) {
        this.home = home;
        this.artifacts = artifacts;
        this.streams = streams;
        this.clock = clock;
    }
    /**
     * Whether every migrated table of the plan has a stream that following can read; throws
     * {@link StreamNotReadyException} naming every one that has not, with the command that turns it on. Reads only.
     */
    public void check(MigrationPlan plan) {
        refusePaired(plan);
        SourceStream stream = streams.apply(plan);
        Map<String, String> notReady = new LinkedHashMap<>();
        for (String model : plan.migratedModels()) {
            String table = plan.sourceTable(model);
            SourceStream.StreamDescription described = stream.describe(table).orElse(null);
            if (described == null || !described.carriesImages()) {
                notReady.put(table, described == null ? null : described.viewType());
            }
        }
        if (!notReady.isEmpty()) {
            throw StreamNotReadyException.of(notReady, reached(plan, notReady.keySet().iterator().next()));
        }
    }

    /**
     * A table whose records are paired with those the target holds (a {@code match}, {@link dev.dmig.plan.TablePlan#pairedBy}) is not followed: a change would be
     * applied as to a record of its own (written without what only the target's record holds, deleted at a key the run
     * did not write), so such a run is refused before it opens.
     */
    private static void refusePaired(MigrationPlan plan) {
        List<String> matched = plan.migratedModels().stream().filter(model -> plan.table(model).pairedBy() != null).toList();
        if (!matched.isEmpty()) {
            throw new RunInputInvalidException((matched.size() == 1 ? "table " : "tables ") + Named.first(matched)
                    + ", attribute " + plan.table(matched.get(0)).pairedBy() + ": a run that follows its source cannot follow a table whose records are paired with the"
                    + " target's; migrate without --follow while the application's writes are paused; nothing was written");
        }
    }

    /** The source's account as this process reaches {@code table}, for the commands a refusal prints ({@link StreamCommand#reachedAt}). */
    private Account reached(MigrationPlan plan, String table) {
        return StreamCommand.reachedAt(plan.sides().source(), home.across(plan.sides()).client(table).orElse(null));
    }

    private SourceStream.StreamDescription describe(SourceStream stream, MigrationPlan plan, String model) {
        String table = plan.sourceTable(model);
        SourceStream.StreamDescription described = stream.describe(table).orElse(null);
        if (described == null || !described.carriesImages()) {
            Map<String, String> notReady = new LinkedHashMap<>();
            notReady.put(table, described == null ? null : described.viewType());
            throw StreamNotReadyException.of(notReady, reached(plan, table));
        }
        return described;
    }

    /**
     * {@code state}, Analyze's, of a run that follows its source (asked to, or a resumed run whose marks had begun), ready
     * to copy: once the analysis is done, the marks of its streams not taken yet are taken now, before any copy. (A run
     * killed while its marks were taken has some and no copy yet; its resumed Analyze takes the rest.) Every state of such
     * a run says it follows, for a looping Analyze, which reads it back as its input; a resumed run's Validate hands over
     * to Follow by its marks.
     */
    public RunState ready(RunRequest request, RunState state, Deadline deadline) {
        if (state.mode() != RunMode.FULL || !request.following() && !follows(state.runId())) {
            return state;
        }
        if (state.done() && state.confirm() && state.blockingConflicts() == 0 && !state.nothingToDo()
                && !state.levels().isEmpty()) {
            mark(state.runId(), deadline);
        }
        return state.following();
    }

    /**
     * Takes the mark of every migrated table's stream, as the first position of its checkpoint; a table that already
     * has a checkpoint (a resumed run) keeps it. Reads the streams only.
     */
    public void mark(String runId) {
        mark(runId, Deadline.none());
    }

    /**
     * The same, reading each stream until {@code deadline} at most: past it, the marks left are taken where reading stands
     * (a shard not read, at its start), which falls short and is safe: the changes after such a mark that the copy already
     * holds are found older than the target and skipped.
     */
    public void mark(String runId, Deadline deadline) {
        MigrationPlan plan = RunFiles.plan(artifacts, runId);
        SourceStream stream = streams.apply(plan);
        for (String model : plan.migratedModels()) {
            String key = RunLayout.followCheckpoint(runId, model);
            if (artifacts.getJson(key, FollowCheckpoint.class).isEmpty()) {
                StreamMark mark = StreamMark.take(stream, describe(stream, plan, model), deadline);
                artifacts.putJson(key, FollowCheckpoint.at(mark.table(), mark.streamArn(), mark.shards(), clock.instant()));
            }
        }
    }

    /**
     * Refuses a run that would follow a slice of its source ({@code roots}), before anything is opened: following applies
     * every change of its tables, and would write records outside the slice.
     */
    public static void refuseSlice(RunRequest request) {
        if (request.following() && request.roots() != null && !request.roots().isEmpty()) {
            throw new RunInputInvalidException("a run of a slice (--root) cannot follow its source: following applies every change"
                    + " of its tables, not only the slice's; migrate the slice without --follow while the application's writes"
                    + " are paused, or follow whole tables (no --root); nothing was written");
        }
    }

    /** Whether the run follows its source: its streams' marks were taken. */
    public boolean follows(String runId) {
        return FollowStatus.follows(artifacts, runId);
    }
}
