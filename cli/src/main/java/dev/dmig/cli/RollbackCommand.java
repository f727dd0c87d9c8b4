package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.cli.runs.Ending;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.RollbackCommandLine;
import dev.dmig.cli.runs.RunIds;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunMode;
import dev.dmig.run.RunStatus;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.StoreUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

@Command(name = "rollback", sortOptions = false,
        header = "Undoes an earlier run from its journal.",
        description = {"Undoes an earlier run from its journal: deletes the items it created and restores the pre-images of "
                        + "items it overwrote, children's tables first. Safe to run twice. A run that succeeded, or passed "
                        + "its validation, is rolled back only with --confirm. Refused while another run holds the target, or once a "
                        + "later run has written to it and is not rolled back (roll that one back first). Lists any key it "
                        + "could not restore."})
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    RunLauncher launcher;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to roll back.")
    String runId;

    @Option(names = "--confirm", description = {"Yes, undo it: needed for a run that succeeded or passed its validation, "
            + "whose data the application may be using (a run that failed or stopped needs none)."})
    boolean confirm;

    @Option(names = "--plan", paramLabel = "FILE", description = "Ignored but accepted: the run's own frozen plan is used.")
    Path plan;

    /**
     * After a full run is rolled back, the test runs into the same target that this leaves as they were: a full run
     * takes the items a test run wrote, when they are what it would write, without writing them again, so undoing it
     * leaves them. Each is named with the command that undoes it.
     */
    private List<String> afterward(Outcome outcome, String rolledBack, ArtifactStore artifacts) {
        RunArtifacts runs = RunArtifacts.in(artifacts);
        RunManifest full = !outcome.is(Ending.ROLLED_BACK_ON_REQUEST) ? null
                : runs.manifest(rolledBack).filter(run -> run.mode() == RunMode.FULL).orElse(null);
        if (full == null) {
            return List.of();
        }
        String options = launcher.where.followUpOptions().isEmpty() ? "" : " " + String.join(" ", launcher.where.followUpOptions());
        List<String> lines = new ArrayList<>();
        for (RunManifest test : RunFiles.manifests(artifacts, rolledBack).values()) {
            if (test.mode() == RunMode.TEST && full.targetSuffix().equals(test.targetSuffix())
                    && test.status() != RunStatus.ROLLED_BACK && test.status() != RunStatus.ROLLING_BACK
                    && runs.testResult(test.runId()).map(result -> result.written() > 0).orElse(false)) {
                lines.add("left in *" + full.targetSuffix() + ": the items test run " + test.runId() + " wrote (this rollback"
                        + " undoes run " + rolledBack + " only); " + RollbackCommandLine.of(artifacts, test.runId(), "", options) + " undoes them");
            }
        }
        return lines;
    }

    @Override
    public Integer call() {
        launcher.afterward = this::afterward;
        ObjectNode input = RunLauncher.input("rollback", runId);
        input.put("rollbackRunId", runId);
        if (confirm) {
            input.put("confirm", true);
        }
        return launcher.startOnRun("rollback", RunIds.next() + "-rollback", runId, input, FollowUp.Needs.TARGET_TABLES);
    }
}
