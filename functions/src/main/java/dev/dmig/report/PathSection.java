package dev.dmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The execution path of the run's executions, with a timeline of each state and of the map iterations. */
final class PathSection {
    /** A state's runs timed one by one in its row, up to this many; more are summed. */
    static final int RUNS_TIMED = 3;

    private PathSection() {}

    static void append(StringBuilder page, RunReport report, JsonNode history, List<JsonNode> later) {
        page.append("<section id=\"path\"><h2>Execution path</h2>");
        if (history == null) {
            page.append("<p class=\"note\" id=\"no-history\">This execution's history is stored when the execution ends, after this page ")
                    .append("was written (and on AWS it is in the Step Functions console); <code>dmig report --run ")
                    .append(Html.escape(report.runId())).append(" --html FILE</code> draws the path with its timings.</p>");
        } else {
            timeline(page, ExecutionTimeline.of(history, report.finishedAt()), false);
        }
        for (JsonNode other : later) {
            timeline(page, ExecutionTimeline.of(other, report.finishedAt()), true);
        }
        page.append("</section>");
    }

    private static void timeline(StringBuilder page, ExecutionTimeline t, boolean later) {
        page.append("<div class=\"execution\" data-execution=\"").append(Html.escape(t.execution)).append("\">");
        page.append("<h3>").append(later ? "Later execution " : "Execution ").append("<code>").append(Html.escape(t.execution))
                .append("</code>: <span class=\"").append("SUCCEEDED".equals(t.status) ? "pass" : "fail").append("\">")
                .append(Html.escape(t.status.toLowerCase(java.util.Locale.ROOT))).append("</span> in ").append(took(t))
                .append("</h3>");
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

    /**
     * How long the execution took: to the run's verdict when it gave it (the figure of the report's header, for the
     * execution that opened and ended the run), with what it went on with after; else from its start to its end. In the
     * words the command line uses for a run's time.
     */
    private static String took(ExecutionTimeline t) {
        if (t.toVerdict == null) {
            return Html.escape(Numbers.seconds(t.seconds));
        }
        String after = Numbers.seconds(t.afterVerdict);
        return Html.escape(Numbers.seconds(t.toVerdict)) + (after.equals(Numbers.seconds(0)) ? ""
                : "<span class=\"note\"> to the run's verdict; the execution ended " + Html.escape(after) + " later</span>");
    }

    /**
     * A state's row: a bar for each time it ran, at its place in the execution, and its time: its one run's, each run's
     * when it ran a few times ({@code 1.2 s + 0.8 s}), their sum said as such when more; never the time between its runs.
     */
    private static void gantt(StringBuilder page, ExecutionTimeline.Step step, double total, String kind) {
        page.append("<tr class=\"").append(kind).append("\"><td>").append(Html.escape(step.name()));
        if (step.error() != null) {
            page.append(" <span class=\"fail\">").append(Html.escape(step.error())).append("</span>");
        }
        page.append("</td><td class=\"note\">").append(Html.escape(step.type())).append("</td><td><div class=\"track\">");
        for (ExecutionTimeline.Run run : step.runs()) {
            page.append("<span").append(step.error() != null ? " class=\"failed\"" : "").append(" style=\"left:")
                    .append(Html.width(Math.min(run.offset(), total), total)).append(";width:").append(Html.width(run.seconds(), total))
                    .append("\"></span>");
        }
        page.append("</div></td><td class=\"num\">").append(Html.escape(time(step)))
                .append("</td><td class=\"num\">").append(kind.equals("sub") ? "" : step.count() == 1 ? "once" : "×" + step.count())
                .append("</td></tr>");
    }

    private static String time(ExecutionTimeline.Step step) {
        List<ExecutionTimeline.Run> runs = step.runs();
        if (runs.size() <= 1) {
            return Html.seconds(step.seconds());
        }
        if (runs.size() <= RUNS_TIMED) {
            return String.join(" + ", runs.stream().map(run -> Html.seconds(run.seconds())).toList());
        }
        return Html.seconds(step.seconds()) + " in all";
    }
}
