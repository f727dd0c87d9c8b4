package dev.dmig.feature.datastore;

import static dev.dmig.store.Items.bool;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.Items.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.identity.IdentityMap;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DataStore's rows as a run maps them: reset, stamped, soft-deleted rows left behind, tables that do not sync left as they are. */
class DataStoreRewriteTest {
    private static final IdMapper IDS = new IdMapper("prod-NONE");
    private static final long STARTED = 1_717_000_000_123L;

    /** A source item that the transformer must not be able to change. */
    private static Map<String, AttributeValue> frozen(Map<String, AttributeValue> item) {
        return Map.copyOf(item);
    }

    private static final MigrationPlan DATASTORE = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"},
             "tables": {"Note": {}, "Kept": {"datastore": "keep"}}}""");

    private final ItemTransformer dataStore = new ItemTransformer(DATASTORE, new RunMappings(STARTED));

    @Test
    void dataStoreRow_underReset_getsVersionOne_theRunsStart_andNoTimeToLive() {
        Map<String, AttributeValue> out = dataStore.transform("Note", frozen(item("id", s("n1"), "_version", n("4"),
                "_lastChangedAt", n("1690000000000"), "_ttl", n("1700000000"), "text", s("x"))));
        assertThat(out).isEqualTo(item("id", s(IDS.newId("Note", "n1")), "_version", n("1"),
                "_lastChangedAt", n(Long.toString(STARTED)), "text", s("x")));
    }

    @Test
    void softDeletedRow_isNotCopied_underReset_butIsUnderKeep_andOtherItemsAreUntouched() {
        Map<String, AttributeValue> deleted = item("id", s("n2"), "_version", n("2"), "_lastChangedAt", n("1"), "_deleted", bool(true));
        assertThat(dataStore.copies("Note", deleted)).isFalse();
        assertThat(dataStore.copies("Kept", deleted)).isTrue();
        assertThat(dataStore.copies("Note", with(deleted, "_deleted", bool(false)))).isTrue();
        // Without both fields an item is not DataStore's: copied and left as it is.
        Map<String, AttributeValue> plain = item("id", s("n3"), "_version", n("7"), "_deleted", bool(true));
        assertThat(dataStore.copies("Note", plain)).isTrue();
        assertThat(dataStore.transform("Note", frozen(plain))).isEqualTo(with(plain, "id", s(IDS.newId("Note", "n3"))));
        assertThat(dataStore.transform("Kept", frozen(deleted))).isEqualTo(with(deleted, "id", s(IDS.newId("Kept", "n2"))));
    }

    @Test
    void sameRecord_aResetRowWrittenByAnotherRun_differsOnlyInItsLastChange() {
        Map<String, AttributeValue> source = item("id", s("n1"), "_version", n("3"), "_lastChangedAt", n("5"));
        Map<String, AttributeValue> earlier = new ItemTransformer(DATASTORE, new RunMappings(42L)).transform("Note", source);
        Map<String, AttributeValue> now = dataStore.transform("Note", source);
        assertThat(now).isNotEqualTo(earlier);
        assertThat(dataStore.sameRecord("Note", earlier, now)).isTrue();
        assertThat(dataStore.sameRecord("Note", with(earlier, "_version", n("2")), now)).isFalse();
    }

    @Test
    void aResetRow_cannotBeMappedOutsideARun() {
        assertThatThrownBy(() -> new ItemTransformer(DATASTORE).transform("Note", item("id", s("n1"), "_version", n("1"),
                "_lastChangedAt", n("1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a DataStore row is reset to the run's start, and no run is given");
    }

    private static final MigrationPlan SYNCABLE = PlanParser.parse("""
            {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"},
             "tables": {"Note": {"syncable": true}, "Kept": {"datastore": "keep", "syncable": true}, "Plain": {}}}""");

    @Test
    void aRowOfASyncableTableWrittenWithoutDataStoresFields_getsThem_asANewRow() {
        ItemTransformer syncable = new ItemTransformer(SYNCABLE, new RunMappings(STARTED));
        Map<String, AttributeValue> outside = frozen(item("id", s("n1"), "text", s("written by a script")));

        assertThat(syncable.transform("Note", outside)).isEqualTo(item("id", s(IDS.newId("Note", "n1")), "text", s("written by a script"),
                "_version", n("1"), "_lastChangedAt", n(Long.toString(STARTED))));
        assertThat(syncable.transform("Kept", outside)).as("keep copies the fields rows have; a row without them still gets them")
                .isEqualTo(item("id", s(IDS.newId("Kept", "n1")), "text", s("written by a script"), "_version", n("1"),
                        "_lastChangedAt", n(Long.toString(STARTED))));
        assertThat(syncable.transform("Kept", frozen(item("id", s("n2"), "_version", n("5"), "_lastChangedAt", n("9")))))
                .isEqualTo(item("id", s(IDS.newId("Kept", "n2")), "_version", n("5"), "_lastChangedAt", n("9")));
        assertThat(syncable.transform("Plain", outside)).as("a table not said to sync is left as it is")
                .isEqualTo(item("id", s(IDS.newId("Plain", "n1")), "text", s("written by a script")));
        Map<String, AttributeValue> earlier = new ItemTransformer(SYNCABLE, new RunMappings(42L)).transform("Kept", outside);
        assertThat(syncable.sameRecord("Kept", earlier, syncable.transform("Kept", outside)))
                .as("another run's copy of the same row differs only in its stamp").isTrue();
    }

    @Test
    void aTableSaidNotToSync_isCopiedAsItIs_itsVersionsAndSoftDeletedRowsIncluded_whateverThePlansDatastore() {
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"}, "datastore": "reset",
                 "tables": {"Settings": {"syncable": false}, "Note": {}}}""");
        ItemTransformer transformer = new ItemTransformer(plan, new RunMappings(STARTED));
        Map<String, AttributeValue> row = frozen(item("id", s("s1"), "_version", n("3"), "_lastChangedAt", n("1717000000000"),
                "_ttl", n("1722252406")));
        Map<String, AttributeValue> deleted = frozen(with(row, "_deleted", bool(true)));

        assertThat(DataStoreTable.of(plan.table("Settings")).mode()).isEqualTo(DataStoreMode.KEEP);
        assertThat(transformer.transform("Settings", row)).isEqualTo(with(row, "id", s(IDS.newId("Settings", "s1"))));
        assertThat(transformer.copies("Settings", deleted)).isTrue();
        assertThat(transformer.transform("Settings", deleted)).isEqualTo(with(deleted, "id", s(IDS.newId("Settings", "s1"))));
        assertThat(transformer.transform("Note", row).get("_version")).as("the plan's reset still holds for other tables").isEqualTo(n("1"));
        assertThat(transformer.copies("Note", deleted)).isFalse();
    }
}
