package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.RunIds;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "resume", sortOptions = false,
        header = "Continues a full run that stopped before it ended, from its checkpoints.",
        description = {"Continues a full run that stopped before it ended — killed, crashed, or stopped — from its "
                        + "checkpoints: finished segments are skipped, an interrupted page is written again with identical "
                        + "content, then the run is validated (or rolled back) as usual. The run keeps its ID, plan and target "
                        + "lock."})
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    RunLauncher launcher;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to continue.")
    String runId;

    @Option(names = "--no-backup", description = "Go on without the check that every target table has point-in-time "
            + "recovery (or a fresh backup). A run started with --no-backup remembers it; this is for one that did not.")
    boolean noBackup;

    @Override
    public Integer call() {
        ObjectNode input = RunLauncher.input("full", runId);
        // No "confirm": the run was confirmed when it started, and Analyze holds a resumed run to that.
        input.put("resume", true);
        if (noBackup) {
            input.put("backup", false);
        }
        return launcher.startOnRun("full", RunIds.next() + "-resume", runId, input, FollowUp.Needs.BOTH_SIDES);
    }
}
