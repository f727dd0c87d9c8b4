package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.RunIds;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "validate", sortOptions = false,
        header = "Validates an earlier full run again; never writes to a table.",
        description = {"Validates an earlier full run again: counts, content digests of the transformed source against the "
                        + "target, every reference, every object of file references in the target's Storage bucket, and the source "
                        + "unchanged. Never writes to a table or bucket."})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    RunLauncher launcher;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The full run to validate.")
    String runId;

    @Option(names = "--plan", paramLabel = "FILE", description = "Ignored but accepted: the run's own frozen plan is used.")
    Path plan;

    @Override
    public Integer call() {
        ObjectNode input = RunLauncher.input("validate", runId);
        return launcher.startOnRun("validate", RunIds.next() + "-validate", runId, input, FollowUp.Needs.BOTH_SIDES);
    }
}
