package dev.dmig.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stop", sortOptions = false,
        description = {"Stops a run's execution so that it can be resumed later. On AWS this stops the Step Functions",
                "execution (dmig stop --aws); a local run is stopped by ending its dmig process (Ctrl-C, or kill),",
                "and continues with dmig resume --run ID — its checkpoints and journal make that exact."})
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to stop.")
    String runId;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: a local run has no execution to stop from here: end its dmig process "
                + "(Ctrl-C or kill), then continue with dmig resume --run " + runId);
        return ExitCode.INVALID;
    }
}
