package dev.dmig.cli;

import dev.dmig.aws.AwsEnvironment;
import dev.dmig.aws.DeployedStateMachine;
import dev.dmig.aws.MapRun;
import dev.dmig.aws.MapRunsUnreadableException;
import dev.dmig.cli.runs.ArtifactPlace;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.runs.Session;
import dev.dmig.cli.runs.Where;
import dev.dmig.cli.views.Following;
import dev.dmig.cli.views.RunHistory;
import dev.dmig.cli.views.RunProgress;
import dev.dmig.cli.views.RunRow;
import dev.dmig.report.Numbers;
import dev.dmig.run.FollowStatus;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunTime;
import dev.dmig.store.ArtifactStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", sortOptions = false,
        header = "Lists the runs so far, or shows one run's progress per table.",
        description = {"Without --run: the migration history — every run with its mode, start, duration and verdict: those in "
                        + "the artifacts the options name, and every run the data directory records, wherever its artifacts are "
                        + "(the embedded store, an S3 server of your own, the deployed stack's bucket), each place named; with "
                        + "--aws, the state machine's recent executions, from Step Functions (a running one with the item "
                        + "counts of its Distributed Map runs). With --run: that run's progress per table (items done of "
                        + "items found by analysis), from its checkpoints (with --aws, in the stack's bucket)."})
final class StatusCommand implements Callable<Integer> {
    /** The status shown for a run the recovery path gave up on. */

    private static final int BAR = 24;

    @Spec
    CommandSpec spec;

    /** What "now" is: how long a run going on has run so far, a following run's lag. */
    Clock clock = Clock.systemUTC();

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--run", paramLabel = "ID", description = "Show one run's per-table progress.")
    String runId;

    @Option(names = "--last", paramLabel = "N", defaultValue = "20",
            description = "With --aws: how many of the most recent executions to list (default: ${DEFAULT-VALUE}).")
    int last;

