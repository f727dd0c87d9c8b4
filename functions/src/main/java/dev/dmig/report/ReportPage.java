package dev.dmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.Features;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.Estimate;
import dev.dmig.analysis.RunSection;
import dev.dmig.migrate.TestResult;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunNotFoundException;
import dev.dmig.store.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code runs/<runId>/report.html}: the run's report as one self-contained page — verdict, the
 * dependency graph by level, per-table bars, the execution path with timings, validation, test
 * and rollback results, and the analysis findings, one class per section. Inline CSS and SVG, one
 * small inline script (graph highlighting; the style and the script are {@code report.css} and
 * {@code report.js} beside this class), and a Content-Security-Policy that forbids any fetch, so it
 * reads the same offline. Shows keys and counts only, never item contents.
 */
public final class ReportPage {
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    // Loaded once: the inline script's hash goes into the page's Content-Security-Policy.
    private static final String SCRIPT = resource("report.js");
    private static final String STYLE = resource("report.css");

    private ReportPage() {}

    /**
     * The page of a run from what it stored: its report, the frozen plan (for the references
     * between models) when there is one, and the histories of its executions stored so far.
     */
    public static String build(ArtifactStore artifacts, RunReport report) {
        MigrationPlan plan;
        try {
            plan = RunFiles.plan(artifacts, report.runId());
        } catch (RunNotFoundException | PlanInvalidException e) {
            plan = null;
        }
        JsonNode history = artifacts.getJson(RunLayout.history(report.runId()), JsonNode.class).orElse(null);
        List<JsonNode> later = new ArrayList<>();
        for (String key : artifacts.list(RunLayout.laterHistories(report.runId()))) {
            artifacts.getJson(key, JsonNode.class).ifPresent(later::add);
        }
        return render(report, plan, history, later);
    }

    /**
     * {@code plan} and {@code history} may be null: a run refused before its plan was frozen has
     * none, and on AWS the history is not a file, nor locally before the execution has ended.
     * {@code later}: histories of executions that acted on this run afterwards (validate, rollback).
     */
    public static String render(RunReport report, MigrationPlan plan, JsonNode history, List<JsonNode> later) {
        StringBuilder page = new StringBuilder(64 * 1024);
        String script = SCRIPT;
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                // Nothing may be fetched: the page is whole as it is, and injected markup could not run or call out.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; ")
                .append("img-src data:; script-src '").append(sha256(script)).append("'\">")
                .append("<title>dmig ").append(Html.escape(verdictLabel(report))).append(" · run ").append(Html.escape(report.runId()))
                .append("</title><style>").append(STYLE).append("</style></head><body><main>");
        header(page, report);
        if (report.failure() != null) {
            page.append("<div class=\"failure\" id=\"failure\"><strong>").append(Html.escape(report.failure().error()))
                    .append("</strong>: ").append(Html.escape(report.failure().cause())).append("</div>");
        }
        if ("dry-run".equals(report.mode()) && report.analysis() != null && report.analysis().estimate() != null) {
            estimate(page, report.analysis().estimate(), report.analysis());
        }
        GraphSection.append(page, report, plan);
        TablesSection.append(page, report);
        PathSection.append(page, report, history, later);
        if (report.validation() != null) {
            ValidationSection.append(page, report.validation(), report.undone());
        }
        if (report.test() != null) {
            TestSection.append(page, report.test());
        }
        if (report.rollback() != null) {
            RollbackSection.append(page, report.rollback());
        }
        if (report.analysis() != null) {
            FindingsSection.append(page, report);
        }
        page.append("<footer>Written ").append(Html.escape(Html.time(Instant.now().toString())))
                .append(" by dmig from <code>").append(Html.escape(RunLayout.prefix(report.runId())))
                .append("</code> (report.json, analysis.json, plan.json, history.json). Counts and keys only, no item contents.")
                .append(" The page is self-contained and fetches nothing.</footer>");
        page.append("</main><script>").append(script).append("</script></body></html>\n");
        return page.toString();
    }

