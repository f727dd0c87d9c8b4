package dev.dmig.cli.views;

import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.runs.RunTrail;
import dev.dmig.cli.runs.StateNames;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.Recovery;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run of the history as {@code dmig status} lists it and the dashboard shows it: its manifest, where its tables
 * were ({@code place}, "-" for a run without a record), how long it took (a run going on now: so far), its status
 * ({@link #NEEDS_ROLLBACK} when the recovery path gave up on it; {@link #FOLLOWING} for a run following its source now)
 * and why it failed, in a person's words.
 */
public record RunRow(RunManifest manifest, String place, double seconds, String status, String why) {
    /**
     * Whether a dmig process of this machine runs {@code run} now, as its record with the artifacts ({@code origin}) or in
     * {@code recorded} says.
     */
    public static boolean running(RunManifest run, Optional<RunOrigin> origin, List<RunOrigin> recorded) {
        return !run.status().terminal() && Stream.concat(origin.stream(), recorded.stream()
                .filter(record -> run.runId().equals(record.runId()))).anyMatch(record -> record.runningProcess().isPresent());
    }

    /** The run's status as the history and {@code status --run} say it: {@link #FOLLOWING} while it follows, else its own. */
    public static String status(ArtifactStore artifacts, RunManifest run, boolean running) {
        return running && RunTrail.current(artifacts, run.runId()).filter(StateNames::following).isPresent()
                ? FOLLOWING : run.status().text();
    }

    /** A run that stopped and whose recovery says it is to be rolled back. */
    public static final String NEEDS_ROLLBACK = "needs-rollback";
    /** A run whose copy is done and that applies its source's changes now, until its cut-over. */
    public static final String FOLLOWING = "following";

    /**
     * Every run in the artifacts, oldest first, refused attempts included, as they stand at {@code now}: a run a dmig
     * process of this machine is running now, as its record with the artifacts or in {@code recorded} (the data
     * directory's, which a resume updates) names it, has run from its start until {@code now}.
     */
    public static List<RunRow> all(ArtifactStore artifacts, Instant now, List<RunOrigin> recorded) {
        List<RunManifest> runs = new ArrayList<>(RunFiles.manifests(artifacts, null).values());
        runs.sort(Comparator.comparing(RunManifest::createdAt));
        List<RunRow> rows = new ArrayList<>();
        for (RunManifest run : runs) {
            Optional<RunOrigin> origin = RunOrigin.stored(artifacts, run.runId());
            boolean running = running(run, origin, recorded);
            double seconds = running ? run.secondsUntil(now) : seconds(artifacts, run);
            String why = run.failure() == null ? "" : Outcome.why(run.failure().error(), run.failure().cause());
            why = withLeft(artifacts, run, why);
            String status = status(artifacts, run, running);
            Optional<Recovery.Record> recovery = needsRollback(artifacts, run);
            if (recovery.isPresent()) {
                status = NEEDS_ROLLBACK;
                why = recovery.get().reason();
            }
            String place = origin.map(RunOrigin::place).orElse("-");
            rows.add(new RunRow(run, place, seconds, status, why == null ? "" : why));
        }
        return rows;
    }

    /**
     * How long the run took ({@link dev.dmig.run.RunTime}): as its report says, for a run that ended (not the time until a
     * later rollback of it, which its report gives apart); for one without a verdict, until its last step so far: the
     * end of its execution when that ended (stopped, or failed past its own failure path), which its manifest, written
     * only between the steps that analyze, validate and end it, does not know of. Neither counts the time it was stopped
     * before a resume.
     */
    private static double seconds(ArtifactStore artifacts, RunManifest run) {
        RunArtifacts runs = RunArtifacts.in(artifacts);
        if (run.status().terminal()) {
            return runs.report(run.runId()).map(RunReport::seconds).orElse(run.seconds());
        }
        Instant ended = run.executionName() == null ? null : runs.history(run.runId(), run.executionName())
                .map(history -> history.path("end").asText(null)).map(RunRow::instant).orElse(null);
        return run.secondsUntil(ended);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * {@code why}, with what the run's rollback left as production changed it since, when it left some (it is then not
     * exact): {@code …; rollback: 782 items undone; 1 item left as production changed it since (Users-prod id=…)}.
     */
    public static String withLeft(ArtifactStore artifacts, RunManifest run, String why) {
        if (run.status() != RunStatus.ROLLED_BACK && run.status() != RunStatus.ROLLBACK_INCOMPLETE) {
            return why;
        }
        String left = RunArtifacts.in(artifacts).rollback(run.runId()).map(RollbackResult::describeInexact).orElse("");
        if (left.isEmpty()) {
            return why;
        }
        return (why == null || why.isEmpty() ? "" : why + "; ") + "rollback: " + left;
    }

    public boolean refused() {
        return manifest.status() == RunStatus.REFUSED;
    }

    /**
     * A run that an execution left half-written and the recovery path could not roll back (it gave
     * up, or it is mid-way): the operator must run the rollback.
     */
    static Optional<Recovery.Record> needsRollback(ArtifactStore artifacts, RunManifest run) {
        if (run.status().terminal()) {
            return Optional.empty();
        }
        return new Recovery(artifacts).record(run.runId()).filter(record -> record.action().equals(NEEDS_ROLLBACK));
    }
}
