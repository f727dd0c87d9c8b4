package dev.dmig.run;

import java.util.List;

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
    }

    /**
     * One table's work: how many scan segments, whether they run as a Distributed Map, and how many
     * run at once. A distributed table's segment numbers are the JSON array in {@code segmentList},
     * which the Map's ItemReader reads; an inline table's are generated in the state machine. Either
     * way this entry has the same size however many segments the table has. {@code validatedOnCopy}: the table is
     * validated as soon as its copy is done (ValidateTable), while the others still copy.
     */
    public record TableWork(String table, int segments, boolean distributed, int maxConcurrency, S3Object segmentList,
                            boolean validatedOnCopy) {
        public TableWork(String table, int segments, boolean distributed, int maxConcurrency, S3Object segmentList) {
            this(table, segments, distributed, maxConcurrency, segmentList, false);
        }

        public TableWork withMaxConcurrency(int tasks) {
            return new TableWork(table, segments, distributed, tasks, segmentList, validatedOnCopy);
        }

        public TableWork withValidationOnCopy() {
            return new TableWork(table, segments, distributed, maxConcurrency, segmentList, true);
        }
    }

    /** An object in the artifacts bucket, as a Step Functions ItemReader names it. */
    public record S3Object(String bucket, String key) {}
}
