package dev.dmig.feature.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.analysis.TableAnalysis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataStoreAnalysisTest {
    private static final String SYNC = ". dmig does not write the AmplifyDataStore delta-sync table, so DataStore clients must do a "
            + "full sync (DataStore.clear(), then start) after the run";

    @Test
    void oneTable_isNamed_withItsSoftDeletedRows() {
        assertThat(DataStoreAnalysis.warnings(List.of(table("Note", new DataStoreAnalysis("reset", 1_040, 2, List.of("id=n-7", "id=n-9"), 0)))))
                .containsExactly("table Note: 1,040 DataStore rows (_version, _lastChangedAt): 2 soft-deleted rows (_deleted) are not "
                        + "copied (e.g. id=n-7; id=n-9); the others get _version 1 and _lastChangedAt the run's start" + SYNC);
    }

    @Test
    void manyTables_makeOneWarningPerMode_withAnExampleOfEachTablesSoftDeletedRows() {
        List<TableAnalysis> tables = List.of(
                table("Note", new DataStoreAnalysis("reset", 40, 3, List.of("id=n-7", "id=n-19", "id=n-33"), 0)),
                table("Plain", null),
                table("Tag", new DataStoreAnalysis("reset", 12, 0, List.of(), 0)),
                table("Comment", new DataStoreAnalysis("reset", 30, 1, List.of("id=c-2"), 0)),
                table("Log", new DataStoreAnalysis("keep", 5, 0, List.of(), 0)));

        assertThat(DataStoreAnalysis.warnings(tables)).containsExactly(
                "3 tables: 82 DataStore rows (_version, _lastChangedAt): 4 soft-deleted rows (_deleted) are not copied (e.g. Note: 3, "
                        + "id=n-7; Comment: 1, id=c-2); the others get _version 1 and _lastChangedAt the run's start" + SYNC,
                "table Log: 5 DataStore rows (_version, _lastChangedAt): no row is soft-deleted (_deleted); _version and "
                        + "_lastChangedAt are copied as they are (datastore is keep)" + SYNC);
    }

    @Test
    void aSyncableTableWhoseRowsLackTheFields_isNamed_withTheRowsTheRunGivesThem() {
        assertThat(DataStoreAnalysis.warnings(List.of(table("Tag", new DataStoreAnalysis("keep", 0, 0, List.of(), 6)))))
                .containsExactly("table Tag: 6 rows without DataStore's fields (_version, _lastChangedAt) get _version 1 and"
                        + " _lastChangedAt the run's start, as the table says \"syncable\": true" + SYNC);
    }

    @Test
    void noDataStoreRows_noWarning() {
        assertThat(DataStoreAnalysis.warnings(List.of(table("Plain", null), table("Empty", new DataStoreAnalysis("reset", 0, 0, List.of(), 0)))))
                .isEmpty();
    }

    private static TableAnalysis table(String model, DataStoreAnalysis dataStore) {
        return new TableAnalysis(model, 1, model + "-dev", model + "-prod", 1, 10, 100, 10, List.of(), 0, 0, List.of(), 0, null,
                List.of(), null, null, null, true, null, 10, dataStore == null ? Map.of() : Map.of(DataStoreAnalysis.SECTION, dataStore),
                0);
    }
}
