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
    public static final List<String> ALL = List.of(ANALYZE, MIGRATE_LEVELS, MIGRATE_TABLES);

    private StateNames() {}
}
