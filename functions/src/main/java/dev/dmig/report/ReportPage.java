package dev.dmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.ConflictExample;
import dev.dmig.analysis.DependencyLevels;
import dev.dmig.analysis.Estimate;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.migrate.TestResult;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.ReferencePath;
import dev.dmig.rollback.RollbackResult;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunNotFoundException;
import dev.dmig.store.ArtifactStore;
import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code runs/<runId>/report.html}: the run's report as one self-contained page — verdict, the
 * dependency graph by level, per-table bars, the execution path with timings, validation, test
 * and rollback results, and the analysis findings. Inline CSS and SVG, one small inline script
 * (graph highlighting), and a Content-Security-Policy that forbids any fetch, so it reads the same
 * offline. Shows keys and counts only, never item contents.
 */
public final class ReportPage {
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";
    static final int RECORDS_SHOWN = 200;
    static final int KEYS_SHOWN = 100;

    private static final String SCRIPT = """
            document.querySelectorAll('svg.graph .node').forEach(function (node) {
              var svg = node.ownerSVGElement, i = node.getAttribute('data-i');
              function show(on) {
                svg.classList.toggle('focus', on);
                node.classList.toggle('hl', on);
                svg.querySelectorAll('.edge').forEach(function (edge) {
                  var mine = edge.getAttribute('data-from') === i || edge.getAttribute('data-to') === i;
                  edge.classList.toggle('hl', on && mine);
                });
              }
              node.addEventListener('mouseenter', function () { show(true); });
              node.addEventListener('mouseleave', function () { show(false); });
              node.addEventListener('focus', function () { show(true); });
              node.addEventListener('blur', function () { show(false); });
            });
            """;

