package dev.dmig.report;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.migrate.LeftBehind;
import dev.dmig.validate.TableValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-table bars: what a run read, wrote and skipped (and how long it took), or for a dry run what the source holds. */
final class TablesSection {
    private TablesSection() {}

    static void append(StringBuilder page, RunReport report) {
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
        if (report.undone()) {
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
                    .append(Html.escape(Numbers.count(row.itemsWritten()) + " written" + RunReport.notWritten(row.dropped(), row.alreadyThere(), row.differing())
                            + (unaccounted > 0 ? ", " + Numbers.count(unaccounted) + " read but neither written nor skipped" : "")))
                    .append("\">").append(span("written", row.itemsWritten(), maxRead)).append(span("dropped", row.itemsDropped(), maxRead))
                    .append(span("skipped", row.alreadyThere(), maxRead))
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
        page.append("</tbody></table>");
        legend(page, report, timed);
        page.append("</section>");
    }

    /** The kinds of items left behind on purpose there are, for the legend: {@code soft-deleted DataStore rows}. */
    private static String leftBehind(LeftBehind dropped) {
        return String.join("; ", dropped.counted().stream().map(kind -> kind.reason().kind()).toList());
    }

    /** What each colour of the bars is: the kinds of items a run read and did not write named apart. */
    private static void legend(StringBuilder page, RunReport report, boolean timed) {
        page.append("<div class=\"legend\"><span><i class=\"written\"></i>written</span>")
                .append(report.totals().itemsDropped() > 0 ? "<span><i class=\"dropped\"></i>skipped: "
                        + Html.escape(leftBehind(report.totals().dropped())) + ", left behind</span>" : "")
                .append("<span><i class=\"skipped\"></i>skipped: already in the target, left as they are</span>")
                .append("<span><i class=\"missing\"></i>read, neither written nor skipped</span>")
                .append(timed ? "<span><i class=\"time\"></i>duration: first to last checkpoint of the table's segments</span>" : "")
                .append("</div>");
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
                .append("<th>References (fill rate of the items copied)</th><th class=\"num\">Orphans</th><th class=\"num\">Conflicts</th></tr></thead><tbody>");
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

    /** A bar of counts: far below 2^53, where a count is exact as a double. */
    private static String span(String kind, long part, long whole) {
        return span(kind, (double) part, (double) whole);
    }

    private static String span(String kind, double part, double whole) {
        if (part <= 0) {
            return "";
        }
        return "<span class=\"" + kind + "\" style=\"width:" + Html.width(part, whole) + "\"></span>";
    }
}
