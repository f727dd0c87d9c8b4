package dev.dmig.report;

import dev.dmig.validate.TableValidation;
import dev.dmig.validate.ValidationReport;
import java.util.List;

/** Validation's verdict, the failing tables with examples, and every table's checks. */
final class ValidationSection {
    private ValidationSection() {}

    /** {@code undone}: a rollback has undone what the run wrote since: the verdict is of what is gone. */
    static void append(StringBuilder page, ValidationReport v, boolean undone) {
        long matched = 0;
        long checked = 0;
        long broken = 0;
        long orphans = 0;
        long resolved = 0;
        long leftByProduction = 0;
        for (TableValidation t : v.tables()) {
            matched += t.matched();
            checked += t.referencesChecked();
            broken += t.brokenReferences();
            orphans += t.sourceOrphans();
            resolved += t.valuesResolved();
            leftByProduction += t.leftByProduction();
        }
        page.append("<section id=\"validation\"><h2>Validation").append(undone ? " of what the run wrote, before the rollback undid it" : "")
                .append(": <span class=\"").append(v.passed() ? "pass\">passed" : "fail\">FAILED").append("</span></h2><p>").append(Html.plural(matched, "item equals its", "items equal their"))
                .append(" transformed source; ").append(Html.plural(checked, "reference", "references")).append(" checked in the target, ")
                .append(broken == 0 ? "none broken" : "<span class=\"fail\">" + Numbers.count(broken) + " broken</span>")
                .append(" (").append(Html.plural(orphans, "orphan", "orphans")).append(" already in the source); ")
                .append(resolved == 0 ? "" : Html.plural(resolved, "value", "values") + " that named a record, a user or a file in the"
                        + " source " + (resolved == 1 ? "names" : "name") + " its counterpart in the target; ")
                .append(leftByProduction == 0 ? "" : Html.plural(leftByProduction, "record", "records") + " of the run's that"
                        + " production changed since left as production has " + (leftByProduction == 1 ? "it" : "them") + ", not compared; ")
                .append("source tables ")
                .append(sources(TableValidation.sourcesState(v.tables()))).append(".</p>");
        if (!v.failures().isEmpty()) {
            page.append("<ul class=\"plain fail\">");
            v.failures().forEach(f -> page.append("<li>").append(Html.escape(f)).append("</li>"));
            page.append("</ul>");
        }
        List<String> kept = v.tables().stream().flatMap(t -> t.sourceValues().stream().filter(f -> f.keptBy() != null)
                .map(f -> "kept as they are (" + f.keptBy() + "): " + f.describe(t.model()))).toList();
        if (!kept.isEmpty()) {
            page.append("<ul class=\"plain\">");
            kept.forEach(line -> page.append("<li>").append(Html.escape(line)).append("</li>"));
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
                    .append(sources(t.sourceState())).append("</td></tr>");
            if (examples && !t.examples().isEmpty()) {
                page.append("<tr class=\"sub\"><td colspan=\"12\"><ul class=\"plain\">");
                t.examples().forEach(e -> page.append("<li class=\"key\">").append(Html.escape(e)).append("</li>"));
                page.append("</ul></td></tr>");
            }
        }
        page.append("</tbody></table>");
    }

    /** The source's state, marked as a failure when it changed. */
    private static String sources(String state) {
        return state.startsWith("changed") ? "<span class=\"fail\">" + state + "</span>" : state;
    }

    private static String num(long n) {
        return "<td class=\"num\">" + Numbers.count(n) + "</td>";
    }

    private static String numFlag(long n) {
        return n == 0 ? num(n) : "<td class=\"num fail\">" + Numbers.count(n) + "</td>";
    }
}
