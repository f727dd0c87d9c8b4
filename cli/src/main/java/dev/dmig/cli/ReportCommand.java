package dev.dmig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.artifacts.RunArtifacts;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.cli.runs.FollowUp;
import dev.dmig.cli.runs.Format;
import dev.dmig.cli.runs.Outcome;
import dev.dmig.cli.runs.Where;
import dev.dmig.cli.views.Summaries;
import dev.dmig.json.Json;
import dev.dmig.report.Finalizer;
import dev.dmig.report.Numbers;
import dev.dmig.report.ReportPage;
import dev.dmig.report.RunReport;
import dev.dmig.run.RunTime;
import dev.dmig.store.ArtifactStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", sortOptions = false,
        header = "Shows a run's report, or writes it as an HTML page.",
        description = {"Shows a run's report: verdict, per-table counts and timings, validation, rollback, and the path the "
                        + "state machine took with each step's timing (from runs/<run>/report.json and history.json); --html "
                        + "FILE writes it as a page to open in a browser."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = Where.HEADING)
    Where where = new Where();

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to report on.")
    String runId;

    @Option(names = "--json", description = "Print report.json itself, for machines.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE",
            description = {"Write the report as one self-contained HTML page to FILE (verdict, dependency graph, per-table bars, "
                    + "the path with timings, validation, findings) instead of printing it; open it in any browser."})
    Path html;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return FollowUp.onArtifacts(where, runId, artifacts -> report(out, artifacts));
    }

    private int report(PrintWriter out, ArtifactStore artifacts) {
        var manifest = RunArtifacts.in(artifacts).manifest(runId);
        if (manifest.isEmpty()) {
            out.println("run " + runId + " not found in " + artifacts.location() + " (dmig status lists the runs)");
            return ExitCode.INVALID;
        }
        Finalizer finalizer = new Finalizer(artifacts);
        RunReport report = RunArtifacts.in(artifacts).report(runId)
                .orElseGet(() -> finalizer.report(manifest.get()));
        if (html != null) {
            return writeHtml(out, spec.commandLine().getErr(), ReportPage.build(artifacts, report), report);
        }
        if (json) {
            out.println(Json.pretty(report));
            return ExitCode.OK;
        }
        out.println("run " + report.runId() + " (" + report.mode() + "): " + report.status()
                + ", started " + report.createdAt() + ", " + Numbers.seconds(report.seconds()));
        Summaries summary = new Summaries(out);
        if (report.analysis() != null && report.mode().equals("dry-run")) {
            summary.analysis(report.analysis());
        }
        if (report.test() != null) {
            summary.test(report.test());
        }
        summary.report(report);
        if (report.mode().equals("full")) {
            summary.written(report);
        }
        if (report.validation() != null) {
            summary.validation(report.validation(), report.undone());
        }
        if (report.rollback() != null) {
            summary.rollback(report.rollback());
        }
        if (report.failure() != null) {
            out.println();
            out.println("failure: " + Outcome.why(report.failure().error(), report.failure().cause()));
        }
        RunArtifacts.in(artifacts).history(runId).ifPresent(history -> path(out, history, report));
        return ExitCode.OK;
    }

    private int writeHtml(PrintWriter out, PrintWriter err, String page, RunReport report) {
        try {
            Path parent = html.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(html, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("error: cannot write " + html + ": " + e.getMessage());
            return ExitCode.INVALID;
        }
        out.println("wrote " + html + " (" + Numbers.bytes(page.getBytes(StandardCharsets.UTF_8).length) + "): run " + report.runId() + " " + report.status());
        return ExitCode.OK;
    }

    /**
     * The execution's path and each top-level step's own time; the steps that began after the run's verdict (storing the
     * ID maps) are marked, and the last line says the run's time as the header does ({@link RunTime}) and what the
     * execution did after it, so that the steps add up: those before the verdict make its time, less the moments between
     * steps, and those after it the rest.
     */
    private static void path(PrintWriter out, JsonNode history, RunReport report) {
        out.println();
        List<String> steps = new ArrayList<>();
        history.path("path").forEach(step -> steps.add(step.asText()));
        out.println("path: " + String.join(" → ", steps));
        Instant start = instant(history.path("start").asText(null));
        Instant end = instant(history.path("end").asText(null));
        Instant verdict = instant(report.finishedAt());
        boolean verdictHere = start != null && end != null && verdict != null && !verdict.isBefore(start.truncatedTo(ChronoUnit.MILLIS))
                && !verdict.isAfter(end);
        for (JsonNode event : history.path("events")) {
            if (event.path("iteration").isEmpty() && event.has("end")) {
                Instant from = Instant.parse(event.get("start").asText());
                double seconds = Duration.between(from, Instant.parse(event.get("end").asText())).toMillis() / 1000.0;
                out.println("  " + Format.pad(event.get("name").asText(), 26) + Format.pad(event.get("type").asText(), 8)
                        + Format.padLeft(Numbers.seconds(seconds), 8)
                        + (event.has("error") ? "  " + event.get("error").asText() : "")
                        + (verdictHere && from.isAfter(verdict) ? "  after the run's verdict" : ""));
            }
        }
        if (verdictHere) {
            String after = Numbers.seconds(RunTime.seconds(verdict, end, 0));
            out.println("took " + Numbers.seconds(RunTime.seconds(start.truncatedTo(ChronoUnit.MILLIS), verdict, 0))
                    + " from the execution's start to the run's verdict" + (after.equals(Numbers.seconds(0)) ? ""
                    : "; the execution ended " + after + " later"));
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
