package dev.dmig.feature.slice;

import dev.dmig.Feature;
import dev.dmig.migrate.TestPicks;
import dev.dmig.run.SourceView;

/**
 * A slice of the source ({@code --root MODEL:ID}): the run sees its slice's members only, in its analysis, copy, test run
 * and validation, and its test run copies the whole slice. Finding the slice (the {@code slice} package, in rounds of
 * scans before the analysis) and what the CLI shows of it are still the steps' own.
 */
public final class SliceFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts()
                .add(SourceView.Feature.class, SlicedItemStore::of)
                .add(TestPicks.class, SliceTestPicks::picks);
    }
}
