package dev.dmig.analysis;

import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The levels → tables → segments that Analyze hands to the state machine. A distributed table's
 * segment numbers go to S3 (one small JSON array per table, {@link RunLayout#segmentList}), where its
 * Distributed Map's ItemReader reads them, so no state's payload grows with the segment count.
 */
public final class WorkList {
    private WorkList() {}

    /**
     * {@code levels}: models per level, in order; {@code segments} and {@code maxConcurrency}: per model;
     * a table of {@code distributedMapSegments} segments or more runs as a Distributed Map.
     */
    public static List<RunState.Level> of(ArtifactStore artifacts, String bucket, String runId, List<List<String>> levels,
                                          Map<String, Integer> segments, Map<String, Integer> maxConcurrency,
                                          int distributedMapSegments) {
        List<RunState.Level> work = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            List<RunState.TableWork> tables = new ArrayList<>();
            for (String model : levels.get(i)) {
                int n = segments.get(model);
                boolean distributed = n >= distributedMapSegments;
                RunState.S3Object list = null;
                if (distributed) {
                    list = new RunState.S3Object(bucket, RunLayout.segmentList(runId, model));
                    artifacts.putJson(list.key(), IntStream.range(0, n).boxed().toList());
                }
                tables.add(new RunState.TableWork(model, n, distributed, maxConcurrency.get(model), list));
            }
            work.add(new RunState.Level(i + 1, tables));
        }
        return work;
    }
}
