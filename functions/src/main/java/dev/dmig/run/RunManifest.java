package dev.dmig.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dmig.RefusedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code runs/<runId>/manifest.json}: what a run is, how far it got, and how it ended. Written
 * only by steps that run one at a time (Analyze, Validate, Rollback, Finalize), never by the
 * parallel segment tasks, so writes never race. {@code resumedAt}: when another execution last took the
 * run over ({@code dmig resume}); null for a run its first execution carries to the end. {@code pausedMillis}: the time
 * the run spent stopped before its resumes, which is not the time it took.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunManifest(String runId, RunMode mode, RunStatus status, String executionName, String planDigest,
                          String sourceSuffix, String targetSuffix, String createdAt, String updatedAt,
                          Test test, List<String> tables, List<List<String>> levels, Map<String, Integer> segments,
                          Map<String, TableProgress> progress, Failure failure, String verdict, Map<String, String> backups,
                          List<String> roots, String resumedAt, long pausedMillis) {

    /** Whether the run covers a slice of the source (the roots' {@code MODEL:ID}s, see {@link Slice}) rather than all of it. */
    public boolean sliced() {
        return roots != null && !roots.isEmpty();
    }

    /**
     * A run that wrote and ended well: it {@link RunStatus#SUCCEEDED}, or its validation passed ({@link RunStatus#VALIDATED}).
     * It is finished, and the application may be using its data: only a person undoes it, with {@code "confirm": true}
     * in the rollback's input ({@code dmig rollback --confirm}). A run that failed, stopped, or whose rollback did not
     * finish is rolled back without.
     */
    public boolean rollbackNeedsConfirmation() {
        return mode.writes() && (status == RunStatus.SUCCEEDED || status == RunStatus.VALIDATED);
    }

    /** The command that rolls this run back as it stands: with {@code --confirm} when {@link #rollbackNeedsConfirmation}. */
    public String rollbackCommand() {
        return "dmig rollback --run " + runId + (rollbackNeedsConfirmation() ? " --confirm" : "");
    }

    /** The records a test run moves. */
    public record Test(String table, String sourceId, int limit, boolean withParents) {}

    /** Per-table totals, filled in when the run ends. */
    public record TableProgress(int level, long itemsRead, long itemsWritten, long itemsSkipped, long millis) {}

    /** Why a run failed: the error name and cause the state machine reported, and each problem when there were several. */
    public record Failure(String error, String cause, List<String> problems) {
        public Failure(String error, String cause) {
            this(error, cause, null);
        }
    }

    /** A run just opened by {@code executionName}: analyzing, nothing decided yet. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the fields a new run's manifest starts with, one each
    public static RunManifest opened(String runId, RunMode mode, String executionName, String planDigest, String sourceSuffix,
                                     String targetSuffix, Test test, List<String> tables, List<String> roots) {
        String now = Instant.now().toString();
        return new RunManifest(runId, mode, RunStatus.ANALYZING, executionName, planDigest, sourceSuffix, targetSuffix, now, now,
                test, tables, null, null, null, null, null, null, roots, null, 0);
    }

    /**
     * The same run, dated from {@code executionStart}, the start of the execution that opened it (null: as it is, from
     * its opening): its time ({@link RunTime}) is the command's from there.
     */
    public RunManifest startingAt(Instant executionStart) {
        if (executionStart == null || !executionStart.isBefore(Instant.parse(createdAt))) {
            return this;
        }
        return new RunManifest(runId, mode, status, executionName, planDigest, sourceSuffix, targetSuffix, executionStart.toString(),
                updatedAt, test, tables, levels, segments, progress, failure, verdict, backups, roots, resumedAt, pausedMillis);
    }

    /**
     * The same run, continued by another execution (a resumed run); {@code lastWrite}: when the run last wrote before it
     * stopped, if later than this manifest's last update. The time in between, stopped, is not the run's own.
     */
    public RunManifest withExecution(String newExecutionName, Optional<Instant> lastWrite) {
        return withExecution(newExecutionName, lastWrite, null);
    }

    /** The same, {@code executionStart} being when the resuming execution started (null: now): its own time counts. */
    public RunManifest withExecution(String newExecutionName, Optional<Instant> lastWrite, Instant executionStart) {
        Instant now = Instant.now();
        Instant resumed = executionStart != null && executionStart.isBefore(now) ? executionStart : now;
        Instant stopped = lastWrite.filter(w -> w.isAfter(Instant.parse(updatedAt))).orElse(Instant.parse(updatedAt));
        long paused = pausedMillis + Math.max(0, resumed.toEpochMilli() - stopped.toEpochMilli());
        return new RunManifest(runId, mode, status, newExecutionName, planDigest, sourceSuffix, targetSuffix, createdAt,
                now.toString(), test, tables, levels, segments, progress, failure, verdict, backups, roots, resumed.toString(), paused);
    }

    /**
     * The run's time ({@link RunTime}) from its start until its last update — its verdict, once it has one — without
     * the time it was stopped.
     */
    public double seconds() {
        return RunTime.seconds(createdAt, updatedAt, pausedMillis);
    }

    /**
     * The run's time until {@code end} when that is later than its last update: a run without a verdict whose last
     * step so far (a page written, its execution's end) came after its manifest was last written.
     */
    public double secondsUntil(Instant end) {
        Instant updated = Instant.parse(updatedAt);
        return RunTime.seconds(Instant.parse(createdAt), end != null && end.isAfter(updated) ? end : updated, pausedMillis);
    }

    public RunManifest with(RunStatus newStatus) {
        return new RunManifest(runId, mode, newStatus, executionName, planDigest, sourceSuffix, targetSuffix, createdAt,
                Instant.now().toString(), test, tables, levels, segments, progress, failure, verdict, backups, roots, resumedAt, pausedMillis);
    }

    public RunManifest withLevels(List<String> newTables, List<List<String>> newLevels, Map<String, Integer> newSegments) {
        return new RunManifest(runId, mode, status, executionName, planDigest, sourceSuffix, targetSuffix, createdAt,
                Instant.now().toString(), test, newTables, newLevels, newSegments, progress, failure,
                verdict, backups, roots, resumedAt, pausedMillis);
    }

    public RunManifest ended(RunStatus newStatus, Map<String, TableProgress> newProgress, Failure newFailure, String newVerdict) {
        return new RunManifest(runId, mode, newStatus, executionName, planDigest, sourceSuffix, targetSuffix, createdAt,
                Instant.now().toString(), test, tables, levels, segments, newProgress, newFailure,
                newVerdict, backups, roots, resumedAt, pausedMillis);
    }

    /** Records the on-demand backups taken before the first write, by target table. */
    public RunManifest withBackups(Map<String, String> newBackups) {
        return new RunManifest(runId, mode, status, executionName, planDigest, sourceSuffix, targetSuffix, createdAt,
                Instant.now().toString(), test, tables, levels, segments, progress, failure,
                verdict, newBackups, roots, resumedAt, pausedMillis);
    }

    public RunManifest withFailure(RunStatus newStatus, Failure newFailure) {
        return new RunManifest(runId, mode, newStatus, executionName, planDigest, sourceSuffix, targetSuffix, createdAt,
                Instant.now().toString(), test, tables, levels, segments, progress, newFailure,
                verdict, backups, roots, resumedAt, pausedMillis);
    }

    /** The run refused before writing anything, under the refusal's own error name. */
    public RunManifest refused(RefusedException refusal) {
        return withFailure(RunStatus.REFUSED, new Failure(refusal.error(), refusal.getMessage(), refusal.problemLines()));
    }
}
