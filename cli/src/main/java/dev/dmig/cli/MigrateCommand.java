package dev.dmig.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", sortOptions = false,
        description = {"Full run: analysis, then every level's tables in parallel (parents before children), segment by",
                "segment with a write-ahead journal and checkpoints, then validation. Any failure, or a failed",
                "validation, rolls the run back from its journal. Refuses without --confirm; refuses when target items",
                "already sit at the mapped keys and the plan says onConflict: abort."})
final class MigrateCommand extends RunCommand {
    @Mixin
    PlanOptions options;

    @Option(names = "--confirm", description = "Yes, write to the target tables.")
    boolean confirm;

    @Option(names = "--tables", split = ",", paramLabel = "T1,T2", description = "Only these models of the plan.")
    List<String> tables;

    @Override
    public Integer call() {
        String runId = options.runId();
        ObjectNode input = input("full", runId);
        input.set("config", options.plan());
        if (confirm) {
            input.put("confirm", true);
        }
        if (tables != null) {
            tables.forEach(input.putArray("tables")::add);
        }
        return start("full", runId, runId, input);
    }
}
