package dev.dmig.feature.datastore;

import dev.dmig.analysis.TableAnalysis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table's items that carry Amplify DataStore's fields ({@code _version}, {@code _lastChangedAt}): how many,
 * how many of them are soft-deleted ({@code _deleted}) with a few of their keys, and what the plan does with them
 * ({@code reset} or {@code keep}); and {@code stamped}, the rows of a table that says {@code "syncable": true} written
 * without the fields, which the run gives them (0 in an analysis made before it was counted); {@code examples}, the keys
 * of the first rows with the fields (none in an analysis made before they were kept).
 */
public record DataStoreAnalysis(String mode, long items, long softDeleted, List<String> softDeletedExamples, long stamped,
                                List<String> examples) {

    /** Its name among a table's sections ({@code dataStore} in analysis.json). */
    public static final String SECTION = "dataStore";

    public DataStoreAnalysis {
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** Without the keys of its first rows. */
    public DataStoreAnalysis(String mode, long items, long softDeleted, List<String> softDeletedExamples, long stamped) {
        this(mode, items, softDeleted, softDeletedExamples, stamped, List.of());
    }

    /** A table's section; null when none of its rows has DataStore's fields. */
    public static DataStoreAnalysis of(TableAnalysis table) {
        return table.section(SECTION, DataStoreAnalysis.class);
    }

    /**
     * What the run does to DataStore tables, and what their clients must do after it: one warning per mode the tables
     * are in (an app's models all have conflict detection, or none), naming the table when it is one; none without such
     * tables. Each table's figures are in its analysis.
     */
    static List<String> warnings(Collection<TableAnalysis> tables) {
        Map<String, List<TableAnalysis>> byMode = new LinkedHashMap<>();
        for (TableAnalysis table : tables) {
            if (of(table) != null && (of(table).items() > 0 || of(table).stamped() > 0)) {
                byMode.computeIfAbsent(of(table).mode(), mode -> new ArrayList<>()).add(table);
            }
        }
        List<String> warnings = new ArrayList<>();
        byMode.forEach((mode, inMode) -> warnings.add(warning(mode, inMode)));
        return warnings;
    }

    private static String warning(String mode, List<TableAnalysis> tables) {
        long items = tables.stream().mapToLong(t -> of(t).items()).sum();
        long stamped = tables.stream().mapToLong(t -> of(t).stamped()).sum();
        boolean one = tables.size() == 1;
        String which = one ? "table " + tables.get(0).model() : tables.size() + " tables";
        List<String> parts = new ArrayList<>();
        if (items > 0) {
            parts.add(count(items) + " DataStore rows (_version, _lastChangedAt): " + rows(mode, tables));
        }
        if (stamped > 0) {
            parts.add(count(stamped) + (stamped == 1 ? " row without " : " rows without ") + (items > 0 ? "them"
                    : "DataStore's fields (_version, _lastChangedAt)") + (stamped == 1 ? " gets" : " get") + " _version 1 and"
                    + " _lastChangedAt the run's start, as " + (one ? "the table says" : "their tables say") + " \"syncable\": true");
        }
        return which + ": " + String.join("; ", parts)
                + ". dmig does not write the AmplifyDataStore delta-sync table, so DataStore clients must do a full sync "
                + "(DataStore.clear(), then start) after the run";
    }

    /** What becomes of the rows with DataStore's fields: the soft-deleted ones, with an example of each table's, and the others. */
    private static String rows(String mode, List<TableAnalysis> tables) {
        long deleted = tables.stream().mapToLong(t -> of(t).softDeleted()).sum();
        String examples = tables.size() == 1 ? String.join("; ", of(tables.get(0)).softDeletedExamples())
                : String.join("; ", tables.stream().filter(t -> of(t).softDeleted() > 0)
                        .map(t -> t.model() + ": " + count(of(t).softDeleted()) + of(t).softDeletedExamples().stream()
                                .findFirst().map(key -> ", " + key).orElse("")).toList());
        String rows = deleted == 0 ? "no row is soft-deleted (_deleted)"
                : count(deleted) + " soft-deleted rows (_deleted) " + (mode.equals("reset") ? "are not copied" : "are copied")
                        + " (e.g. " + examples + ")";
        String fields = mode.equals("reset")
                ? "the others get _version 1 and _lastChangedAt the run's start"
                : "_version and _lastChangedAt are copied as they are (datastore is keep)";
        return rows + "; " + fields;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
