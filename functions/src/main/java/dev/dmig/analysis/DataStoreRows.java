package dev.dmig.analysis;

import dev.dmig.migrate.DataStoreItems;
import dev.dmig.plan.TablePair;
import dev.dmig.store.ItemKeys;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Counts the source's Amplify DataStore rows, and of them the soft-deleted ({@code _deleted}) with a few of their keys. */
final class DataStoreRows implements ScanCheck {
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
                    scan.dataStore(DataStoreItems.softDeleted(source), ItemKeys.describe(pair.source().keyOf(source)));
                }
            }
        };
    }
}
