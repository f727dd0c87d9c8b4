package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Analyze hands to the rest of the state machine: the run's identity, the gates the
 * Choice states read, and the work list of levels → tables → segments. Keys and counts only,
 * never items, to stay far below the 256 KB state limit. {@code units}: while the source is still
 * to be read, the list of (table, segment) units the {@code AnalyzeSegments} Map reads them by.
 * {@code fanOutConcurrency}: how many child executions the {@code AnalyzeSegments}, {@code ValidateSegments}
 * and {@code RollbackSegments} Maps run at once ({@link LambdaConcurrency}). {@code nothingToDo}: the target already
 * holds exactly what the run would write; it ends there, having written nothing. {@code follow}: true for a run that
 * follows the source's writes after its copy (null otherwise), carried from one Analyze call to the next.
 */
public record RunState(String runId, RunMode mode, boolean done, boolean confirm, long blockingConflicts,
                       List<Level> levels, Boolean backup, S3Object units, int fanOutConcurrency, boolean nothingToDo,
                       Boolean follow) {

    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record's shorter form: its fields but those defaulted
    public RunState(String runId, RunMode mode, boolean done, boolean confirm, long blockingConflicts, List<Level> levels,
                    Boolean backup, S3Object units, int fanOutConcurrency, boolean nothingToDo) {
        this(runId, mode, done, confirm, blockingConflicts, levels, backup, units, fanOutConcurrency, nothingToDo, null);
    }

    /** This state, of a run that follows the source's writes. */
    public RunState following() {
        return new RunState(runId, mode, done, confirm, blockingConflicts, levels, backup, units, fanOutConcurrency, nothingToDo,
                Boolean.TRUE);
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record's shorter form: its fields but those defaulted
    public RunState(String runId, RunMode mode, boolean done, boolean confirm, long blockingConflicts, List<Level> levels,
                    Boolean backup, S3Object units, boolean nothingToDo) {
        this(runId, mode, done, confirm, blockingConflicts, levels, backup, units, LambdaConcurrency.FAN_OUT_CAP, nothingToDo);
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record's shorter form: its fields but those defaulted
    public RunState(String runId, RunMode mode, boolean done, boolean confirm, long blockingConflicts, List<Level> levels,
                    Boolean backup, S3Object units) {
        this(runId, mode, done, confirm, blockingConflicts, levels, backup, units, false);
    }

    /** Without the backup opt-out: what every step but a looping Analyze returns. */
    public RunState(String runId, RunMode mode, boolean done, boolean confirm, long blockingConflicts, List<Level> levels) {
        this(runId, mode, done, confirm, blockingConflicts, levels, null, null);
    }

    public RunState(String runId, RunMode mode, boolean done, boolean confirm, long blockingConflicts, List<Level> levels,
                    Boolean backup) {
        this(runId, mode, done, confirm, blockingConflicts, levels, backup, null);
    }

    /**
     * One (table, segment) of a pass, as a Distributed Map item; {@code round}: for a pass that runs in rounds, which
     * one: the round of a slice's descendants it scans for, or 1 for validation's item-by-item pass; null for the first.
     * {@code target}: true for the analysis's scan of a segment of the target table (its {@code unique} attributes'
     * values), null for a unit of the source.
     */
    public record Unit(String table, int segment, int totalSegments, Integer round, Boolean target) {
        public Unit(String table, int segment, int totalSegments) {
            this(table, segment, totalSegments, null, null);
        }

        public Unit(String table, int segment, int totalSegments, Integer round) {
            this(table, segment, totalSegments, round, null);
        }

        /** Whether this unit reads the target table, not the source. */
        public boolean ofTarget() {
            return Boolean.TRUE.equals(target);
        }
    }

    /**
     * One dependency level: its tables run in parallel, {@code maxConcurrency} at once (the {@code MigrateTables}
     * Map's), levels one after another.
     */
    public record Level(int level, List<TableWork> tables, int maxConcurrency) {
        public Level(int level, List<TableWork> tables) {
            this(level, tables, LambdaConcurrency.TABLES_CAP);
        }

        /** Whether a table of this level waits for others of it ({@link TableWork#after}). */
        public boolean awaitsParents() {
            return tables.stream().anyMatch(table -> !table.after().isEmpty());
        }

        /**
         * The dependency levels this level's waiting tables were made of, first first, none waiting: a table one level
         * after the deepest of the tables it waits for, which come before it.
         */
        public List<Level> byParents() {
            Map<String, Integer> depth = new HashMap<>();
            List<List<TableWork>> levels = new ArrayList<>();
            for (TableWork table : tables) {
                int own = 1 + table.after().stream().mapToInt(parent -> depth.getOrDefault(parent, 0)).max().orElse(0);
                depth.put(table.table(), own);
                while (levels.size() < own) {
                    levels.add(new ArrayList<>());
                }
                levels.get(own - 1).add(table.withAfter(List.of()));
            }
            List<Level> split = new ArrayList<>();
            for (int i = 0; i < levels.size(); i++) {
                split.add(new Level(i + 1, levels.get(i)));
            }
            return split;
        }
    }

    /**
     * One table's work: how many scan segments, whether they run as a Distributed Map, and how many
     * run at once. A distributed table's segment numbers are the JSON array in {@code segmentList},
     * which the Map's ItemReader reads; an inline table's are generated in the state machine. Either
     * way this entry has the same size however many segments the table has. {@code validatedOnCopy}: the table is
     * validated as soon as its copy is done (ValidateTable), while the others still copy. {@code after}: the tables whose
     * copies must be done before this one starts (AwaitParents), in a level that holds a live target's tables of every
     * dependency level at once; empty, and left out of the state machine's data, where its level's order is enough.
     * {@code writeSeconds}: about how long the table's writes take at the rate its target accepts (0: not known), handed
     * to each segment task, whose process sends the calls of the table with the most first.
     */
    public record TableWork(String table, int segments, boolean distributed, int maxConcurrency, S3Object segmentList,
                            boolean validatedOnCopy, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> after,
                            double writeSeconds) {
        public TableWork {
            after = after == null ? List.of() : List.copyOf(after);
        }

        public TableWork(String table, int segments, boolean distributed, int maxConcurrency, S3Object segmentList) {
            this(table, segments, distributed, maxConcurrency, segmentList, false, List.of(), 0);
        }

        public TableWork withMaxConcurrency(int tasks) {
            return new TableWork(table, segments, distributed, tasks, segmentList, validatedOnCopy, after, writeSeconds);
        }

        public TableWork withValidationOnCopy() {
            return new TableWork(table, segments, distributed, maxConcurrency, segmentList, true, after, writeSeconds);
        }

        public TableWork withAfter(List<String> tables) {
            return new TableWork(table, segments, distributed, maxConcurrency, segmentList, validatedOnCopy, tables, writeSeconds);
        }

        public TableWork withWriteSeconds(double seconds) {
            return new TableWork(table, segments, distributed, maxConcurrency, segmentList, validatedOnCopy, after, seconds);
        }
    }

    /** An object in the artifacts bucket, as a Step Functions ItemReader names it. */
    public record S3Object(String bucket, String key) {}
}
