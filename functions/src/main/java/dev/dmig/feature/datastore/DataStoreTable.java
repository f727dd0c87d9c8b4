package dev.dmig.feature.datastore;

import dev.dmig.plan.TablePlan;

/**
 * What a table's entry says of Amplify DataStore, with the plan's default: what becomes of DataStore's fields in its
 * items ({@code datastore}), and whether its model syncs ({@code syncable}).
 */
public record DataStoreTable(DataStoreMode mode, Syncable syncable) {
    /** A table whose entry and plan say nothing: its DataStore rows reset, judged by its rows. */
    static final DataStoreTable DEFAULT = new DataStoreTable(DataStoreMode.RESET, Syncable.UNSAID);

    /** The table's, as its plan holds it; the default for a table made without reading an entry. */
    public static DataStoreTable of(TablePlan table) {
        DataStoreTable own = table.feature(DataStoreTable.class);
        return own == null ? DEFAULT : own;
    }

    /** Whether the run rewrites DataStore's fields of the table's rows: a reset, or a syncable table's rows stamped. */
    boolean rewrites() {
        return mode == DataStoreMode.RESET || syncable == Syncable.YES;
    }
}
