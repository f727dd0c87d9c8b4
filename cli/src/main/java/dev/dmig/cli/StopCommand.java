package dev.dmig.cli;

import dev.dmig.aws.AwsEnvironment;
import dev.dmig.aws.DeployedStateMachine;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stop", sortOptions = false,
        header = "Stops a run's execution on AWS so that it can be resumed later.",
        description = {"Stops a run's execution so that it can be resumed later. On AWS (--aws) this stops the Step "
                        + "Functions execution of the run — its own, or the resume, validate or rollback execution acting on it "
                        + "— with a cause that says so; nothing is rolled back. A local run is stopped by ending its dmig "
                        + "process (Ctrl-C, or kill). Either way it continues with dmig resume --run ID — its checkpoints and "
                        + "journal make that exact."})
final class StopCommand implements Callable<Integer> {
    /** The error Step Functions records for an execution dmig stopped. */
    static final String STOPPED_ERROR = "Stopped";

    @Spec
    CommandSpec spec;

    @Mixin
    Where where;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to stop.")
    String runId;

    @Override
    public Integer call() {
        if (!where.onAws()) {
            spec.commandLine().getErr().println("error: a local run has no execution to stop from here: end its dmig process "
                    + "(Ctrl-C or kill), then continue with dmig resume --run " + runId);
            return ExitCode.INVALID;
        }
        PrintWriter out = spec.commandLine().getOut();
        try (AwsEnvironment aws = AwsEnvironment.open(where.awsTarget(), RunCommand.pollInterval())) {
            DeployedStateMachine machine = aws.stateMachine();
            Optional<DeployedStateMachine.Summary> running = machine.running(runId);
            if (running.isEmpty()) {
                spec.commandLine().getErr().println("error: run " + runId + " has no running execution on " + machine.arn()
                        + " (dmig status --aws lists the executions)");
                return ExitCode.INVALID;
            }
            DeployedStateMachine.Summary execution = running.get();
            machine.stop(execution.executionArn(), STOPPED_ERROR, "dmig stop --run " + runId + ": stopped so that it can be "
                    + "resumed (dmig resume --aws --run " + runId + ") or rolled back (dmig rollback --aws --run " + runId + ")");
            // Step Functions does not end a Lambda invocation it has started: a segment task may still be writing.
            out.println("Stopped execution " + execution.name() + " (" + execution.mode() + "). The run keeps its checkpoints, "
                    + "journal and target lock. A task that was running still finishes its current call; a resumed "
                    + "execution waits for it on that segment, so that no two tasks work on one segment.");
            out.println();
            out.println("STOPPED  run " + runId + " (" + execution.mode() + "): " + next(execution.mode(), runId));
            return ExitCode.OK;
        }
    }

    private static String next(String mode, String runId) {
        if (mode.startsWith("full")) {
            return "continue it with dmig resume --aws --run " + runId + ", or undo it with dmig rollback --aws --run " + runId;
        }
        if (mode.startsWith("test")) {
            return "undo what it wrote with dmig rollback --aws --run " + runId;
        }
        if (mode.startsWith("rollback")) {
            return "run dmig rollback --aws --run " + runId + " again to finish undoing it";
        }
        return "it wrote to no table; start it again when you need it";
    }
}
