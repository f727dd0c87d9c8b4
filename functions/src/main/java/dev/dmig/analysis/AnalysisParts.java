package dev.dmig.analysis;

import dev.dmig.run.RunLayout;
import dev.dmig.run.SegmentUnits;
import dev.dmig.store.ArtifactStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Where one run's analysis keeps what its scans found, one part per (table, segment): of the source
 * ({@link SegmentScan}) and of the target's unique values ({@link TargetValues}); read back a few parts at a time.
 */
final class AnalysisParts {
    /** Segment parts a summary reads and counts at once: a part of 25,000 items can hold ~30 MB of references. */
    private static final int PARTS_AT_ONCE = 8;

    private final SegmentUnits<SegmentScan> source;
    private final SegmentUnits<TargetValues> target;

    AnalysisParts(ArtifactStore artifacts, ExecutorService pool, String runId) {
        this.source = new SegmentUnits<>(artifacts, pool, SegmentScan.class,
                unit -> RunLayout.analysisPart(runId, unit.model(), unit.segment()), part -> part.done);
        this.target = new SegmentUnits<>(artifacts, pool, TargetValues.class,
                unit -> RunLayout.analysisTargetPart(runId, unit.model(), unit.segment()), part -> part.done);
    }

    SegmentUnits<SegmentScan> source() {
        return source;
    }

    SegmentUnits<TargetValues> target() {
        return target;
    }

    /** {@code work} on one table's source parts, a few at a time (those {@code held} from memory). */
    void forEachSource(String model, Map<String, Integer> segments, SegmentUnits.Held<SegmentScan> held,
                       Consumer<List<SegmentScan>> work) {
        List<SegmentUnits.Unit> all = SegmentUnits.of(List.of(model), segments);
        for (int from = 0; from < all.size(); from += PARTS_AT_ONCE) {
            work.accept(source.parts(all.subList(from, Math.min(all.size(), from + PARTS_AT_ONCE)), held));
        }
    }

    /** {@code work} on one table's target parts, a few at a time. */
    void forEachTarget(String model, Map<String, Integer> segments, Consumer<List<TargetValues>> work) {
        List<SegmentUnits.Unit> all = SegmentUnits.of(List.of(model), segments);
        for (int from = 0; from < all.size(); from += PARTS_AT_ONCE) {
            work.accept(target.parts(all.subList(from, Math.min(all.size(), from + PARTS_AT_ONCE))));
        }
    }
}
