package dev.dmig.analysis;

import dev.dmig.migrate.DataStoreItems;
import dev.dmig.plan.TablePair;
import dev.dmig.store.ItemKeys;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Counts the source's Amplify DataStore rows, and of them the soft-deleted ({@code _deleted}) with a few of their keys. */
final class DataStoreRows implements ScanCheck {
    /** A table's DataStore rows, summed into its {@link DataStoreAnalysis}; none when it has none. */
    static final ScanTally<Rows, DataStoreAnalysis> TALLY = new ScanTally<>("dataStore", Rows.class, Rows::new, Rows::add,
            DataStoreAnalysis.class, (rows, table) -> rows.items == 0 ? null
                    : new DataStoreAnalysis(table.plan().datastore().planName(), rows.items, rows.softDeleted.items,
                            rows.softDeleted.examples));

    private DataStoreRows() {}

    /** Every plan: a table of any plan may hold DataStore's rows, which analysis reports. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        checks.add(new DataStoreRows());
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        return new Page() {
            @Override
            public void read(Map<String, AttributeValue> source) {
                if (DataStoreItems.managed(source)) {
                    Rows rows = scan.tally(TALLY);
                    rows.items++;
                    if (DataStoreItems.softDeleted(source)) {
                        rows.softDeleted.count(ItemKeys.describe(pair.source().keyOf(source)));
                    }
                }
            }
        };
    }

    /** Items with DataStore's fields, and of them the soft-deleted with a few of their keys. */
    static final class Rows {
        public long items;
        public CountedKeys softDeleted = new CountedKeys();

        void add(Rows other) {
            items += other.items;
            softDeleted.add(other.softDeleted);
        }
    }
}
