package dev.dmig.analysis;

import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.run.SegmentUnits;
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

    /**
     * True when the run has a table of {@code distributedMapSegments} segments or more: its migration runs as a
     * Distributed Map, and so do its analysis and validation, over every (table, segment) of the run. A smaller
     * run reads everything in one task, as many segments at once as its threads allow, with a shorter history.
     */
    public static boolean fansOut(Map<String, Integer> segments, int distributedMapSegments) {
        return segments.values().stream().anyMatch(n -> n >= distributedMapSegments);
    }

    /**
     * Writes the (table, segment) units of a read-only pass (analysis, validation) to {@code key}, one JSON
     * array the pass's Distributed Map reads, unless it is there already; returns where it is when this call
     * wrote it (the pass is to fan out), null when an earlier call of the same execution did (the Map has run).
     */
    public static RunState.S3Object fanOut(ArtifactStore artifacts, String bucket, String key, List<String> models,
                                           Map<String, Integer> segments) {
        return fanOut(artifacts, bucket, key, models, segments, null);
    }

    /** As {@link #fanOut(ArtifactStore, String, String, List, Map)}, each unit marked with {@code round}. */
    public static RunState.S3Object fanOut(ArtifactStore artifacts, String bucket, String key, List<String> models,
                                           Map<String, Integer> segments, Integer round) {
        List<RunState.Unit> units = new ArrayList<>();
        for (String model : models) {
            int n = segments.get(model);
            for (int segment = 0; segment < n; segment++) {
                units.add(new RunState.Unit(model, segment, n, round));
            }
        }
        return SegmentUnits.handOver(artifacts, bucket, key, units);
    }
}
