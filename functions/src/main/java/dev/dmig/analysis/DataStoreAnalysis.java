package dev.dmig.analysis;

import java.util.List;

/**
 * A table's items that carry Amplify DataStore's fields ({@code _version}, {@code _lastChangedAt}): how many,
 * how many of them are soft-deleted ({@code _deleted}) with a few of their keys, and what the plan does with them
 * ({@code reset} or {@code keep}).
 */
public record DataStoreAnalysis(String mode, long items, long softDeleted, List<String> softDeletedExamples) {

    /** What the run does to a DataStore table, and what its clients must do after it; null for a table without such items. */
    static String warning(TableAnalysis table) {
        DataStoreAnalysis rows = table.dataStore();
        if (rows == null || rows.items() == 0) {
            return null;
        }
        String deleted = rows.softDeleted() == 0 ? "no row is soft-deleted (_deleted)"
                : rows.softDeleted() + " soft-deleted rows (_deleted) " + (rows.mode().equals("reset") ? "are not copied" : "are copied")
                        + " (e.g. " + String.join("; ", rows.softDeletedExamples()) + ")";
        String fields = rows.mode().equals("reset")
                ? "the others get _version 1 and _lastChangedAt the run's start"
                : "_version and _lastChangedAt are copied as they are (datastore is keep)";
        return "table " + table.model() + ": " + rows.items() + " DataStore rows (_version, _lastChangedAt): " + deleted + "; "
                + fields + ". dmig does not write the AmplifyDataStore delta-sync table, so DataStore clients must do a full sync "
                + "(DataStore.clear(), then start) after the run";
    }
}