    /** A bare page with the verdict, for when the full page cannot be drawn; report.json still has everything. */
    static String fallback(RunReport report, RuntimeException e) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"><title>dmig run "
                + Html.escape(report.runId()) + "</title></head><body><h1 id=\"verdict\">" + Html.escape(verdictLabel(report))
                + "</h1><p>Run <code>" + Html.escape(report.runId()) + "</code> (" + Html.escape(report.mode()) + ")</p>"
                + "<p>The full page could not be drawn (" + Html.escape(e.toString()) + "); <code>report.json</code> beside this"
                + " file has the whole report.</p></body></html>\n";
    }

    static String verdictLabel(RunReport report) {
        String status = report.status() == null ? "" : report.status();
        return switch (status) {
            case "succeeded" -> switch (report.mode()) {
                case "dry-run" -> "DRY RUN COMPLETE";
                case "test" -> "TEST PASSED";
                default -> "SUCCEEDED";
            };
            case "rolled-back" -> "ROLLED BACK";
            case "rollback-incomplete" -> "ROLLBACK INCOMPLETE";
            case "failed" -> "FAILED";
            case "refused" -> "REFUSED";
            default -> "IN PROGRESS: " + status.toUpperCase(java.util.Locale.ROOT);
        };
    }

    static String verdictClass(RunReport report) {
        String status = report.status() == null ? "" : report.status();
        return switch (status) {
            case "succeeded" -> "dry-run".equals(report.mode()) ? "info" : "ok";
            case "rolled-back", "rollback-incomplete", "failed" -> "bad";
            case "refused" -> "warn";
            default -> "info";
        };
    }

    private static String headline(RunReport report) {
        RunReport.Totals t = report.totals();
        String status = report.status() == null ? "" : report.status();
        RollbackResult rb = report.rollback();
        if (status.equals("rolled-back") || status.equals("rollback-incomplete")) {
            String what = report.failure() == null ? "Rolled back on request" : "The run failed and was rolled back";
            return rb == null ? what : what + ": " + Html.plural(rb.deleted(), "created item", "created items") + " deleted, "
                    + Numbers.count(rb.restored()) + " restored" + (rb.itemsLeft() > 0 ? ", " + rb.describeLeft() : "") + (rb.failed() > 0 ? ", " + Html.plural(rb.failed(), "key", "keys")
                    + " NOT restored" : "");
        }
        if (status.equals("refused")) {
            return "Refused before writing anything";
        }
        if (status.equals("failed")) {
            return "The run failed";
        }
        if (report.mode().equals("dry-run") && report.analysis() != null) {
            Analysis.Totals a = report.analysis().totals();
            return Html.plural(a.items(), "item", "items") + " in " + Html.plural(a.tables(), "table", "tables")
                    + " analysed, nothing written";
        }
        if (report.mode().equals("test") && report.test() != null) {
            TestResult test = report.test();
            return Html.plural(test.records().size(), "record", "records") + " tested: " + Numbers.count(test.written()) + " written, "
                    + Numbers.count(test.alreadyPresent()) + " already present, " + Numbers.count(test.overwritten()) + " overwritten";
        }
        if (status.equals("succeeded")) {
            String notWritten = RunReport.notWritten(t.dropped(), t.alreadyThere(), t.differing());
            return report.migratedAndValidated() + (notWritten.isEmpty() ? "" : " (" + notWritten.substring(2) + ")");
        }
        return Html.plural(t.itemsWritten(), "item", "items") + " written so far";
    }

    private static void header(StringBuilder page, RunReport report) {
        page.append("<header class=\"top ").append(verdictClass(report)).append("\" id=\"verdict\"><div class=\"verdict\">")
                .append("<h1>dmig run report</h1><div class=\"badge\" data-status=\"").append(Html.escape(report.status()))
                .append("\">").append(Html.escape(verdictLabel(report))).append("</div><div class=\"headline\">")
                .append(Html.escape(headline(report))).append("</div></div><dl class=\"facts\">");
        fact(page, "Run", "<code>" + Html.escape(report.runId()) + "</code>");
        fact(page, "Mode", Html.escape(report.mode()));
        fact(page, "From → to", "<code>" + Html.escape(report.sourceSuffix()) + "</code> → <code>"
                + Html.escape(report.targetSuffix()) + "</code>");
        fact(page, "Started", Html.escape(Html.time(report.createdAt())) + " · took " + Html.escape(Numbers.seconds(report.seconds())));
        RunReport.Totals t = report.totals();
        if (t.tables() > 0) {
            fact(page, "Items", Html.escape(Html.plural(t.tables(), "table", "tables") + ": " + t.describe()
                    + (t.unprocessedRetries() > 0 ? "; " + Numbers.count(t.unprocessedRetries()) + " throttled batches re-sent" : "")));
        }
        Analysis analysis = report.analysis();
        for (RunSection<?> section : analysis == null ? List.<RunSection<?>>of() : Features.at(RunSection.class)) {
            // Each feature's section of the run: the users the identity map matched; which development records became records
            // production already held, per table with a match.
            List<String> said = section.said(report.said());
            if (!said.isEmpty()) {
                fact(page, section.heading(), String.join("<br>", said.stream().map(Html::escape).toList()));
            }
        }
        fact(page, "Plan", "<code>" + Html.escape(report.planDigest()) + "</code>");
        page.append("</dl></header>");
    }

    private static void fact(StringBuilder page, String name, String html) {
        page.append("<dt>").append(name).append("</dt><dd>").append(html).append("</dd>");
    }

    private static void estimate(StringBuilder page, Estimate e, Analysis analysis) {
        page.append("<section id=\"estimate\"><h2>Estimate for the full run on AWS</h2><div class=\"estimate\">")
                .append("<div><div class=\"big\">about ").append(Html.escape(Html.seconds(e.seconds())))
                .append("</div><div class=\"note\">migration time</div></div>")
                .append("<div><div class=\"big\">about $").append(String.format(java.util.Locale.ROOT, "%.4f", e.costUsd()))
                .append("</div><div class=\"note\">AWS cost</div></div>")
                .append("<div><div class=\"big\">").append(Numbers.count(analysis.totals().items()))
                .append("</div><div class=\"note\">items, ").append(Html.escape(Numbers.bytes(analysis.totals().bytes())))
                .append("</div></div></div><p class=\"note\">")
                .append(Numbers.count(e.writeRequestUnits())).append(" write and ").append(Numbers.count(e.readRequestUnits()))
                .append(" read request units, ").append(Numbers.count(e.lambdaGbSeconds())).append(" Lambda GB-s, ")
                .append(Numbers.count(e.stateTransitions())).append(" state transitions, ").append(Numbers.count(e.s3Requests()))
                .append(" S3 requests")
                .append(e.userPoolRequests() == 0 ? "" : ", " + Numbers.count(e.userPoolRequests()) + " ListUsers requests to the "
                        + "user pools (within Cognito's quota, not billed)")
                .append(". Prices: ").append(Html.escape(e.pricesAsOf())).append(". Assumes ")
                .append(Html.escape(e.assumptions())).append(".</p></section>");
    }

    /** The CSP source for one inline script, so that no other script on the page can run. */
    static String sha256(String script) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside " + ReportPage.class.getName() + " (a broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