    private static final String STYLE = """
            :root{--ok:#1d7a35;--ok-bg:#e7f4ea;--bad:#b42318;--bad-bg:#fdecea;--warn:#935f00;--warn-bg:#fff5d6;
            --info:#1f5fa8;--info-bg:#e8f0fb;--ink:#18212d;--muted:#5a6472;--line:#dde2ea;--soft:#eef1f5}
            *{box-sizing:border-box}
            body{margin:0;background:#f5f6f8;color:var(--ink);
            font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif}
            main{max-width:1340px;margin:0 auto;padding:14px 20px 32px}
            section,header.top{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 18px;margin:0 0 12px}
            h1{font-size:13px;font-weight:600;color:var(--muted);margin:0 0 6px;letter-spacing:.02em}
            h2{font-size:16px;margin:0 0 8px}
            h3{font-size:14px;margin:12px 0 6px}
            p{margin:4px 0}
            .note{color:var(--muted);font-size:12.5px}
            code,.key{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px;
            overflow-wrap:anywhere}
            header.top{display:flex;gap:24px;align-items:center;flex-wrap:wrap;border-left:8px solid var(--info)}
            header.ok{border-left-color:var(--ok)}header.bad{border-left-color:var(--bad)}header.warn{border-left-color:var(--warn)}
            .verdict{flex:1 1 420px;min-width:0}
            .badge{display:inline-block;font-size:28px;font-weight:800;letter-spacing:.03em;padding:2px 14px;border-radius:6px;
            color:var(--info);background:var(--info-bg)}
            .ok .badge{color:var(--ok);background:var(--ok-bg)}.bad .badge{color:var(--bad);background:var(--bad-bg)}
            .warn .badge{color:var(--warn);background:var(--warn-bg)}
            .headline{font-size:17px;margin-top:6px;overflow-wrap:anywhere}
            dl.facts{flex:1 1 460px;display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:13px;min-width:0}
            dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
            .failure{margin:0 0 12px;padding:10px 16px;border-radius:8px;background:var(--bad-bg);border:1px solid #f3b8b2;
            overflow-wrap:anywhere}
            .estimate{display:flex;gap:28px;flex-wrap:wrap;align-items:baseline}
            .big{font-size:24px;font-weight:700}
            table{border-collapse:collapse;width:100%;table-layout:fixed}
            th,td{padding:2px 6px;text-align:left;vertical-align:middle;border-bottom:1px solid var(--soft);overflow-wrap:anywhere}
            th{font-size:12px;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line)}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;overflow-wrap:normal}
            tr.bar-row td{font-size:13px;height:21px}
            .bar{display:flex;height:12px;background:var(--soft);border-radius:3px;overflow:hidden}
            .bar>span{display:block;height:100%;min-width:2px}
            .bar>span.gap{min-width:0;background:transparent}
            .written{background:#2f8f46}.skipped{background:#e0a800}.missing{background:#c62828}
            .items{background:#4f7cc0}.time{background:#7c8da6}.failed{background:#c62828}
            .legend{font-size:12px;color:var(--muted);display:flex;gap:14px;flex-wrap:wrap;margin:4px 0 0}
            .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
            .pass{color:var(--ok);font-weight:700}.fail{color:var(--bad);font-weight:700}.warnt{color:var(--warn);font-weight:700}
            svg.graph{display:block;max-width:100%;height:auto}
            svg.graph .lh{font-size:13px;font-weight:700;fill:var(--ink)}svg.graph .lc{font-weight:400;fill:var(--muted)}
            svg.graph .node rect{fill:#eef2f7;stroke:#6b7a90;stroke-width:1.2}
            svg.graph .node.ok rect{fill:var(--ok-bg);stroke:var(--ok)}
            svg.graph .node.bad rect{fill:var(--bad-bg);stroke:var(--bad);stroke-width:2}
            svg.graph .node.warn rect{fill:var(--warn-bg);stroke:#c48a00}
            svg.graph .node.hl rect{stroke:var(--info);stroke-width:2.5}
            svg.graph .nm{font-size:12.5px;font-weight:600;fill:var(--ink)}svg.graph .dt{font-size:11px;fill:var(--muted)}
            svg.graph .edge{fill:none;stroke:#8491a5;stroke-width:1.1;opacity:.55}
            svg.graph .ah{fill:#8491a5}
            svg.graph.focus .edge{opacity:.07}svg.graph .edge.hl{opacity:1;stroke:var(--info);stroke-width:2}
            ol.path{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 0;font-size:13px}
            ol.path li{padding:1px 8px;background:var(--soft);border-radius:10px;margin-right:18px;position:relative}
            ol.path li:not(:last-child)::after{content:"→";position:absolute;right:-14px;color:var(--muted)}
            ol.path li.err{background:var(--bad-bg);color:var(--bad)}
            ol.path b{font-weight:600;color:var(--muted);margin-left:4px}
            .track{position:relative;height:12px;background:var(--soft);border-radius:3px}
            .track>span{position:absolute;top:0;height:100%;min-width:2px;border-radius:2px;background:#4f7cc0}
            .track>span.failed{background:#c62828}
            tr.sub td{color:var(--muted);font-size:12.5px}
            tr.sub td:first-child{padding-left:22px}
            details summary{cursor:pointer;color:var(--info);margin:6px 0}
            ul.plain{margin:4px 0;padding-left:20px}
            footer{color:var(--muted);font-size:12px;margin-top:8px}
            """;

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
        for (String key : artifacts.list(RunLayout.prefix(report.runId()) + "executions/")) {
            if (key.endsWith("/history.json")) {
                artifacts.getJson(key, JsonNode.class).ifPresent(later::add);
            }
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
        graph(page, report, plan);
        tables(page, report);
        path(page, report, history, later);
        if (report.validation() != null) {
            validation(page, report.validation());
        }
        if (report.test() != null) {
            test(page, report.test());
        }
        if (report.rollback() != null) {
            rollback(page, report.rollback());
        }
        if (report.analysis() != null) {
            findings(page, report);
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
                    + Numbers.count(rb.restored()) + " restored" + (rb.failed() > 0 ? ", " + Html.plural(rb.failed(), "key", "keys")
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
            return Html.plural(t.itemsWritten(), "item", "items") + " migrated and validated in " + Html.seconds(report.seconds())
                    + (t.itemsSkipped() > 0 ? " (" + Numbers.count(t.itemsSkipped()) + " skipped)" : "");
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
        fact(page, "Started", Html.escape(Html.time(report.createdAt())) + " · took " + Html.escape(Html.seconds(report.seconds())));
        RunReport.Totals t = report.totals();
        if (t.tables() > 0) {
            fact(page, "Items", Html.escape(Html.plural(t.tables(), "table", "tables") + ": " + Numbers.count(t.itemsRead()) + " read, "
                    + Numbers.count(t.itemsWritten()) + " written, " + Numbers.count(t.itemsSkipped()) + " skipped"
                    + (t.unprocessedRetries() > 0 ? ", " + Numbers.count(t.unprocessedRetries()) + " throttled batches re-sent" : "")));
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
                .append(" S3 requests. Prices: ").append(Html.escape(e.pricesAsOf())).append(". Assumes ")
                .append(Html.escape(e.assumptions())).append(".</p></section>");
    }

    private static void graph(StringBuilder page, RunReport report, MigrationPlan plan) {
        Analysis analysis = report.analysis();
        List<List<String>> levels;
        if (analysis != null && analysis.levels() != null && !analysis.levels().isEmpty()) {
            levels = analysis.levels();
        } else if (plan != null) {
            levels = DependencyLevels.of(plan);
        } else {
            levels = levelsOfRows(report.tables());
        }
        if (levels.isEmpty()) {
            return;
        }
        Map<String, Map<String, List<String>>> references = new LinkedHashMap<>();
        Map<String, TableAnalysis> analysed = new LinkedHashMap<>();
        if (analysis != null) {
            analysis.tables().forEach(t -> analysed.put(t.model(), t));
        }
        for (List<String> level : levels) {
            for (String model : level) {
                Map<String, List<String>> out = new LinkedHashMap<>();
                if (plan != null && plan.tables().containsKey(model)) {
                    for (Map.Entry<ReferencePath, String> ref : plan.table(model).references().entrySet()) {
                        out.computeIfAbsent(ref.getValue(), m -> new ArrayList<>()).add(ref.getKey().text());
                    }
                } else if (analysed.containsKey(model)) {
                    for (ReferenceAnalysis ref : analysed.get(model).references()) {
                        out.computeIfAbsent(ref.model(), m -> new ArrayList<>()).add(ref.path());
                    }
                }
                references.put(model, out);
            }
        }
        Map<String, RunReport.TableRow> rows = new LinkedHashMap<>();
        report.tables().forEach(r -> rows.put(r.model(), r));
        Map<String, TableValidation> validated = new LinkedHashMap<>();
        if (report.validation() != null) {
            report.validation().tables().forEach(v -> validated.put(v.model(), v));
        }
        Map<String, LevelGraph.Node> nodes = new LinkedHashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            for (String model : levels.get(i)) {
                RunReport.TableRow row = rows.get(model);
                TableAnalysis table = analysed.get(model);
                TableValidation check = validated.get(model);
                String detail;
                if (row != null && report.mode().equals("full")) {
                    detail = Numbers.count(row.itemsWritten()) + " written · " + Html.seconds(row.seconds());
                } else if (row != null) {
                    detail = Numbers.count(row.itemsWritten()) + " written" + (row.itemsSkipped() > 0 ? ", " + row.itemsSkipped() + " skipped" : "");
                } else if (table != null) {
                    detail = Numbers.count(table.items()) + " items · " + Numbers.bytes(table.bytes());
                } else {
                    detail = "";
                }
                long orphans = table == null ? 0 : table.references().stream().mapToLong(ReferenceAnalysis::orphans).sum();
                long conflicts = table == null ? 0 : table.conflicts();
                boolean tested = row != null && report.test() != null && report.test().passed();
                String state = check != null ? (check.passed() ? "ok" : "bad") : tested ? "ok"
                        : orphans > 0 || conflicts > 0 ? "warn" : "plain";
                StringBuilder tip = new StringBuilder(model).append(" · level ").append(i + 1);
                if (table != null) {
                    tip.append("\n").append(Numbers.count(table.items())).append(" items in the source (").append(Numbers.bytes(table.bytes()))
                            .append("), ").append(table.segments()).append(table.segments() == 1 ? " segment" : " segments");
                }
                if (row != null) {
                    tip.append("\n").append(Numbers.count(row.itemsRead())).append(" read, ").append(Numbers.count(row.itemsWritten()))
                            .append(" written, ").append(Numbers.count(row.itemsSkipped())).append(" skipped in ")
                            .append(Html.seconds(row.seconds()));
                }
                references.get(model).forEach((target, paths) -> tip.append("\n").append(String.join(", ", paths)).append(" → ").append(target));
                if (orphans > 0) {
                    tip.append("\n").append(Html.plural(orphans, "orphan reference", "orphan references"));
                }
                if (conflicts > 0) {
                    tip.append("\n").append(Html.plural(conflicts, "conflict", "conflicts")).append(" in the target");
                }
                if (check != null) {
                    tip.append("\nvalidation ").append(check.passed() ? "passed" : "FAILED");
                }
                nodes.put(model, new LevelGraph.Node(detail, state, tip.toString()));
            }
        }
        page.append("<section id=\"graph\"><h2>Dependency levels</h2>");
        page.append(new LevelGraph(levels, nodes, references).svg());
        page.append("<div class=\"legend\"><span><i style=\"background:#e7f4ea;border:1px solid #1d7a35\"></i>validated</span>")
                .append("<span><i style=\"background:#fdecea;border:1px solid #b42318\"></i>validation failed</span>")
                .append("<span><i style=\"background:#fff5d6;border:1px solid #c48a00\"></i>orphans or conflicts found</span>")
                .append("<span><i style=\"background:#eef2f7;border:1px solid #6b7a90\"></i>not validated</span></div>");
        page.append("</section>");
    }

    private static List<List<String>> levelsOfRows(List<RunReport.TableRow> rows) {
        List<List<String>> levels = new ArrayList<>();
        for (RunReport.TableRow row : rows) {
            int level = Math.max(1, row.level());
            while (levels.size() < level) {
                levels.add(new ArrayList<>());
            }
            levels.get(level - 1).add(row.model());
        }
        levels.removeIf(List::isEmpty);
        return levels;
    }

    private static void tables(StringBuilder page, RunReport report) {
        if (!report.tables().isEmpty()) {
            moved(page, report);
        } else if (report.analysis() != null && !report.analysis().tables().isEmpty()) {
            analysed(page, report.analysis());
        }
    }

    private static void moved(StringBuilder page, RunReport report) {
        long maxRead = 1;
        double maxSeconds = 0;
        for (RunReport.TableRow row : report.tables()) {
            maxRead = Math.max(maxRead, Math.max(row.itemsRead(), row.itemsWritten() + row.itemsSkipped()));
            maxSeconds = Math.max(maxSeconds, row.seconds());
        }
        Map<String, TableValidation> validated = new LinkedHashMap<>();
        if (report.validation() != null) {
            report.validation().tables().forEach(v -> validated.put(v.model(), v));
        }
        boolean timed = report.mode().equals("full");
        boolean checked = report.validation() != null;
        page.append("<section id=\"tables\"><h2>Tables</h2>");
        if (report.rollback() != null && report.rollback().deleted() + report.rollback().restored() > 0) {
            page.append("<p class=\"note\">What the run wrote; the rollback below has undone it.</p>");
        }
        page.append("<table class=\"bars\"><colgroup>")
                .append("<col style=\"width:4%\"><col style=\"width:19%\"><col style=\"width:")
                .append((timed ? 27 : 49) + (checked ? 0 : 4)).append("%\"><col style=\"width:7%\"><col style=\"width:7%\">")
                .append("<col style=\"width:7%\">");
        if (timed) {
            page.append("<col style=\"width:13%\"><col style=\"width:6%\"><col style=\"width:6%\">");
        }
        page.append(checked ? "<col style=\"width:4%\">" : "").append("</colgroup><thead><tr><th class=\"num\">Lvl</th>")
                .append("<th>Table</th><th>Items</th><th class=\"num\">Read</th><th class=\"num\">Written</th>")
                .append("<th class=\"num\">Skipped</th>");
        if (timed) {
            page.append("<th>Duration</th><th class=\"num\">Time</th><th class=\"num\">Items/s</th>");
        }
        page.append(checked ? "<th title=\"validation\">Valid</th>" : "").append("</tr></thead><tbody>");
        for (RunReport.TableRow row : report.tables()) {
            long unaccounted = Math.max(0, row.itemsRead() - row.itemsWritten() - row.itemsSkipped());
            TableValidation check = validated.get(row.model());
            page.append("<tr class=\"bar-row\" data-table=\"").append(Html.escape(row.model())).append("\"><td class=\"num\">")
                    .append(row.level()).append("</td><td>").append(Html.escape(row.model())).append("</td><td><div class=\"bar\" title=\"")
                    .append(Html.escape(Numbers.count(row.itemsWritten()) + " written, " + Numbers.count(row.itemsSkipped()) + " skipped"
                            + (unaccounted > 0 ? ", " + Numbers.count(unaccounted) + " read but neither written nor skipped" : "")))
                    .append("\">").append(span("written", row.itemsWritten(), maxRead)).append(span("skipped", row.itemsSkipped(), maxRead))
                    .append(span("missing", unaccounted, maxRead)).append("</div></td><td class=\"num\">").append(Numbers.count(row.itemsRead()))
                    .append("</td><td class=\"num\">").append(Numbers.count(row.itemsWritten())).append("</td><td class=\"num\">")
                    .append(Numbers.count(row.itemsSkipped())).append("</td>");
            if (timed) {
                page.append("<td><div class=\"bar\">").append(span("time", row.seconds(), maxSeconds)).append("</div></td><td class=\"num\">")
                        .append(Html.escape(Html.seconds(row.seconds()))).append("</td><td class=\"num\">")
                        .append(Numbers.count((long) row.itemsPerSecond())).append("</td>");
            }
            if (checked) {
                page.append("<td>").append(check == null ? "<span class=\"note\">–</span>"
                        : check.passed() ? "<span class=\"pass\">✓</span>" : "<span class=\"fail\">✗</span>").append("</td>");
            }
            page.append("</tr>");
        }
        page.append("</tbody></table><div class=\"legend\"><span><i class=\"written\"></i>written</span>")
                .append("<span><i class=\"skipped\"></i>skipped (already present)</span>")
                .append("<span><i class=\"missing\"></i>read, neither written nor skipped</span>")
                .append(timed ? "<span><i class=\"time\"></i>duration: first to last checkpoint of the table's segments</span>" : "")
                .append("</div></section>");
    }

    private static void analysed(StringBuilder page, Analysis analysis) {
        long maxItems = 1;
        for (TableAnalysis t : analysis.tables()) {
            maxItems = Math.max(maxItems, t.items());
        }
        page.append("<section id=\"tables\"><h2>Tables in the source</h2><table class=\"bars\"><colgroup>")
                .append("<col style=\"width:4%\"><col style=\"width:18%\"><col style=\"width:16%\"><col style=\"width:7%\">")
                .append("<col style=\"width:8%\"><col style=\"width:5%\"><col style=\"width:28%\"><col style=\"width:7%\">")
                .append("<col style=\"width:7%\"></colgroup><thead><tr><th class=\"num\">Lvl</th><th>Table</th><th>Items</th>")
                .append("<th class=\"num\">Items</th><th class=\"num\">Size</th><th class=\"num\">Segs</th>")
                .append("<th>References (fill rate)</th><th class=\"num\">Orphans</th><th class=\"num\">Conflicts</th></tr></thead><tbody>");
        for (TableAnalysis t : analysis.tables()) {
            long orphans = t.references().stream().mapToLong(ReferenceAnalysis::orphans).sum();
            StringBuilder refs = new StringBuilder();
            for (ReferenceAnalysis r : t.references()) {
                refs.append(refs.isEmpty() ? "" : ", ").append(r.path()).append(" → ").append(r.model()).append(' ').append(Numbers.percent(r.fillRate()));
            }
            page.append("<tr class=\"bar-row\" data-table=\"").append(Html.escape(t.model())).append("\"><td class=\"num\">").append(t.level())
                    .append("</td><td>").append(Html.escape(t.model())).append("</td><td><div class=\"bar\">")
                    .append(span("items", t.items(), maxItems)).append("</div></td><td class=\"num\">").append(Numbers.count(t.items()))
                    .append("</td><td class=\"num\">").append(Html.escape(Numbers.bytes(t.bytes()))).append("</td><td class=\"num\">")
                    .append(t.segments()).append("</td><td class=\"note\">").append(Html.escape(refs.toString())).append("</td><td class=\"num")
                    .append(orphans > 0 ? " warnt" : "").append("\">").append(Numbers.count(orphans)).append("</td><td class=\"num")
                    .append(t.conflicts() > 0 ? " warnt" : "").append("\">").append(Numbers.count(t.conflicts())).append("</td></tr>");
        }
        page.append("</tbody></table></section>");
    }

    private static String span(String kind, double part, double whole) {
        if (part <= 0) {
            return "";
        }
        return "<span class=\"" + kind + "\" style=\"width:" + Html.width(part, whole) + "\"></span>";
    }

    private static void path(StringBuilder page, RunReport report, JsonNode history, List<JsonNode> later) {
        page.append("<section id=\"path\"><h2>Execution path</h2>");
        if (history == null) {
            page.append("<p class=\"note\" id=\"no-history\">This execution's history is stored when the execution ends, after this page ")
                    .append("was written (and on AWS it is in the Step Functions console); <code>dmig report --run ")
                    .append(Html.escape(report.runId())).append(" --html FILE</code> draws the path with its timings.</p>");
        } else {
            timeline(page, ExecutionTimeline.of(history), false);
        }
        for (JsonNode other : later) {
            timeline(page, ExecutionTimeline.of(other), true);
        }
        page.append("</section>");
    }

    private static void timeline(StringBuilder page, ExecutionTimeline t, boolean later) {
        page.append("<div class=\"execution\" data-execution=\"").append(Html.escape(t.execution)).append("\">");
        page.append("<h3>").append(later ? "Later execution " : "Execution ").append("<code>").append(Html.escape(t.execution))
                .append("</code>: <span class=\"").append("SUCCEEDED".equals(t.status) ? "pass" : "fail").append("\">")
                .append(Html.escape(t.status.toLowerCase(java.util.Locale.ROOT))).append("</span> in ")
                .append(Html.escape(Html.seconds(t.seconds))).append("</h3>");
        page.append("<ol class=\"path\">");
        List<String[]> folded = ExecutionTimeline.foldedPath(t.path);
        for (int i = 0; i < folded.size(); i++) {
            boolean last = i == folded.size() - 1;
            page.append("<li").append(last && t.error != null ? " class=\"err\"" : "").append('>').append(Html.escape(folded.get(i)[0]));
            if (!folded.get(i)[1].isEmpty()) {
                page.append("<b>").append(Html.escape(folded.get(i)[1])).append("</b>");
            }
            page.append("</li>");
        }
        page.append("</ol>");
        if (t.error != null) {
            page.append("<p class=\"fail\">").append(Html.escape(t.error)).append(t.cause == null ? "" : ": " + Html.escape(t.cause))
                    .append("</p>");
        }
        page.append("<table class=\"gantt\"><colgroup><col style=\"width:24%\"><col style=\"width:8%\"><col style=\"width:52%\">")
                .append("<col style=\"width:8%\"><col style=\"width:8%\"></colgroup><thead><tr><th>State</th><th>Type</th>")
                .append("<th>When</th><th class=\"num\">Time</th><th class=\"num\">Entered</th></tr></thead><tbody>");
        double total = Math.max(t.seconds, 1e-6);
        for (ExecutionTimeline.Step step : t.steps) {
            gantt(page, step, total, "step");
            int shown = 0;
            for (ExecutionTimeline.Step iteration : step.iterations()) {
                if (shown++ == ExecutionTimeline.ITERATIONS_SHOWN) {
                    page.append("<tr class=\"sub\"><td colspan=\"5\">… and ")
                            .append(step.iterations().size() - ExecutionTimeline.ITERATIONS_SHOWN).append(" more iterations</td></tr>");
                    break;
                }
                gantt(page, iteration, total, "sub");
            }
        }
        page.append("</tbody></table>");
        if (!t.inner.isEmpty()) {
            page.append("<p class=\"note\">Inside the maps: ");
            List<String> parts = new ArrayList<>();
            for (ExecutionTimeline.Inner inner : t.inner) {
                if (!inner.type().equals("Task") && inner.failed() == 0) {
                    continue;
                }
                parts.add("<b>" + Html.escape(inner.name()) + "</b> " + Html.plural(inner.attempts(), "attempt", "attempts")
                        + (inner.failed() > 0 ? " (<span class=\"fail\">" + inner.failed() + " failed</span>)" : "")
                        + ", " + Html.escape(Html.seconds(inner.seconds())) + " in all");
            }
            page.append(parts.isEmpty() ? "no tasks" : String.join("; ", parts)).append(".</p>");
        }
        page.append("</div>");
    }

    private static void gantt(StringBuilder page, ExecutionTimeline.Step step, double total, String kind) {
        page.append("<tr class=\"").append(kind).append("\"><td>").append(Html.escape(step.name()));
        if (step.error() != null) {
            page.append(" <span class=\"fail\">").append(Html.escape(step.error())).append("</span>");
        }
        page.append("</td><td class=\"note\">").append(Html.escape(step.type())).append("</td><td><div class=\"track\"><span")
                .append(step.error() != null ? " class=\"failed\"" : "").append(" style=\"left:")
                .append(Html.width(Math.min(step.offset(), total), total)).append(";width:").append(Html.width(step.seconds(), total))
                .append("\"></span></div></td><td class=\"num\">").append(Html.escape(Html.seconds(step.seconds())))
                .append("</td><td class=\"num\">").append(kind.equals("sub") ? "" : step.count() == 1 ? "once" : "×" + step.count())
                .append("</td></tr>");
    }

    private static void validation(StringBuilder page, ValidationReport v) {
        long matched = 0;
        long checked = 0;
        long broken = 0;
        long orphans = 0;
        boolean unchanged = true;
        for (TableValidation t : v.tables()) {
            matched += t.matched();
            checked += t.referencesChecked();
            broken += t.brokenReferences();
            orphans += t.sourceOrphans();
            unchanged &= t.sourceUnchanged();
        }
        page.append("<section id=\"validation\"><h2>Validation: <span class=\"").append(v.passed() ? "pass\">passed" : "fail\">FAILED")
                .append("</span></h2><p>").append(Html.plural(matched, "item equals its", "items equal their"))
                .append(" transformed source; ").append(Html.plural(checked, "reference", "references")).append(" checked in the target, ")
                .append(broken == 0 ? "none broken" : "<span class=\"fail\">" + Numbers.count(broken) + " broken</span>")
                .append(" (").append(Html.plural(orphans, "orphan", "orphans")).append(" already in the source); source tables ")
                .append(unchanged ? "unchanged" : "<span class=\"fail\">changed during the run</span>").append(".</p>");
        if (!v.failures().isEmpty()) {
            page.append("<ul class=\"plain fail\">");
            v.failures().forEach(f -> page.append("<li>").append(Html.escape(f)).append("</li>"));
            page.append("</ul>");
        }
        List<TableValidation> failing = v.tables().stream().filter(t -> !t.passed()).toList();
        if (!failing.isEmpty()) {
            validationTable(page, failing, true);
        }
        page.append("<details><summary>Checks of all ").append(Html.plural(v.tables().size(), "table", "tables"))
                .append("</summary>");
        validationTable(page, v.tables(), false);
        page.append("</details></section>");
    }

    private static void validationTable(StringBuilder page, List<TableValidation> tables, boolean examples) {
        page.append("<table class=\"checks\"><colgroup><col style=\"width:18%\"><col style=\"width:6%\">")
                .append("<col span=\"9\" style=\"width:8%\"><col style=\"width:4%\"></colgroup><thead><tr><th>Table</th><th>Result</th>")
                .append("<th class=\"num\">Source items</th><th class=\"num\">Written</th><th class=\"num\">Skipped</th>")
                .append("<th class=\"num\">Equal</th><th class=\"num\">Missing</th><th class=\"num\">Different</th>")
                .append("<th class=\"num\">Refs checked</th><th class=\"num\">Broken</th><th class=\"num\">Orphans</th>")
                .append("<th>Source</th></tr></thead><tbody>");
        for (TableValidation t : tables) {
            page.append("<tr><td>").append(Html.escape(t.model())).append("</td><td>")
                    .append(t.passed() ? "<span class=\"pass\">passed</span>" : "<span class=\"fail\">failed</span>").append("</td>")
                    .append(num(t.sourceItems())).append(num(t.itemsWritten())).append(num(t.itemsSkipped())).append(num(t.matched()))
                    .append(numFlag(t.missing())).append(numFlag(t.mismatched())).append(num(t.referencesChecked()))
                    .append(numFlag(t.brokenReferences())).append(num(t.sourceOrphans())).append("<td>")
                    .append(t.sourceUnchanged() ? "same" : "<span class=\"fail\">changed</span>").append("</td></tr>");
            if (examples && !t.examples().isEmpty()) {
                page.append("<tr class=\"sub\"><td colspan=\"12\"><ul class=\"plain\">");
                t.examples().forEach(e -> page.append("<li class=\"key\">").append(Html.escape(e)).append("</li>"));
                page.append("</ul></td></tr>");
            }
        }
        page.append("</tbody></table>");
    }

    private static String num(long n) {
        return "<td class=\"num\">" + Numbers.count(n) + "</td>";
    }

    private static String numFlag(long n) {
        return n == 0 ? num(n) : "<td class=\"num fail\">" + Numbers.count(n) + "</td>";
    }

    private static void test(StringBuilder page, TestResult test) {
        page.append("<section id=\"test\"><h2>Test of ").append(Html.escape(test.table())).append(": <span class=\"")
                .append(test.passed() ? "pass\">passed" : "fail\">FAILED").append("</span></h2><p>")
                .append(Html.plural(test.records().size(), "record", "records")).append(": ").append(Numbers.count(test.written()))
                .append(" written, ").append(Numbers.count(test.alreadyPresent())).append(" already present and identical, ")
                .append(Numbers.count(test.overwritten())).append(" overwritten.</p>");
        page.append("<table class=\"records\"><colgroup><col style=\"width:18%\"><col style=\"width:36%\"><col style=\"width:36%\">")
                .append("<col style=\"width:10%\"></colgroup><thead><tr><th>Table</th><th>Source key</th><th>Target key</th>")
                .append("<th>Action</th></tr></thead><tbody>");
        int shown = 0;
        for (TestResult.Record r : test.records()) {
            if (shown++ == RECORDS_SHOWN) {
                page.append("<tr class=\"sub\"><td colspan=\"4\">… and ").append(test.records().size() - RECORDS_SHOWN)
                        .append(" more records in test.json</td></tr>");
                break;
            }
            page.append("<tr><td>").append(Html.escape(r.model())).append("</td><td class=\"key\">").append(Html.escape(r.sourceKey()))
                    .append("</td><td class=\"key\">").append(Html.escape(r.targetKey())).append("</td><td>").append(Html.escape(r.action()))
                    .append("</td></tr>");
        }
        page.append("</tbody></table>");
        list(page, "Orphans", test.orphans(), "");
        list(page, "Warnings", test.warnings(), "warnt");
        list(page, "Failures", test.failures(), "fail");
        page.append("</section>");
    }

    private static void list(StringBuilder page, String title, List<String> lines, String kind) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        page.append("<h3>").append(title).append("</h3><ul class=\"plain ").append(kind).append("\">");
        lines.forEach(l -> page.append("<li>").append(Html.escape(l)).append("</li>"));
        page.append("</ul>");
    }

    private static void rollback(StringBuilder page, RollbackResult rb) {
        boolean complete = rb.done() && rb.failed() == 0;
        page.append("<section id=\"rollback\"><h2>Rollback: <span class=\"").append(complete ? "pass\">complete" : "fail\">"
                        + (rb.done() ? "INCOMPLETE" : "not finished")).append("</span></h2><p>")
                .append(Html.plural(rb.deleted(), "created item", "created items")).append(" deleted, ")
                .append(Html.plural(rb.restored(), "overwritten item", "overwritten items")).append(" restored, ")
                .append(Numbers.count(rb.skipped())).append(" skipped, from ").append(Html.plural(rb.entries(), "journal entry", "journal entries"))
                .append(rb.reason() == null ? "" : "; reason: " + Html.escape(rb.reason())).append(". Execution <code>")
                .append(Html.escape(rb.execution())).append("</code>, ").append(Html.escape(Html.time(rb.startedAt())))
                .append(rb.finishedAt() == null ? "" : " to " + Html.escape(Html.time(rb.finishedAt()))).append(".</p>");
        if (rb.failed() > 0) {
            page.append("<h3 class=\"fail\">").append(Html.plural(rb.failed(), "key", "keys")).append(" NOT restored</h3><ul class=\"plain\">");
            rb.failedKeys().stream().limit(KEYS_SHOWN).forEach(k -> page.append("<li class=\"key\">").append(Html.escape(k)).append("</li>"));
            if (rb.failed() > KEYS_SHOWN) {
                page.append("<li>… and ").append(Numbers.count(rb.failed() - KEYS_SHOWN)).append(" more in rollback.json</li>");
            }
            page.append("</ul>");
        }
        page.append("</section>");
    }

    private static void findings(StringBuilder page, RunReport report) {
        Analysis a = report.analysis();
        Analysis.Totals t = a.totals();
        page.append("<section id=\"findings\"><h2>Analysis findings</h2><p>").append(Html.plural(t.tables(), "table", "tables"))
                .append(" in ").append(Html.plural(a.levels().size(), "level", "levels")).append(", ")
                .append(Html.plural(t.items(), "item", "items")).append(" (").append(Html.escape(Numbers.bytes(t.bytes()))).append("); ")
                .append(Html.plural(t.orphans(), "orphan reference", "orphan references")).append("; ")
                .append(Html.plural(t.conflicts(), "conflict", "conflicts")).append(" in the target (onConflict: ")
                .append(Html.escape(a.onConflict())).append(")")
                .append(t.adopted() > 0 ? "; " + Numbers.count(t.adopted()) + " items already present from test runs" : "")
                .append(t.problems() > 0 ? "; <span class=\"fail\">" + Html.plural(t.problems(), "data problem", "data problems") + "</span>" : "")
                .append(".</p>");
        if (!"dry-run".equals(report.mode()) && a.estimate() != null) {
            page.append("<p class=\"note\">Estimate on AWS was about ").append(Html.escape(Html.seconds(a.estimate().seconds())))
                    .append(" and about $").append(String.format(java.util.Locale.ROOT, "%.4f", a.estimate().costUsd()))
                    .append(", at prices of ").append(Html.escape(a.estimate().pricesAsOf())).append(".</p>");
        }
        StringBuilder orphans = new StringBuilder();
        for (TableAnalysis table : a.tables()) {
            for (ReferenceAnalysis r : table.references()) {
                if (r.orphans() == 0) {
                    continue;
                }
                orphans.append("<tr><td>").append(Html.escape(table.model())).append("</td><td><code>").append(Html.escape(r.path()))
                        .append("</code> → ").append(Html.escape(r.model())).append("</td><td class=\"num\">").append(Numbers.count(r.orphans()))
                        .append("</td><td>");
                for (OrphanExample e : r.orphanExamples()) {
                    orphans.append("<div class=\"key\">item ").append(Html.escape(e.item())).append(" → ").append(Html.escape(e.value()))
                            .append("</div>");
                }
                orphans.append("</td></tr>");
            }
        }
        if (!orphans.isEmpty()) {
            page.append("<h3 id=\"orphans\">Orphan references (the referenced item is not in the source)</h3>")
                    .append("<table class=\"orphans\"><colgroup><col style=\"width:18%\"><col style=\"width:24%\"><col style=\"width:8%\">")
                    .append("<col style=\"width:50%\"></colgroup><thead><tr><th>Table</th><th>Attribute → table</th>")
                    .append("<th class=\"num\">Orphans</th><th>Examples: item → missing ID</th></tr></thead><tbody>")
                    .append(orphans).append("</tbody></table>");
        }
        StringBuilder conflicts = new StringBuilder();
        for (TableAnalysis table : a.tables()) {
            if (table.conflicts() == 0 && table.conflictExamples().isEmpty()) {
                continue;
            }
            conflicts.append("<tr><td>").append(Html.escape(table.model())).append("</td><td class=\"num\">")
                    .append(Numbers.count(table.conflicts())).append("</td><td>");
            for (ConflictExample c : table.conflictExamples()) {
                conflicts.append("<div class=\"key\">").append(Html.escape(c.sourceItem())).append(" → ").append(Html.escape(c.targetKey()))
                        .append(c.identical() ? " (identical)" : " (different content)").append("</div>");
            }
            conflicts.append("</td></tr>");
        }
        if (!conflicts.isEmpty()) {
            page.append("<h3 id=\"conflicts\">Conflicts (an item already exists at the mapped key in the target)</h3>")
                    .append("<table class=\"conflicts\"><colgroup><col style=\"width:18%\"><col style=\"width:8%\"><col style=\"width:74%\">")
                    .append("</colgroup><thead><tr><th>Table</th><th class=\"num\">Conflicts</th><th>Examples: source item → target key</th>")
                    .append("</tr></thead><tbody>").append(conflicts).append("</tbody></table>");
        }
        list(page, "Data problems", a.problems(), "fail");
        list(page, "Warnings", a.warnings(), "warnt");
        if (!a.skippedModels().isEmpty()) {
            page.append("<p>Skipped by the plan: ").append(Html.escape(String.join(", ", a.skippedModels()))).append(".</p>");
        }
        if (!a.unconfiguredTables().isEmpty()) {
            page.append("<p class=\"warnt\">Not in the plan, not migrated: ").append(Html.escape(String.join(", ", a.unconfiguredTables())))
                    .append(".</p>");
        }
        Set<String> outside = new TreeSet<>();
        Set<String> analysed = new TreeSet<>();
        a.tables().forEach(table -> analysed.add(table.model()));
        a.tables().forEach(table -> table.references().forEach(r -> {
            if (!analysed.contains(r.model())) {
                outside.add(r.model());
            }
        }));
        if (!outside.isEmpty()) {
            page.append("<p class=\"note\">Referenced but not migrated in this run: ").append(Html.escape(String.join(", ", outside)))
                    .append(".</p>");
        }
        page.append("</section>");
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
}
