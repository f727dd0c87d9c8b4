package dev.dmig.feature.slice;

import dev.dmig.run.Slice;
import dev.dmig.run.SourceView;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ForwardingItemStore;
import dev.dmig.store.GuardedOutcome;
import dev.dmig.store.GuardedWrite;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The source as a run with roots sees it: a scan of a source table yields only the slice's members, so that
 * analysis, migration and validation count, copy and check exactly the slice, each through its usual scans.
 * Pages keep their scan position, so checkpoints and resumes work as for a whole table. Reads by key and reads of the
 * target pass through; it writes nothing.
 */
final class SlicedItemStore extends ForwardingItemStore {
    private final Slice slice;
    private final String sourceSuffix;

    private SlicedItemStore(ItemStore store, Slice slice, String sourceSuffix) {
        super(store);
        this.slice = slice;
        this.sourceSuffix = sourceSuffix;
    }

    /** The view of a run with roots: its source seen through its slice ({@code slice.json}); empty for a run of the whole source. */
    static Optional<SourceView> of(ArtifactStore artifacts, String runId) {
        return KeptSlice.get(artifacts, runId).map(slice -> (store, sourceSuffix) -> of(store, slice, sourceSuffix));
    }

    /** {@code store} seen through {@code slice}: its source tables' scans yield the slice's members only. */
    static ItemStore of(ItemStore store, Slice slice, String sourceSuffix) {
        return new SlicedItemStore(store, slice, sourceSuffix);
    }

    @Override
    public ScanPage scan(String table, int segment, int totalSegments, Map<String, AttributeValue> exclusiveStartKey, int limit,
                         boolean consistentRead) {
        ScanPage page = inner.scan(table, segment, totalSegments, exclusiveStartKey, limit, consistentRead);
        if (!table.endsWith(sourceSuffix)) {
            return page;
        }
        String model = table.substring(0, table.length() - sourceSuffix.length());
        return new ScanPage(page.items().stream().filter(item -> slice.contains(model, item)).toList(), page.lastEvaluatedKey());
    }

    @Override
    public String createBackup(String table, String backupName) {
        throw readOnly(table);
    }

    @Override
    public List<WriteRequest> batchWriteOnce(String table, List<WriteRequest> requests) {
        throw readOnly(table);
    }

    @Override
    public GuardedOutcome writeIfOnce(String table, List<GuardedWrite> writes) {
        throw readOnly(table);
    }

    /** The slice is how the run reads; it writes through its usual store. */
    private static UnsupportedOperationException readOnly(String table) {
        return new UnsupportedOperationException("the slice's view of " + table + " is for reading; write through the run's store");
    }
}
