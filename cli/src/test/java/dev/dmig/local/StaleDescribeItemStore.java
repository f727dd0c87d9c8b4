package dev.dmig.local;

import dev.dmig.store.ForwardingItemStore;
import dev.dmig.store.ItemStore;
import dev.dmig.store.TableInfo;
import java.util.Optional;
import java.util.Set;

/**
 * The real item store, except that DescribeTable says some tables are empty (0 items, 0 bytes):
 * what DynamoDB reports for up to six hours after a table was loaded. DynamoDB Local's counts are
 * always current, so only this front shows a stale one.
 */
final class StaleDescribeItemStore extends ForwardingItemStore {
    private final Set<String> stale;

    StaleDescribeItemStore(ItemStore inner, Set<String> stale) {
        super(inner);
        this.stale = stale;
    }

    @Override
    public Optional<TableInfo> describe(String table) {
        return inner.describe(table).map(t -> stale.contains(table)
                ? new TableInfo(t.name(), t.hashKey(), t.rangeKey(), t.indexes(), 0, 0, t.streamViewType()) : t);
    }
}
