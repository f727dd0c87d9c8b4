package dev.dmig.report;

import dev.dmig.Features;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.ConflictExample;
import dev.dmig.analysis.Estimate;
import dev.dmig.analysis.FindingsTable;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.TableAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The analysis findings: totals, orphan references, the features' tables ({@link FindingsTable}) and conflicts with
 * examples, problems and warnings.
 */
final class FindingsSection {
    private FindingsSection() {}

    static void append(StringBuilder page, RunReport report) {
        Analysis a = report.analysis();
        totals(page, a);
        if (!"dry-run".equals(report.mode()) && a.estimate() != null) {
            estimate(page, a.estimate());
        }
        orphans(page, a);
        // Each feature's table, as the orphans are shown: the identity values without a match in the identity map.
        Features.at(FindingsTable.class).forEach(table -> table(page, table, a));
        conflicts(page, a);
        Html.list(page, "Data problems", a.problems(), "fail");
        Html.list(page, "Warnings", a.warnings(), "warnt");
        if (!a.skippedModels().isEmpty()) {
            page.append("<p>Skipped by the plan: ").append(Html.escape(String.join(", ", a.skippedModels()))).append(".</p>");
        }
        if (!a.unconfiguredTables().isEmpty()) {
            page.append("<p class=\"warnt\">Not in the plan, not migrated: ").append(Html.escape(String.join(", ", a.unconfiguredTables())))
                    .append(".</p>");
        }
        outside(page, a);
        page.append("</section>");
    }

    /** The section's heading and one sentence of totals. */
    private static void totals(StringBuilder page, Analysis a) {
        Analysis.Totals t = a.totals();
        page.append("<section id=\"findings\"><h2>Analysis findings</h2><p>").append(Html.plural(t.tables(), "table", "tables"))
                .append(" in ").append(Html.plural(a.levels().size(), "level", "levels")).append(", ")
                .append(Html.plural(t.items(), "item", "items")).append(" (").append(Html.escape(Numbers.bytes(t.bytes()))).append("); ")
                .append(Html.plural(t.orphans(), "orphan reference", "orphan references")).append("; ")
                .append(Html.escape(t.describeConflicts())).append(" in the target (onConflict: ")
                .append(Html.escape(a.onConflictText())).append(")")
                .append(t.adopted() > 0 ? "; " + Numbers.count(t.adopted()) + " items already present from test runs" : "")
                .append(t.problems() > 0 ? "; <span class=\"fail\">" + Html.plural(t.problems(), "data problem", "data problems") + "</span>" : "")
                .append(".</p>");
    }

    /** After a run, what analysis estimated it would take on AWS (a dry run shows its estimate at the top instead). */
    private static void estimate(StringBuilder page, Estimate estimate) {
        page.append("<p class=\"note\">Estimate on AWS was about ").append(Html.escape(Html.seconds(estimate.seconds())))
                .append(" and about $").append(String.format(java.util.Locale.ROOT, "%.4f", estimate.costUsd()))
                .append(", at ").append(Html.escape(estimate.pricesAsOf())).append(".</p>");
    }

    /** One row per reference path with orphans, with examples; nothing when there are none. */
    private static void orphans(StringBuilder page, Analysis a) {
        List<FindingsTable.Row> rows = new ArrayList<>();
        for (TableAnalysis table : a.tables()) {
            for (ReferenceAnalysis r : table.references()) {
                if (r.orphans() > 0) {
                    rows.add(new FindingsTable.Row(table.model(), r.path(), " → " + r.model(), r.orphans(), r.orphanExamples()));
                }
            }
        }
        table(page, new FindingsTable("orphans", "Orphan references (the referenced item is not among the records the run copies:"
                + " not in the source, or a row left behind)", "Attribute → table", "Orphans", "Examples: item → missing ID",
                analysis -> rows), a);
    }

    /** A table of counts per table and attribute with examples, the orphans' or a feature's; nothing when it has no rows. */
    private static void table(StringBuilder page, FindingsTable table, Analysis a) {
        StringBuilder rows = new StringBuilder();
        for (FindingsTable.Row row : table.rows().apply(a)) {
            rows.append("<tr><td>").append(Html.escape(row.model())).append("</td><td><code>").append(Html.escape(row.path()))
                    .append("</code>").append(Html.escape(row.afterPath())).append("</td><td class=\"num\">")
                    .append(Numbers.count(row.count())).append("</td><td>");
            for (OrphanExample e : row.examples()) {
                rows.append("<div class=\"key\">item ").append(Html.escape(e.item())).append(" → ").append(Html.escape(e.value()))
                        .append("</div>");
            }
            rows.append("</td></tr>");
        }
        if (!rows.isEmpty()) {
            page.append("<h3 id=\"").append(Html.escape(table.id())).append("\">").append(Html.escape(table.heading())).append("</h3>")
                    .append("<table class=\"orphans\"><colgroup><col style=\"width:18%\"><col style=\"width:24%\"><col style=\"width:8%\">")
                    .append("<col style=\"width:50%\"></colgroup><thead><tr><th>Table</th><th>").append(Html.escape(table.attributeHead()))
                    .append("</th><th class=\"num\">").append(Html.escape(table.countHead())).append("</th><th>")
                    .append(Html.escape(table.examplesHead())).append("</th></tr></thead><tbody>")
                    .append(rows).append("</tbody></table>");
        }
    }

    /** One row per table with conflicts in the target, with examples; nothing when there are none. */
    private static void conflicts(StringBuilder page, Analysis a) {
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
    }

    /** The tables referenced by the analysed ones that this run does not migrate. */
    private static void outside(StringBuilder page, Analysis a) {
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
    }
}
