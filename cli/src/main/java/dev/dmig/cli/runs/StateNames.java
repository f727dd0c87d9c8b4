package dev.dmig.cli.runs;

import java.util.List;

/**
 * The states of {@code statemachine/migration.asl.json} the command line follows a run by (its progress bars), besides
 * its endings ({@link Ending}); {@code OutcomeContractTest} checks each is a state of the ASL.
 */
public final class StateNames {
    static final String ANALYZE = "Analyze";
    /** The Map over the levels of tables, children last. */
    static final String MIGRATE_LEVELS = "MigrateLevels";
    /** The Map over one level's tables, within an iteration of {@link #MIGRATE_LEVELS}. */
    static final String MIGRATE_TABLES = "MigrateTables";
    /** A followed run's task that applies the source's changes, and the Choice that sends it back there until the cut-over. */
    static final String FOLLOW = "Follow";
    static final String FOLLOWING = "Following";
    /** The task that stores the run's ID maps, after Finalize recorded the run's verdict: not in the run's time. */
    static final String EXPORT_ID_MAPS = "ExportIdMaps";
    public static final List<String> ALL = List.of(ANALYZE, MIGRATE_LEVELS, MIGRATE_TABLES, FOLLOW, FOLLOWING, EXPORT_ID_MAPS);

    /** Whether an execution in {@code state} (a top-level state, null for none) is following its source. */
    public static boolean following(String state) {
        return FOLLOW.equals(state) || FOLLOWING.equals(state);
    }

    private StateNames() {}
}
