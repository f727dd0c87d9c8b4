package dev.dmig.cli;

import dev.dmig.aws.AwsEnvironment;
import dev.dmig.aws.DeployedStateMachine;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.RollbackCommandLine;
import dev.dmig.cli.runs.RunOrigin;
import dev.dmig.cli.runs.Where;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stop", sortOptions = false,
        header = "Stops a run's execution so that it can be resumed later.",
        description = {"Stops a run's execution so that it can be resumed later. On AWS this stops the Step Functions "
                        + "execution of the run — its own, or the resume, validate or rollback execution acting on it — with a "
                        + "cause that says so; nothing is rolled back. A run in a dmig process on this machine is stopped as "
                        + "Ctrl-C in its terminal stops it: no step starts after it, nothing is rolled back. Either way it "
                        + "continues with dmig resume --run ID — its checkpoints and journal make that exact."})
final class StopCommand implements Callable<Integer> {
    /** The error Step Functions records for an execution dmig stopped. */
    static final String STOPPED_ERROR = "Stopped";
    /** How long a local run's process is waited for after it was asked to stop. */
    private static final java.time.Duration EXIT_WAIT = java.time.Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to stop.")
    String runId;

    @Override
    public Integer call() throws InterruptedException {
        var local = FollowUp.follow(where, runId);
        if (!where.onAws()) {
            return local.isPresent() ? stopLocal(local.get()) : notHere("this machine has no record of run " + runId + " in "
                    + where.dataDir() + ": stop its dmig process where it runs (Ctrl-C or kill)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (AwsEnvironment aws = AwsEnvironment.open(where.awsTarget(), Where.pollInterval())) {
            DeployedStateMachine machine = aws.stateMachine();
            Optional<DeployedStateMachine.Summary> running = machine.running(runId);
            if (running.isEmpty()) {
                spec.commandLine().getErr().println("error: run " + runId + " has no running execution on " + machine.arn()
                        + " (dmig status --aws lists the executions)");
                return ExitCode.INVALID;
            }
            DeployedStateMachine.Summary execution = running.get();
            // Stopped in Finalize, a run has passed its validation: its rollback then needs --confirm.
            String rollback = RollbackCommandLine.of(aws.artifacts(), runId, " --aws", "");
            machine.stop(execution.executionArn(), STOPPED_ERROR, "dmig stop --run " + runId + ": stopped so that it can be "
                    + "resumed (dmig resume --aws --run " + runId + ") or rolled back (" + rollback + ")");
            // Step Functions does not end a Lambda invocation it has started: a segment task may still be writing.
            out.println("Stopped execution " + execution.name() + " (" + execution.mode() + "). The run keeps its checkpoints, "
                    + "journal and target lock. A task that was running still finishes its current call; a resumed "
                    + "execution waits for it on that segment, so that no two tasks work on one segment.");
            out.println();
            out.println("STOPPED  run " + runId + " (" + execution.mode() + "): " + next(execution.mode(), runId, rollback));
            return ExitCode.OK;
        }
    }

    /**
     * A run in a dmig process on this machine: that process gets SIGTERM, and stops the run's execution as Ctrl-C
     * does ({@link LocalStop}), printing what was done where it runs; this waits until it has ended.
     */
    private int stopLocal(RunOrigin origin) throws InterruptedException {
        Optional<ProcessHandle> process = origin.runningProcess();
        String options = where.followUpOptions().isEmpty() ? "" : " " + String.join(" ", where.followUpOptions());
        if (process.isEmpty()) {
            return notHere("run " + runId + " is not running: no dmig process of it on this machine (dmig status --run " + runId
                    + options + " shows how far it got)");
        }
        process.get().destroy();
        boolean ended = process.get().onExit().thenApply(p -> true).completeOnTimeout(false, EXIT_WAIT.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS).join();
        PrintWriter out = spec.commandLine().getOut();
        if (!ended) {
            out.println("STOPPING  run " + runId + ": its process " + process.get().pid() + " was asked to stop and has not ended"
                    + " yet; its own output says when it has");
            return ExitCode.OK;
        }
        // The run's status is in its stores, which may have been that process's own: --confirm, which any rollback accepts.
        String rollback = RollbackCommandLine.of(runId, "", "", true);
        out.println("STOPPED  run " + runId + " (" + origin.mode() + "): its process " + process.get().pid() + " stopped it; "
                + next(origin.mode(), runId, rollback).replace(" --aws", "").replace(" --run " + runId, " --run " + runId + options));
        return ExitCode.OK;
    }

    private int notHere(String message) {
        spec.commandLine().getErr().println("error: " + message);
        return ExitCode.INVALID;
    }

    /** What to run next after the stop; {@code rollback}: the command that rolls the run back. */
    private static String next(String mode, String runId, String rollback) {
        if (mode.startsWith("full")) {
            return "continue it with dmig resume --aws --run " + runId + ", or undo it with " + rollback;
        }
        if (mode.startsWith("test")) {
            return "undo what it wrote with " + rollback;
        }
        if (mode.startsWith("rollback")) {
            return "run " + rollback + " again to finish undoing it";
        }
        return "it wrote to no table; start it again when you need it";
    }
}
