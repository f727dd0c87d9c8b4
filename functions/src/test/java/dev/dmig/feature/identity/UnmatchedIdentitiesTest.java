package dev.dmig.feature.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.analysis.Analysis;
import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.report.ReportPage;
import dev.dmig.report.RunReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's table of identity values without a match: a row per reference with any, after the orphan references. */
class UnmatchedIdentitiesTest {
    private static final String ANALYSIS = "{\"runId\": \"r1\", \"totals\": {}, \"warnings\": [], \"problems\": [], \"skippedModels\": [],"
            + " \"unconfiguredTables\": [], \"levels\": [], \"tables\": [{\"model\": \"Todo\", \"conflictExamples\": [],"
            + " \"references\": [{\"path\": \"listId\", \"model\": \"List\", \"orphans\": 1, \"orphanExamples\": [{\"item\": \"t1\","
            + " \"value\": \"l9\"}]}], \"identities\": [{\"path\": \"owner\", \"kind\": \"@owner\", \"values\": 3, \"unmatched\": 2,"
            + " \"unmatchedExamples\": [{\"item\": \"t1\", \"value\": \"<cy>\"}], \"namingTargets\": 0}, {\"path\": \"editor\","
            + " \"kind\": \"@sub\", \"values\": 3, \"unmatched\": 0, \"unmatchedExamples\": [], \"namingTargets\": 0}]}]}";

    @Test
    void theValuesWithoutAMatch_areATableOfTheFindings_afterTheOrphans() {
        String report = "{\"runId\": \"r1\", \"mode\": \"dry-run\", \"status\": \"succeeded\", \"totals\": {}, \"tables\": [], \"analysis\": " + ANALYSIS + "}";
        String page = ReportPage.render(Json.read(report.getBytes(StandardCharsets.UTF_8), RunReport.class), null, null, List.of());

        String table = "<h3 id=\"unmatched-identities\">Identities without a match in the identity map</h3><table class=\"orphans\">"
                + "<colgroup><col style=\"width:18%\"><col style=\"width:24%\"><col style=\"width:8%\"><col style=\"width:50%\"></colgroup>"
                + "<thead><tr><th>Table</th><th>Attribute</th><th class=\"num\">Without a match</th><th>Examples: item → value</th></tr>"
                + "</thead><tbody><tr><td>Todo</td><td><code>owner</code> (@owner)</td><td class=\"num\">2</td><td><div class=\"key\">"
                + "item t1 → &lt;cy&gt;</div></td></tr></tbody></table>";
        assertThat(page).contains(table);
        assertThat(page.indexOf(table)).as("after the orphans").isGreaterThan(page.indexOf("<h3 id=\"orphans\">"));
        assertThat(page).as("a reference whose values all matched has no row").doesNotContain("<code>editor</code>");
    }

    @Test
    void valuesCopiedWithoutAMatch_andItemsLeftBehind_areWarnedOf_inTheTablesOrder() {
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev-NONE"}, "target": {"tableSuffix": "-prod-NONE"},
                 "identities": {"csv": "identities.csv", "onUnmatched": "keep"},
                 "tables": {"Todo": {"references": {"owner": "@owner"}}, "Profile": {"onUnmatched": "drop", "references": {"sub": "@sub"}}}}""");
        Analysis analysis = Json.read(ANALYSIS.replace("\"tables\": [", "\"tables\": [{\"model\": \"Profile\", \"identities\": [],"
                + " \"unmatchedLeftBehind\": {\"items\": 1, \"examples\": [\"id=p7\"]}}, ").getBytes(StandardCharsets.UTF_8), Analysis.class);

        assertThat(UnmatchedIdentities.warnings(plan, analysis.tables())).containsExactly(
                "table Profile: 1 item is left behind, each holding an identity with no match in identities.csv (onUnmatched: drop);"
                        + " references to them will dangle (e.g. id=p7)",
                "table Todo, attribute owner: 2 identity values have no match in identities.csv and are copied as they are"
                        + " (e.g. item t1: <cy>)");
    }
}