    @Option(names = "--all", description = "Also list the refused attempts (refused before writing anything: without "
            + "--confirm, conflicts found, target locked, no backup); they are counted, not listed, otherwise.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (runId != null) {
            return FollowUp.onArtifacts(where, runId, artifacts -> run(out, artifacts, runId, clock.instant(), options()));
        }
        if (where.onAws()) {
            try (AwsEnvironment aws = AwsEnvironment.open(where.awsTarget(), Where.pollInterval())) {
                return executions(out, spec.commandLine().getErr(), aws.stateMachine(), last, clock.instant());
            }
        }
        try (Session session = Session.open(where)) {
            // Every run the data directory records, wherever its artifacts are, besides those of the options' place.
            RunHistory.of(ArtifactPlace.of(where), session.services().artifacts(),
                    RunOrigin.recorded(where.dataDir(), spec.commandLine().getErr()), clock.instant()).print(out, all);
            return ExitCode.OK;
        }
    }

    /**
     * The executions Step Functions has of the state machine, oldest of them first, as the local
     * history lists runs; a running one with Distributed Map runs under way shows their item counts.
     */
    private static int executions(PrintWriter out, PrintWriter err, DeployedStateMachine machine, int last, Instant now) {
        if (last < 1) {
            throw new IllegalArgumentException("--last must be at least 1, not " + last);
        }
        List<DeployedStateMachine.Summary> executions = new ArrayList<>(machine.recent(last));
        if (executions.isEmpty()) {
            out.println("no executions yet of " + machine.arn() + " (try: dmig analyze --aws --plan plan.json)");
            return ExitCode.OK;
        }
        Collections.reverse(executions);
        MapRunsUnreadableException mapRunsUnreadable = null;
        out.println(Format.pad("run", 30) + Format.pad("mode", 16) + Format.pad("started", 22) + Format.padLeft("took", 9)
                + "  " + Format.pad("verdict", 20) + "why");
        for (DeployedStateMachine.Summary execution : executions) {
            Instant end = execution.stop() != null ? execution.stop() : now;
            double seconds = execution.start() == null ? 0 : RunTime.seconds(execution.start(), end, 0);
            String verdict = execution.running() ? "RUNNING"
                    : Outcome.of(execution.status(), execution.lastState(), execution.error(), execution.cause()).verdict();
            String why = execution.error() == null ? "" : clip(Outcome.why(execution.error(), execution.cause()));
            if (execution.running() && mapRunsUnreadable == null) {
                try {
                    why = mapRuns(machine.runningMapRuns(execution.executionArn()));
                } catch (MapRunsUnreadableException e) {
                    mapRunsUnreadable = e;
                }
            }
            String started = execution.start() == null ? "" : execution.start().toString().substring(0, 19).replace('T', ' ');
            out.println(Format.pad(execution.runId(), 30) + Format.pad(execution.mode(), 16) + Format.pad(started, 22)
                    + Format.padLeft(Numbers.seconds(seconds), 9) + "  " + Format.pad(verdict, 20) + why);
        }
        out.println();
        out.println(executions.size() + (executions.size() == 1 ? " execution of " : " executions of ") + machine.arn()
                + (executions.size() == last ? " (the most recent; --last N lists more)" : ""));
        if (mapRunsUnreadable != null) {
            err.println("(" + mapRunsUnreadable.getMessage() + ")");
            err.flush();
        }
        return ExitCode.OK;
    }

    /** {@code map run: 37/120 succeeded, 4 running, 0 failed}, summed over the runs; empty without any. */
    private static String mapRuns(List<MapRun> runs) {
        if (runs.isEmpty()) {
            return "";
        }
        MapRun.Counts items = runs.stream().map(MapRun::items).reduce(MapRun.Counts::plus).orElseThrow();
        return (runs.size() == 1 ? "map run: " : runs.size() + " map runs: ") + items.text();
    }

    /** One run's status and its tables' progress; following while a process of this machine runs it past its copy. */
    static int run(PrintWriter out, ArtifactStore artifacts, String runId, Instant now, String options) {
        Optional<RunProgress> found = RunProgress.read(artifacts, runId);
        if (found.isEmpty()) {
            out.println("run " + runId + " not found in " + artifacts.location() + " (dmig status lists the runs)");
            return ExitCode.INVALID;
        }
        RunProgress run = found.get();
        RunManifest manifest = run.manifest();
        boolean running = RunRow.running(manifest, RunOrigin.stored(artifacts, runId), List.of());
        out.println("run " + runId + " (" + manifest.mode().text() + "): " + RunRow.status(artifacts, manifest, running)
                + (manifest.failure() == null ? "" : " — " + Outcome.why(manifest.failure().error(), manifest.failure().cause())));
        String rollbackLeft = RunRow.withLeft(artifacts, manifest, "");
        if (!rollbackLeft.isEmpty()) {
            out.println(rollbackLeft);
        }
        run.recovery().ifPresent(recovery -> out.println("recovery: " + recovery.action() + " — "
                + Format.plain(recovery.reason()) + (recovery.executions().isEmpty() ? "" : " (rollback executions "
                + String.join(", ", recovery.executions()) + ")")));
        if (run.needsRollback()) {
            out.println(RunRow.NEEDS_ROLLBACK + ": " + manifest.rollbackCommand());
        }
        FollowStatus.read(artifacts, runId).ifPresent(following -> {
            out.println(Following.line(following, now));
            Following.held(following, runId, options).forEach(out::println);
        });
        run.sections().forEach(out::println);
        for (RunProgress.Table table : run.tables()) {
            int filled = (int) Math.round(table.fraction() * BAR);
            String rate = table.seconds() > 0 ? Numbers.count(table.itemsPerSecond()) + " items/s" : "";
            String eta = table.secondsLeft().map(left -> ", ETA " + Numbers.seconds(left)).orElse("");
            out.println("  " + Format.pad(table.model(), 26) + "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
                    + Format.padLeft(Numbers.count(table.done()), 8) + "/" + Format.pad(Numbers.count(table.total()), 8)
                    + (table.finished() ? " done " : " ") + table.describe() + (rate.isEmpty() ? "" : ", " + rate) + eta
                    + (table.refusedWrites() > 0 ? ", throttled: " + Numbers.count(table.refusedWrites())
                    + " writes refused and sent again" : ""));
        }
        return ExitCode.OK;
    }

    /** A reason short enough for the table's last column. */
    private static String clip(String why) {
        return clip(why, 160);
    }

    private static String clip(String text, int width) {
        return text.length() > width ? text.substring(0, width - 3) + "..." : text;
    }

    /** What a command printed for later carries after {@code --run ID}. */
    private String options() {
        return where.followUpOptions().isEmpty() ? "" : " " + String.join(" ", where.followUpOptions());
    }
}
