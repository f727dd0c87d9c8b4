package dev.dmig.run;

import dev.dmig.Features;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.util.List;
import java.util.Optional;

/**
 * The source as a run sees it: its source tables, or a feature's view of them (a run with roots sees its slice's members
 * only). The analysis, the copy, a test run and the validation each read the source through the run's view, so that
 * they count, copy and check the same items. A view reads; it writes nothing.
 */
@FunctionalInterface
public interface SourceView {
    /** {@code items} as the run sees the tables whose names end in {@code sourceSuffix}, its source's. */
    ItemStore of(ItemStore items, String sourceSuffix);

    /** A feature's view of a run's source, read from the run's artifacts: empty when the feature has none for the run. */
    @FunctionalInterface
    interface Feature {
        Optional<SourceView> of(ArtifactStore artifacts, String runId);
    }

    /** The view of run {@code runId}: every feature's ({@code dev.dmig.Feature}), one over the other in the list's order. */
    static SourceView of(ArtifactStore artifacts, String runId) {
        List<SourceView> views = Features.at(Feature.class).stream().flatMap(feature -> feature.of(artifacts, runId).stream()).toList();
        return (items, sourceSuffix) -> {
            ItemStore seen = items;
            for (SourceView view : views) {
                seen = view.of(seen, sourceSuffix);
            }
            return seen;
        };
    }
}
