package dev.dmig.feature.datastore;

import static dev.dmig.plan.PlanProblems.minimal;
import static dev.dmig.plan.PlanProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import org.junit.jupiter.api.Test;

/** DataStore's fields of a plan: the delta-sync table, {@code datastore} (the plan's and a table's) and {@code syncable}. */
class DataStoreSectionTest {
    @Test
    void amplifyDataStore_theDeltaSyncTable_isRefusedUnlessThePlanSaysSkip() {
        assertThat(problems(minimal("{\"Todo\": {}, \"AmplifyDataStore\": {}}"))).containsExactly("table AmplifyDataStore: is"
                + " Amplify DataStore's delta-sync table, which clients sync from: copied, the target's clients would be sent the"
                + " source's changes; give it \"skip\": true (as dmig infer proposes), or \"skip\": false to copy it on purpose");
        assertThat(PlanParser.parse(minimal("{\"Todo\": {}, \"AmplifyDataStore\": {\"skip\": true}}")).migratedModels()).containsExactly("Todo");
        assertThat(PlanParser.parse(minimal("{\"Todo\": {}, \"AmplifyDataStore\": {\"skip\": false}}")).migratedModels())
                .containsExactly("Todo", "AmplifyDataStore");
        // Only Amplify's name: a model of the app that merely ends so is an app's table.
        assertThat(PlanParser.parse(minimal("{\"MyAmplifyDataStore\": {}}")).migratedModels()).containsExactly("MyAmplifyDataStore");
    }

    @Test
    void datastore_isResetByDefault_theTopLevelSetsTheDefault_andATableItsOwn() {
        MigrationPlan plan = PlanParser.parse(minimal("{\"A\": {}, \"B\": {\"datastore\": \"keep\"}}"));
        assertThat(DataStoreTable.of(plan.table("A")).mode()).isEqualTo(DataStoreMode.RESET);
        assertThat(DataStoreTable.of(plan.table("B")).mode()).isEqualTo(DataStoreMode.KEEP);
        MigrationPlan keeping = PlanParser.parse(minimal("{\"A\": {}, \"B\": {\"datastore\": \"reset\"}}")
                .replace("\"tables\"", "\"datastore\": \"keep\", \"tables\""));
        assertThat(DataStoreTable.of(keeping.table("A")).mode()).isEqualTo(DataStoreMode.KEEP);
        assertThat(DataStoreTable.of(keeping.table("B")).mode()).isEqualTo(DataStoreMode.RESET);
        assertThat(problems(minimal("{\"A\": {\"datastore\": \"drop\"}}").replace("\"tables\"", "\"datastore\": 1, \"tables\"")))
                .containsExactly("table A, attribute datastore: datastore must be \"reset\" or \"keep\", not \"drop\"",
                        "datastore must be \"reset\" or \"keep\", not 1");
    }

    @Test
    void aTableSaidNotToSync_keepsItsRows_andReset_besideItIsAProblem() {
        MigrationPlan parsed = PlanParser.parse(minimal("{\"Settings\": {\"syncable\": false}, \"Kept\": {\"syncable\": false,"
                + " \"datastore\": \"keep\"}, \"Note\": {}}").replace("\"tables\"", "\"datastore\": \"reset\", \"tables\""));

        assertThat(DataStoreTable.of(parsed.table("Settings")).mode()).isEqualTo(DataStoreMode.KEEP);
        assertThat(DataStoreTable.of(parsed.table("Settings")).syncable()).isEqualTo(Syncable.NO);
        assertThat(DataStoreTable.of(parsed.table("Kept")).mode()).isEqualTo(DataStoreMode.KEEP);
        assertThat(DataStoreTable.of(parsed.table("Note")).mode()).isEqualTo(DataStoreMode.RESET);
        assertThat(problems(minimal("{\"Settings\": {\"syncable\": false, \"datastore\": \"reset\"}}"))).containsExactly(
                "table Settings, attribute datastore: is \"reset\" and the table says \"syncable\": false: DataStore's rules (a reset"
                        + " of _version and _lastChangedAt, soft-deleted rows left behind) apply only to a table that syncs; remove"
                        + " \"datastore\", or make the table \"syncable\": true");
    }


    @Test
    void itsKeys_areKnownKeysOfThePlanAndOfATable() {
        assertThat(problems(minimal("{\"A\": {\"refs\": 1}}").replace("\"tables\"", "\"onConflicts\": \"skip\", \"tables\"")))
                .allSatisfy(problem -> assertThat(problem).contains(", datastore, "))
                .anySatisfy(problem -> assertThat(problem).startsWith("table A").contains(", syncable, "));
    }

    @Test
    void syncable_isWhatTheEntrySays_andSayingNothingIsNotFalse() {
        MigrationPlan parsed = PlanParser.parse(minimal("{\"Profile\": {\"syncable\": true}, \"Task\": {}}"));

        assertThat(DataStoreTable.of(parsed.table("Profile")).syncable()).isEqualTo(Syncable.YES);
        assertThat(DataStoreTable.of(parsed.table("Task")).syncable()).as("said nothing, which is not false").isEqualTo(Syncable.UNSAID);
        assertThat(problems(minimal("{\"A\": {\"syncable\": \"yes\"}}")))
                .containsExactly("table A, attribute syncable: syncable must be true or false, not \"yes\"");
    }
}
