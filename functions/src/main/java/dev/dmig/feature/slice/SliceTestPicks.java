package dev.dmig.feature.slice;

import dev.dmig.migrate.TestPicks;
import dev.dmig.run.Slice;
import dev.dmig.store.ItemStore;
import dev.dmig.store.ScanPage;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A test of a run with roots moves its whole slice: each member table is read through the slice's view of the source (one
 * scan of the table), which yields the members alone. The slice is closed, so no parent is missing.
 */
final class SliceTestPicks {
    private SliceTestPicks() {}

    static Optional<List<TestPicks.Pick>> picks(TestPicks.Parts parts) {
        if (!parts.manifest().sliced()) {
            return Optional.empty();
        }
        Slice slice = KeptSlice.get(parts.artifacts(), parts.runId()).orElseThrow(() -> new IllegalStateException("run "
                + parts.runId() + " has roots but no slice.json: Analyze finds the slice before the test"));
        ItemStore sliced = SlicedItemStore.of(parts.items(), slice, parts.plan().sourceSuffix());
        List<TestPicks.Pick> picks = new ArrayList<>();
        for (String model : parts.plan().migratedModels()) {
            Slice.Members members = slice.tables().get(model);
            if (members == null || members.ids().isEmpty()) {
                continue;
            }
            TableInfo source = parts.sources().get(model);
            Map<String, AttributeValue> start = null;
            do {
                ScanPage page = sliced.scan(source.name(), 0, 1, start, parts.pageSize(), true);
                page.items().forEach(item -> picks.add(new TestPicks.Pick(model, item)));
                start = page.lastEvaluatedKey();
            } while (start != null && !start.isEmpty());
        }
        return Optional.of(picks);
    }
}
