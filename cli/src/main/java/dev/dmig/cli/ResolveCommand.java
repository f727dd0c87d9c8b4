package dev.dmig.cli;

import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.FollowedRun;
import dev.dmig.cli.runs.Where;
import dev.dmig.plan.ConflictPolicy;
import dev.dmig.run.FollowDecisions;
import dev.dmig.run.FollowStatus;
import dev.dmig.store.ArtifactStore;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "resolve", sortOptions = false,
        header = "Decides what a followed run does at production's records it holds, and lets it go on.",
        description = {"For a run started with dmig migrate --follow whose table says onConflict: abort: when a source change "
                + "was to be written where production has its own record, or has changed a record the run wrote, following "
                + "writes nothing there, holds those records and waits (dmig status and dmig cutover name them). --skip "
                + "leaves each as production has it (validation counts it as left by production); --overwrite writes the "
                + "source's change over it, production's version journaled first. The decision stays with each key for "
                + "its later changes; records held later wait for a decision of their own."})
final class ResolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run that follows its source.")
    String runId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Decision decision;

    static final class Decision {
        @Option(names = "--skip", required = true, description = "Leave production's records as production has them, and go on.")
        boolean skip;

        @Option(names = "--overwrite", required = true,
                description = "Write the source's changes over production's records (its versions journaled first), and go on.")
        boolean overwrite;
    }

    @Override
    public Integer call() {
        return FollowUp.onArtifacts(where, runId, this::resolve);
    }

    private int resolve(ArtifactStore artifacts) {
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> whyNot = FollowedRun.whyNot(artifacts, runId, "resolve");
        if (whyNot.isPresent()) {
            return refuse(whyNot.get());
        }
        if (!FollowStatus.read(artifacts, runId).orElseThrow().holding()) {
            return refuse("run " + runId + " holds no record for a decision now (dmig status --run " + runId + " says where it"
                    + " stands)");
        }
        ConflictPolicy policy = decision.skip ? ConflictPolicy.SKIP : ConflictPolicy.OVERWRITE;
        Map<String, Integer> decided = FollowDecisions.decide(artifacts, runId, policy);
        StringBuilder line = new StringBuilder("decided ").append(policy.planName()).append(" for run ").append(runId).append(": ");
        int i = 0;
        for (Map.Entry<String, Integer> table : decided.entrySet()) {
            line.append(i++ == 0 ? "" : ", ").append(table.getKey()).append(' ').append(table.getValue())
                    .append(table.getValue() == 1 ? " record" : " records");
        }
        out.println(line.append(policy.atTaken() == ConflictPolicy.Taken.LEAVE ? " left as production has them" : " written over (production's"
                + " versions journaled first)").append("; following goes on"));
        return ExitCode.OK;
    }

    private int refuse(String message) {
        spec.commandLine().getErr().println("error: " + message);
        return ExitCode.INVALID;
    }
}
