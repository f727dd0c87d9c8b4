package dev.dmig.report;

import dev.dmig.rollback.RollbackResult;

/** What a rollback undid, and every key it could not restore. */
final class RollbackSection {
    static final int KEYS_SHOWN = 100;

    private RollbackSection() {}

    static void append(StringBuilder page, RollbackResult rb) {
        boolean complete = rb.done() && rb.failed() == 0;
        page.append("<section id=\"rollback\"><h2>Rollback: <span class=\"").append(complete ? "pass\">complete" : "fail\">"
                        + (rb.done() ? "INCOMPLETE" : "not finished")).append("</span>")
                .append(complete && rb.itemsLeft() + rb.itemsKept() > 0 ? ", not exact" : "").append("</h2><p>")
                .append(Html.plural(rb.deleted(), "created item", "created items")).append(" deleted, ")
                .append(Html.plural(rb.restored(), "overwritten item", "overwritten items")).append(" restored, ")
                .append(Numbers.count(rb.skipped())).append(" skipped, from ").append(Html.plural(rb.entries(), "journal entry", "journal entries"))
                .append(rb.reason() == null ? "" : "; reason: " + Html.escape(rb.reason())).append(". Execution <code>")
                .append(Html.escape(rb.execution())).append("</code>, ").append(Html.escape(Html.time(rb.startedAt())))
                .append(rb.finishedAt() == null ? "" : " to " + Html.escape(Html.time(rb.finishedAt()))).append(".</p>");
        if (rb.itemsLeft() > 0) {
            // Undoing them would have lost what production wrote since: left, and named.
            page.append("<h3>").append(Html.escape(rb.describeLeft())).append("</h3><ul class=\"plain\">");
            rb.itemsLeftKeys().stream().limit(KEYS_SHOWN).forEach(k -> page.append("<li class=\"key\">").append(Html.escape(k)).append("</li>"));
            if (rb.itemsLeft() > KEYS_SHOWN) {
                page.append("<li>… and ").append(Numbers.count(rb.itemsLeft() - KEYS_SHOWN)).append(" more in rollback.json</li>");
            }
            page.append("</ul>");
        }
        if (rb.itemsKept() > 0) {
            // Deleting them would have left the records that point to them with dangling references: kept, and named.
            page.append("<h3>").append(Html.escape(rb.describeKept())).append("</h3><ul class=\"plain\">");
            rb.itemsKeptKeys().stream().limit(KEYS_SHOWN).forEach(k -> page.append("<li class=\"key\">").append(Html.escape(k)).append("</li>"));
            if (rb.itemsKept() > KEYS_SHOWN) {
                page.append("<li>… and ").append(Numbers.count(rb.itemsKept() - KEYS_SHOWN)).append(" more in rollback.json</li>");
            }
            page.append("</ul>");
        }
        if (rb.failed() > 0) {
            page.append("<h3 class=\"fail\">").append(Html.plural(rb.failed(), "key", "keys")).append(" NOT restored</h3><ul class=\"plain\">");
            rb.failedKeys().stream().limit(KEYS_SHOWN).forEach(k -> page.append("<li class=\"key\">").append(Html.escape(k)).append("</li>"));
            if (rb.failed() > KEYS_SHOWN) {
                page.append("<li>… and ").append(Numbers.count(rb.failed() - KEYS_SHOWN)).append(" more in rollback.json</li>");
            }
            page.append("</ul>");
            if (rb.failedBecause() != null) {
                page.append("<p>Why").append(rb.failed() == 1 ? "" : " the first").append(": ").append(Html.escape(rb.failedBecause()))
                        .append("</p>");
            }
        }
        page.append("</section>");
    }
}
