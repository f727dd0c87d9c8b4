package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", sortOptions = false,
        header = "Undoes an earlier run from its journal.",
        description = {"Undoes an earlier run from its journal: deletes the items it created and restores the pre-images of "
                        + "items it overwrote, children's tables first. Safe to run twice. Refused while another run holds the target, or once a "
                        + "later run has written to it and is not rolled back (roll that one back first). Lists any key it "
                        + "could not restore."})
final class RollbackCommand extends RunCommand {
    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to roll back.")
    String runId;

    @Option(names = "--plan", paramLabel = "FILE", description = "Ignored but accepted: the run's own frozen plan is used.")
    Path plan;

    @Override
    public Integer call() {
        ObjectNode input = input("rollback", runId);
        input.put("rollbackRunId", runId);
        return startOnRun("rollback", RunIds.next() + "-rollback", runId, input, FollowUp.Needs.TARGET_TABLES);
    }
}
