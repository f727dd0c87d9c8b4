package dev.dmig.feature.datastore;

import dev.dmig.analysis.CountedKeys;
import dev.dmig.analysis.ScanCheck;
import dev.dmig.analysis.ScanTally;
import dev.dmig.analysis.SegmentScan;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.TablePair;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Counts the source's Amplify DataStore rows as the run treats them: the rows with DataStore's fields, and of them the
 * soft-deleted ({@code _deleted}) with a few of their keys; and, in a table that says {@code "syncable": true}, the rows
 * the run gives the fields they lack. A table that says {@code "syncable": false} is no DataStore table: nothing of it
 * is counted, its rows being copied as they are.
 */
final class DataStoreRows implements ScanCheck {
    /** A table's DataStore rows, summed into its {@link DataStoreAnalysis}; none when it has none. */
    static final ScanTally<Rows, DataStoreAnalysis> TALLY = new ScanTally<>(DataStoreAnalysis.SECTION, Rows.class, Rows::new,
            Rows::add, DataStoreAnalysis.class, (rows, table) -> rows.items == 0 && rows.stamped == 0 ? null
                    : new DataStoreAnalysis(DataStoreTable.of(table.plan()).mode().planName(), rows.items, rows.softDeleted.items,
                            rows.softDeleted.examples, rows.stamped, rows.examples));

    private final MigrationPlan plan;

    /** How the examples name a source item ({@link ItemTransformer#shownKey}). */
    private final ItemTransformer transformer;

    private DataStoreRows(MigrationPlan plan, ItemTransformer transformer) {
        this.plan = plan;
        this.transformer = transformer;
    }

    /** Every plan: a table of any plan may hold DataStore's rows, which analysis reports. */
    static void addTo(List<ScanCheck> checks, ScanCheck.Parts parts) {
        checks.add(new DataStoreRows(parts.plan(), parts.transformer()));
    }

    @Override
    public Page page(SegmentScan scan, TablePair pair) {
        Syncable syncable = DataStoreTable.of(plan.table(pair.model())).syncable();
        if (syncable == Syncable.NO) {
            return new Page() {};
        }
        return new Page() {
            @Override
            public void read(Map<String, AttributeValue> source) {
                if (DataStoreItems.managed(source)) {
                    Rows rows = scan.tally(TALLY);
                    rows.items++;
                    if (rows.examples.size() < SegmentScan.EXAMPLES) {
                        rows.examples.add(transformer.shownKey(scan.model, pair.source().keyOf(source), null));
                    }
                    if (DataStoreItems.softDeleted(source)) {
                        rows.softDeleted.count(transformer.shownKey(scan.model, pair.source().keyOf(source), null));
                    }
                }
            }

            @Override
            public void mapping(Map<String, AttributeValue> source, String itemKey) {
                // The run stamps such a row as it writes it (DataStoreRewrite): counted among the items it copies.
                if (syncable == Syncable.YES && !DataStoreItems.managed(source)) {
                    scan.tally(TALLY).stamped++;
                }
            }
        };
    }

    /**
     * Items with DataStore's fields, and of them the soft-deleted with a few of their keys; {@code stamped}, rows of a
     * syncable table the run gives the fields (0 in a part an earlier version counted); {@code examples}, the keys of the
     * first items with the fields.
     */
    public static final class Rows {
        public long items;
        public List<String> examples = new java.util.ArrayList<>();
        public CountedKeys softDeleted = new CountedKeys();
        public long stamped;

        public void add(Rows other) {
            items += other.items;
            other.examples.stream().limit(Math.max(0, SegmentScan.EXAMPLES - examples.size())).forEach(examples::add);
            softDeleted.add(other.softDeleted);
            stamped += other.stamped;
        }
    }
}
