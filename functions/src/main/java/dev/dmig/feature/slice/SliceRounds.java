package dev.dmig.feature.slice;

import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.run.SegmentUnits;
import dev.dmig.run.Slice;
import dev.dmig.feature.slice.SliceFinder.Search;
import dev.dmig.feature.slice.SliceScan.Part;
import dev.dmig.store.ArtifactStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Finds a run's slice over several calls, for a run large enough to fan out: the search is kept in S3 between
 * calls, and each round of descendants is handed to the {@code AnalyzeSegments} Map, one task per (table, segment),
 * through a units file and the round's frontier in S3. No state's payload holds a key of the slice; where a masked run
 * withholds a model's source IDs, the search's files ({@code slice/}) are deleted once the slice is kept.
 */
public final class SliceRounds {
    private final ArtifactStore artifacts;
    private final String bucket;
    private final SliceFinder finder;
    private final ExecutorService pool;

    /** {@code pool}: where a call reads the scans of a round that are left, if any. */
    public SliceRounds(ArtifactStore artifacts, String bucket, SliceFinder finder, ExecutorService pool) {
        this.artifacts = artifacts;
        this.bucket = bucket;
        this.finder = finder;
        this.pool = pool;
    }

    /**
     * Where a call of {@link #advance} left the search: the slice is stored ({@code found}), or a round's scans are
     * in {@code units} for the Map, or neither (out of time: call again).
     */
    public record Step(boolean found, RunState.S3Object units) {}

    /**
     * Goes on with the run's search: the first call reads the roots; a round not yet handed to a Map by this
     * {@code execution} is handed to it (the call returns); a round it has handed over is read back (any scan left
     * is finished here) and taken in. When a round has no scan, finds the ancestors and stores the slice
     * ({@link RunLayout#slice}).
     */
    public Step advance(String runId, List<Slice.Root> roots, String execution, Deadline deadline) {
        String key = RunLayout.sliceSearch(runId);
        Search search = artifacts.getJson(key, Search.class).orElse(null);
        if (search == null) {
            search = finder.start(roots);
            artifacts.putJson(key, search);
        }
        while (true) {
            List<Part> round = finder.round(search);
            if (round.isEmpty()) {
                KeptSlice.put(artifacts, runId, finder.finish(search), finder.plan());
                if (KeptSlice.withholds(finder.plan())) {
                    // The search's files hold the members' source IDs and keys as they are: gone once the slice is kept.
                    artifacts.list(RunLayout.sliceFolder(runId)).forEach(artifacts::deleteEveryVersion);
                }
                return new Step(true, null);
            }
            int number = search.rounds() + 1;
            artifacts.putJson(RunLayout.sliceFrontier(runId, number), new Frontier(search.frontier));
            String unitsKey = RunLayout.sliceUnits(runId, number, execution);
            List<RunState.Unit> units = round.stream()
                    .map(part -> new RunState.Unit(part.model, part.segment, part.totalSegments, number)).toList();
            RunState.S3Object handedOver = SegmentUnits.handOver(artifacts, bucket, unitsKey, units);
            if (handedOver != null) {
                return new Step(false, handedOver);
            }
            List<SegmentUnits.Unit> scans = round.stream()
                    .map(part -> new SegmentUnits.Unit(part.model, part.segment, part.totalSegments)).toList();
            SegmentUnits<Part> parts = parts(runId, number);
            Map<String, Set<String>> frontier = search.frontier;
            if (!parts.runAll(scans, deadline, SliceRounds::fresh, (unit, part) -> finder.scan(part, frontier, deadline))) {
                return new Step(false, null);
            }
            finder.absorb(search, parts.parts(scans));
            artifacts.putJson(key, search);
        }
    }

    /** One (table, segment) scan of a round, as the Map's task runs it: until done or out of time; true when done. */
    public boolean scan(String runId, RunState.Unit unit, Deadline deadline) {
        Map<String, Set<String>> frontier = artifacts.getJson(RunLayout.sliceFrontier(runId, unit.round()), Frontier.class)
                .map(Frontier::members).orElseThrow(() -> new IllegalStateException("run " + runId + ": the frontier of slice round " + unit.round()
                        + " is missing; start the run again"));
        return parts(runId, unit.round()).runAll(List.of(new SegmentUnits.Unit(unit.table(), unit.segment(), unit.totalSegments())), deadline,
                SliceRounds::fresh, (u, part) -> finder.scan(part, frontier, deadline));
    }

    private SegmentUnits<Part> parts(String runId, int round) {
        return new SegmentUnits<>(artifacts, pool, Part.class, unit -> RunLayout.slicePart(runId, round, unit.model(), unit.segment()),
                part -> part.done);
    }

    private static Part fresh(SegmentUnits.Unit unit) {
        return new Part(unit.model(), unit.segment(), unit.totalSegments());
    }

    /** A round's frontier as stored: per model, the ID values of the members the previous round found. */
    private record Frontier(Map<String, Set<String>> members) {}
}
