package dev.dmig.analysis;

import dev.dmig.Reaches;
import dev.dmig.identity.UserPools;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePair;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunState;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * What a feature adds to an Analyze call as a whole, beside what it counts of each segment ({@link ScanCheck}): what
 * the run needs of it before anything is scanned, what it fixes once the run's tables are ordered in levels, its section
 * of the analysis, what of the analysis stops a full run as its conflicts do, and its last gate before the first write.
 * {@link RunChecks} lists them; what a check needs it is given when it is made, once per call.
 */
public interface RunCheck {
    /**
     * Has what the run needs of the feature before the source is scanned, or refuses the run; false while it is still
     * being made, over as many calls as it takes.
     */
    default boolean ready(RunManifest manifest, Deadline deadline) {
        return true;
    }

    /**
     * Scans the run needs of the source before the analysis's own, once its tables are checked and ordered (a slice's
     * members, found in rounds): run in this call, or, where the call hands scans to the state machine ({@code fanOut}'s
     * execution), handed to its AnalyzeSegments Map as units, each run by {@link #scanFirst}. Done once the feature has
     * what it needs (or needs none); else not done, with the units handed over, if any (none: out of time, call again).
     */
    default ScansFirst scansFirst(RunManifest manifest, FanOut fanOut, Deadline deadline) {
        return ScansFirst.DONE;
    }

    /**
     * One unit of the scans the feature handed to the Map ({@link #scansFirst}), as the Map's task runs it: true when it
     * is done, false when out of time; null when the unit is not the feature's.
     */
    default Boolean scanFirst(RunManifest manifest, RunState.Unit unit, FanOut fanOut, Deadline deadline) {
        return null;
    }

    /** Where a feature's scans before the analysis stand: done, or the units handed to the Map (null: none, call again). */
    public record ScansFirst(boolean done, RunState.S3Object units) {
        public static final ScansFirst DONE = new ScansFirst(true, null);
    }

    /**
     * How an Analyze call hands scans to the state machine: the execution whose Map runs them (null when the call runs
     * its scans itself) and the bucket the units are written to.
     */
    public record FanOut(String execution, String bucket) {}

    /**
     * Once the run's tables are checked against the live tables and ordered in levels, before they are sized or scanned:
     * what the run fixes of the feature from them (once per run: a later call finds it done), or refuses the run.
     */
    default void beforeScans(Tables tables) {}

    /** {@code analysis}, as summed from the scans, with the feature's section added; as it is when the feature has none. */
    default Analysis summarized(Analysis analysis) {
        return analysis;
    }

    /**
     * What of {@code analysis} the plan must say otherwise before any run of it writes, a dry run's included: one problem
     * per table and attribute, listed with the data's; none by default.
     */
    default List<dev.dmig.plan.Problem> problems(Analysis analysis) {
        return List.of();
    }

    /** What of {@code analysis} stops a full run under {@code onConflict: abort}, beside the items' conflicts; 0 for none. */
    default long conflicts(Analysis analysis) {
        return 0;
    }

    /** Those conflicts said as the refusal says them; none when there are none. */
    default Optional<String> conflictsCause(Analysis analysis) {
        return Optional.empty();
    }

    /**
     * The last gate of a full run that goes on to write, after its conflicts and before its backups: refuses the run in one
     * line ({@code analysis}: the run's, as stored).
     */
    default void beforeFirstWrite(Analysis analysis) {}

    /**
     * A refusal ended the run before its first write to the tables (its plan, its data, its conflicts, a confirmation it
     * lacked): what the feature's checks wrote elsewhere on the way (users, in the target's user pool) is
     * undone here, so that the refusal's "nothing was written" holds. A failure of it is thrown, and kept with the
     * refusal. Nothing by default.
     */
    default void refused() {}

    /** The run's tables as the Analyze call found them: its manifest, its models' live tables, their levels. */
    public record Tables(RunManifest manifest, Map<String, TablePair> pairs, List<List<String>> levels) {}

    /** How the analysis reads a table: its page size, and the pool its reads run side by side in. */
    public record Reading(int pageSize, ExecutorService pool) {}

    /**
     * What a feature's checks are made of: the run, its plan, whether it follows its source after the copy, its artifacts,
     * its sides' tables and how they are read, the user pools and what else the analysis reaches (a feature finds its own
     * by type), and the clock it tells the time by (what is past its time to live).
     */
    public record Parts(String runId, MigrationPlan plan, boolean following, ArtifactStore artifacts, ItemStore items, Reading reading,
                 UserPools userPools, Reaches reaches, Clock clock) {}

    /** A feature's checks, added to the call's (none when the plan does not use the feature). */
    @FunctionalInterface
    public interface Feature {
        void addTo(List<RunCheck> checks, Parts parts);
    }
}
