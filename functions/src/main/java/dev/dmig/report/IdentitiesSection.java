package dev.dmig.report;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.IdentityAnalysis;
import dev.dmig.analysis.OrphanExample;
import dev.dmig.analysis.TableAnalysis;

/**
 * The identity values the run's identity map had no match for, with examples, as orphans are shown (what the map matched
 * is the identities feature's line among the report's facts).
 */
final class IdentitiesSection {
    private IdentitiesSection() {}

    static void append(StringBuilder page, Analysis a) {
        StringBuilder rows = new StringBuilder();
        for (TableAnalysis table : a.tables()) {
            for (IdentityAnalysis identity : table.identities()) {
                if (identity.unmatched() == 0) {
                    continue;
                }
                rows.append("<tr><td>").append(Html.escape(table.model())).append("</td><td><code>").append(Html.escape(identity.path()))
                        .append("</code> (").append(Html.escape(identity.kind())).append(")</td><td class=\"num\">")
                        .append(Numbers.count(identity.unmatched())).append("</td><td>");
                for (OrphanExample e : identity.unmatchedExamples()) {
                    rows.append("<div class=\"key\">item ").append(Html.escape(e.item())).append(" → ").append(Html.escape(e.value()))
                            .append("</div>");
                }
                rows.append("</td></tr>");
            }
        }
        if (!rows.isEmpty()) {
            page.append("<h3 id=\"unmatched-identities\">Identities without a match in the identity map</h3>")
                    .append("<table class=\"orphans\"><colgroup><col style=\"width:18%\"><col style=\"width:24%\"><col style=\"width:8%\">")
                    .append("<col style=\"width:50%\"></colgroup><thead><tr><th>Table</th><th>Attribute</th>")
                    .append("<th class=\"num\">Without a match</th><th>Examples: item → value</th></tr></thead><tbody>")
                    .append(rows).append("</tbody></table>");
        }
    }
}
