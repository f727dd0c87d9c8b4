package dev.dmig.analysis;

import dev.dmig.run.LambdaConcurrency;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunState;
import dev.dmig.run.SegmentUnits;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The levels → tables → segments that Analyze hands to the state machine. A distributed table's
 * segment numbers go to S3 (one small JSON array per table, {@link RunLayout#segmentList}), where its
 * Distributed Map's ItemReader reads them, so no state's payload grows with the segment count.
 */
public final class WorkList {
    /**
     * Segments a run keeps inline in the parent execution at most. Each costs ~11 history events, and 7 more per
     * extra pass; at ~18 apiece, 9,000 of the execution's 25,000 events, leaving the rest to the tables' own ~10
     * each and the loops of Analyze, Validate and Rollback.
     */
    static final long INLINE_SEGMENT_BUDGET = 500;

    private WorkList() {}

    /**
     * {@code levels}: models per level, in order; {@code segments} and {@code maxConcurrency}: per model;
     * a table of {@code distributedMapSegments} segments or more runs as a Distributed Map.
     */
    public static List<RunState.Level> of(ArtifactStore artifacts, String bucket, String runId, List<List<String>> levels,
                                          Map<String, Integer> segments, Map<String, Integer> maxConcurrency,
                                          int distributedMapSegments) {
        Set<String> distributedTables = distributed(segments, distributedMapSegments);
        List<RunState.Level> work = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            List<RunState.TableWork> tables = new ArrayList<>();
            for (String model : levels.get(i)) {
                int n = segments.get(model);
                boolean distributed = distributedTables.contains(model);
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

    /** {@code levels} with each table's {@code writeSeconds} (per model; 0 where not known), for its segment tasks. */
    public static List<RunState.Level> paced(List<RunState.Level> levels, Map<String, Double> writeSeconds) {
        return levels.stream().map(level -> new RunState.Level(level.level(), level.tables().stream()
                .map(table -> table.withWriteSeconds(writeSeconds.getOrDefault(table.table(), 0.0))).toList(),
                level.maxConcurrency())).toList();
    }

    /**
     * {@code levels} with each table that runs inline validated as soon as its copy is done (ValidateTable); a large
     * table's validation fans out with the verdict's pass, as its copy does.
     */
    public static List<RunState.Level> validatedOnCopy(List<RunState.Level> levels) {
        return levels.stream().map(level -> new RunState.Level(level.level(), level.tables().stream()
                .map(table -> table.distributed() ? table : table.withValidationOnCopy()).toList(), level.maxConcurrency()))
                .toList();
    }

    /**
     * A live target's levels as one level whose tables each wait for the tables they refer to ({@code parents},
     * AwaitParents) rather than for the whole level before theirs: a table starts as soon as its parents' copies are done.
     * The tables keep level order, so a Map that starts them in order never has a waiting table hold a place its parent
     * needs; where the Map cannot start every table at once ({@link LambdaConcurrency#TABLES_CAP}), the levels stay.
     */
    public static List<RunState.Level> awaitingParents(List<RunState.Level> levels, Map<String, List<String>> parents) {
        List<RunState.TableWork> tables = new ArrayList<>();
        levels.forEach(level -> level.tables().forEach(table ->
                tables.add(table.withAfter(parents.getOrDefault(table.table(), List.of())))));
        if (levels.size() < 2 || tables.size() > LambdaConcurrency.TABLES_CAP) {
            return levels;
        }
        return List.of(new RunState.Level(1, tables));
    }

    /**
     * The tables whose segments run as a Distributed Map, each in child executions of its own: those of
     * {@code distributedMapSegments} segments or more, then, while the segments left to run inline in the parent
     * execution number more than {@link #INLINE_SEGMENT_BUDGET}, the tables with the most segments (by name among
     * equals). Each inline segment costs the parent ~11 history events and 7 per extra pass, and an execution fails
     * past 25,000: 500 tables of 8 segments inline would be 48,000 or more (docs/SCALING.md).
     */
    public static Set<String> distributed(Map<String, Integer> segments, int distributedMapSegments) {
        Set<String> distributed = new HashSet<>();
        long inline = 0;
        for (Map.Entry<String, Integer> table : segments.entrySet()) {
            if (table.getValue() >= distributedMapSegments) {
                distributed.add(table.getKey());
            } else {
                inline += table.getValue();
            }
        }
        List<Map.Entry<String, Integer>> largestFirst = segments.entrySet().stream()
                .filter(table -> !distributed.contains(table.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        for (Map.Entry<String, Integer> table : largestFirst) {
            if (inline <= INLINE_SEGMENT_BUDGET) {
                break;
            }
            distributed.add(table.getKey());
            inline -= table.getValue();
        }
        return distributed;
    }

    /**
     * True when the run has a table that runs as a Distributed Map ({@link #distributed}): its analysis, validation
     * and rollback then run as Distributed Maps too, over every (table, segment) of the run. A smaller run reads
     * everything in one task, as many segments at once as its threads allow, with a shorter history.
     */
    public static boolean fansOut(Map<String, Integer> segments, int distributedMapSegments) {
        return !distributed(segments, distributedMapSegments).isEmpty();
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
        return SegmentUnits.handOver(artifacts, bucket, key, units(models, segments, round, null));
    }

    /** Every (table, segment) of {@code models}, each marked with {@code round} and {@code target} (null: unmarked). */
    public static List<RunState.Unit> units(List<String> models, Map<String, Integer> segments, Integer round, Boolean target) {
        List<RunState.Unit> units = new ArrayList<>();
        for (String model : models) {
            int n = segments.get(model);
            for (int segment = 0; segment < n; segment++) {
                units.add(new RunState.Unit(model, segment, n, round, target));
            }
        }
        return units;
    }
}
