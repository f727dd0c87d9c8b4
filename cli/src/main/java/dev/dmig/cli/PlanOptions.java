package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The plan file and the new run's name, for the commands that start a run from a plan. */
final class PlanOptions {
    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The migration plan (JSON).")
    Path plan;

    @Option(names = "--run", paramLabel = "ID", description = "Name for the new run (default: a generated, sortable ID).")
    String runId;

    /** The run ID given, or a new one (the same on every call). */
    String runId() {
        if (runId == null) {
            runId = RunIds.next();
        }
        return runId;
    }

    JsonNode plan() {
        return RunCommand.readPlan(plan);
    }
}
