package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "analyze", sortOptions = false,
        header = "Dry run: checks the plan against the live tables and scans the source; writes nothing to them.",
        description = {"Dry run: checks the plan against the tables and scans the source — counts, sizes, dependency levels, "
                        + "reference fill rates, orphans (with examples), conflicts at the mapped keys, data problems, and a "
                        + "duration and cost estimate for AWS. Reads tables, writes nothing to them; results in "
                        + "runs/<run>/analysis.json."})
final class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    RunLauncher launcher;

    @Mixin
    PlanOptions options;

    @Mixin
    SliceOptions slice;

    @Mixin
    TablesOption only = new TablesOption();

    @Mixin
    RefreshOption refresh = new RefreshOption();

    @Override
    public Integer call() {
        String runId = options.runId();
        ObjectNode input = launcher.input("dry-run", runId, options, slice);
        only.addTo(input);
        if (!refresh.preview(launcher, input, options.runId)) {
            return dev.dmig.cli.runs.ExitCode.REFUSED;
        }
        return launcher.start("dry-run", runId, runId, input);
    }
}
