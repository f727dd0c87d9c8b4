package dev.dmig.report;

import dev.dmig.migrate.TestResult;

/** A test run's records, source key to target key, with its orphans, warnings and failures. */
final class TestSection {
    static final int RECORDS_SHOWN = 200;

    private TestSection() {}

    static void append(StringBuilder page, TestResult test) {
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
        Html.list(page, "Orphans", test.orphans(), "");
        Html.list(page, "Warnings", test.warnings(), "warnt");
        Html.list(page, "Failures", test.failures(), "fail");
        page.append("</section>");
    }
}
