package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "analyze", sortOptions = false,
        description = {"Dry run: checks the plan against the tables and scans the source — counts, sizes, dependency levels,",
                "reference fill rates, orphans (with examples), conflicts at the mapped keys, data problems, and a duration",
                "and cost estimate for AWS. Reads tables, writes nothing to them; results in runs/<run>/analysis.json."})
final class AnalyzeCommand extends RunCommand {
    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The migration plan (JSON).")
    Path plan;

    @Option(names = "--run", paramLabel = "ID", description = "Name for the new run (default: a generated, sortable ID).")
    String runId;

    @Option(names = "--tables", split = ",", paramLabel = "T1,T2", description = "Only these models of the plan.")
    List<String> tables;

    @Override
    public Integer call() {
        ObjectNode input = input("dry-run", runId = runId != null ? runId : RunIds.next());
        input.set("config", readPlan(plan));
        if (tables != null) {
            tables.forEach(input.putArray("tables")::add);
        }
        try (Session session = Session.open(where)) {
            return runAndReport(session, "dry-run", runId, runId, input);
        }
    }
}
