package dev.dmig.feature.slice;

import dev.dmig.Feature;
import dev.dmig.analysis.RunCheck;
import dev.dmig.migrate.TestPicks;
import dev.dmig.run.SourceView;

/**
 * A slice of the source ({@code --root MODEL:ID}): found before the analysis scans the source, in rounds of scans where
 * the Analyze call fans out; then the run sees its slice's members only, in its analysis, copy, test run and validation,
 * and its test run copies the whole slice.
 */
public final class SliceFeature implements Feature {
    @Override
    public Parts parts() {
        return new Parts()
                .add(SourceView.Feature.class, SlicedItemStore::of)
                .add(TestPicks.class, SliceTestPicks::picks)
                .add(RunCheck.Feature.class, SliceCheck::addTo);
    }
}
