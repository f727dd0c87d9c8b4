package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.executor.Execution;
import dev.dmig.json.Json;
import dev.dmig.migrate.TestResult;
import dev.dmig.plan.PlanParser;
import dev.dmig.report.RunReport;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import dev.dmig.validate.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that starts an execution shares: where it runs, how it reports, how it exits. */
abstract class RunCommand implements Callable<Integer> {
    /** Who answers confirmation questions; given per command line by {@link Dmig#execute}. */
    Terminal terminal = Terminal.system();

    @Spec
    CommandSpec spec;

    @Mixin
    Where where;

    @picocli.CommandLine.Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default, for people) or json: one JSON document on standard output, for machines.")
    String output;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Progress bars only on an interactive terminal; logs and tests get plain lines. */
    boolean bars() {
        return System.console() != null && !Boolean.getBoolean("dmig.noBars");
    }

    /** Reads and checks a plan file before anything starts: a broken plan never opens a run. */
    static JsonNode readPlan(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("plan file " + file + " does not exist (dmig demo writes a sample to "
                    + ".dmig/sample-plan.json; dmig infer --source-suffix S proposes one from your tables)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read plan file " + file + ": " + e.getMessage());
        }
        PlanParser.parse(bytes);
        return Json.tree(bytes);
    }

    static ObjectNode input(String mode, String runId) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("mode", mode);
        input.put("runId", runId);
        return input;
    }

    /** Runs one execution, prints what it did and a last line with the verdict and run ID; returns the exit code. */
    int runAndReport(Session session, String mode, String executionName, String runId, ObjectNode input) {
        return runAndReport(session, mode, executionName, runId, input, List.of());
    }

    /** The same, with lines shown just before the verdict (the verdict stays the last line). */
    int runAndReport(Session session, String mode, String executionName, String runId, ObjectNode input, List<String> hints) {
        err().println("dmig " + mode + ": run " + runId + " on " + session.environment().description());
        if (mode.equals("full") && session.environment().embeddedDynamoDb() && !input.has("backup")) {
            // DynamoDB Local has neither point-in-time recovery nor backups: say so rather than fail.
            input.put("backup", false);
            err().println("backup check skipped: the embedded DynamoDB Local has no backups");
        }
        err().flush();
        Execution execution = session.execute(executionName, runId, input, err(), bars());
        Outcome outcome = Outcome.of(execution);
        ArtifactStore artifacts = session.services().artifacts();
        boolean json = "json".equalsIgnoreCase(output);
        Summary summary = new Summary(json ? new PrintWriter(java.io.Writer.nullWriter()) : out());
        String detail = describe(outcome, mode, runId, artifacts, summary, json);
        if (json) {
            out().println(Json.pretty(machineResult(outcome, mode, runId, detail, artifacts)));
            out().flush();
            return outcome.exitCode();
        }
        if (!hints.isEmpty()) {
            out().println();
            hints.forEach(out()::println);
        }
        out().println();
        out().println(outcome.verdict() + "  run " + runId + " (" + mode + ")" + (detail == null ? "" : ": " + detail));
        out().flush();
        return outcome.exitCode();
    }

    /** The result for machines: verdict, exit code, why, where the artifacts are, and the report itself. */
    private static ObjectNode machineResult(Outcome outcome, String mode, String runId, String detail, ArtifactStore artifacts) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("runId", runId);
        result.put("mode", mode);
        result.put("verdict", outcome.verdict());
        result.put("exitCode", outcome.exitCode());
        result.put("terminalState", outcome.terminalState());
        result.put("detail", detail);
        if (outcome.error() != null) {
            result.put("error", outcome.error());
            result.put("message", outcome.message());
        }
        artifacts.getJson(RunLayout.manifest(runId), RunManifest.class).map(RunManifest::failure)
                .map(RunManifest.Failure::problems).ifPresent(p -> p.forEach(result.putArray("problems")::add));
        ObjectNode where = result.putObject("artifacts");
        where.put("manifest", artifacts.location() + "/" + RunLayout.manifest(runId));
        where.put("report", artifacts.location() + "/" + RunLayout.report(runId));
        artifacts.getJson(RunLayout.report(runId), JsonNode.class).ifPresent(r -> result.set("report", r));
        return result;
    }

    private String describe(Outcome outcome, String mode, String runId, ArtifactStore artifacts, Summary summary, boolean json) {
        var analysis = artifacts.getJson(RunLayout.analysis(runId), Analysis.class);
        var report = artifacts.getJson(RunLayout.report(runId), RunReport.class);
        switch (outcome.terminalState()) {
            case "PlanInvalid", "InputInvalid" -> {
                if (!json) {
                    out().println();
                }
                summary.problems(artifacts.getJson(RunLayout.manifest(runId), RunManifest.class)
                        .map(RunManifest::failure).map(RunManifest.Failure::problems)
                        .orElseGet(() -> List.of(outcome.message() == null ? outcome.error() : outcome.message())));
                return "nothing was written";
            }
            case "ConfirmationRequired" -> {
                return "a full run writes to the target tables; add --confirm to proceed (nothing was written)";
            }
            case "ConflictsFound" -> {
                analysis.ifPresent(summary::analysis);
                artifacts.getJson(RunLayout.testResult(runId), TestResult.class).ifPresent(summary::test);
                return (outcome.message() != null && outcome.message().contains("already exist") ? outcome.message()
                        : "target items already exist at the mapped keys and onConflict is abort") + "";
            }
            case "DryRunComplete" -> {
                analysis.ifPresent(summary::analysis);
                return analysis.map(a -> "analysis only, nothing written: " + Format.count(a.totals().items()) + " items in "
                        + a.totals().tables() + " tables; see " + artifacts.location() + "/" + RunLayout.analysis(runId)).orElse(null);
            }
            case "TestPassed" -> {
                var test = artifacts.getJson(RunLayout.testResult(runId), TestResult.class);
                test.ifPresent(summary::test);
                return test.map(t -> t.records().size() + " records checked, " + t.written() + " written, "
                        + t.alreadyPresent() + " already present").orElse(null);
            }
            case "Succeeded" -> {
                report.ifPresent(summary::report);
                var validation = artifacts.getJson(RunLayout.validation(runId), ValidationReport.class);
                validation.ifPresent(summary::validation);
                return report.map(r -> Format.count(r.totals().itemsWritten()) + " items migrated and validated in "
                        + Format.seconds(r.seconds())).orElse(null);
            }
            case "ValidationPassed", "ValidationFailed" -> {
                artifacts.getJson(RunLayout.validation(runId), ValidationReport.class).ifPresent(summary::validation);
                return "validation " + (outcome.succeeded() ? "passed" : "found differences") + "; see "
                        + artifacts.location() + "/" + RunLayout.validation(runId);
            }
            case "RolledBackOnRequest" -> {
                artifacts.getJson(RunLayout.rollback(runId), RollbackResult.class).ifPresent(summary::rollback);
                return "rolled back on request";
            }
            default -> {
                artifacts.getJson(RunLayout.testResult(runId), TestResult.class).ifPresent(summary::test);
                artifacts.getJson(RunLayout.validation(runId), ValidationReport.class)
                        .filter(v -> !v.passed()).ifPresent(summary::validation);
                artifacts.getJson(RunLayout.rollback(runId), RollbackResult.class).ifPresent(summary::rollback);
                String why = artifacts.getJson(RunLayout.manifest(runId), RunManifest.class)
                        .map(RunManifest::failure).map(f -> f.error() + ": " + Outcome.message(f.cause()))
                        .orElse(outcome.error() + (outcome.message() == null ? "" : ": " + outcome.message()));
                return why;
            }
        }
    }
}
