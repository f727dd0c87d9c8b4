package dev.dmig.validate;

import java.util.List;

/**
 * What validation looked for in every string of the target items a run wrote and in every object key it copied to:
 * {@code userValues} subs, usernames and identity-pool IDs of the source's users (from the run's identity map), and
 * {@code sourceIds} source IDs of the {@code tables} whose records got new IDs; {@code tablesNotChecked}: tables whose
 * IDs would be looked for but whose analysis kept none (it was made by an earlier version).
 */
record SourceValuesChecked(long userValues, long sourceIds, List<String> tables, List<String> tablesNotChecked) {
    public SourceValuesChecked {
        tables = tables == null ? List.of() : List.copyOf(tables);
        tablesNotChecked = tablesNotChecked == null ? List.of() : List.copyOf(tablesNotChecked);
    }
}
