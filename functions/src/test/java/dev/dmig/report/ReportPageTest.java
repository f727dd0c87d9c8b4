package dev.dmig.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.SampleMigration;
import dev.dmig.analysis.Analysis;
import dev.dmig.json.Json;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportPageTest {
    private static final String EVIL = "<script>alert(1)</script>";
    private static final String EVIL_KEY = "id=\"><img src=x onerror=alert(2)>&amp;";

    private final SampleMigration app = new SampleMigration("skip", 2, 3);

    @AfterEach
    void close() {
        app.close();
    }

    private String page(String runId) {
        return app.artifacts.text(RunLayout.reportHtml(runId));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }

    private static List<String> attributes(String text, String name) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(text);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static Document svg(String page) throws Exception {
        String svg = page.substring(page.indexOf("<svg"), page.indexOf("</svg>") + "</svg>".length());
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void finalize_writesReportHtmlBesideReportJson() throws Exception {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);

        assertThat(app.artifacts.contentType(RunLayout.reportHtml("run1"))).isEqualTo("text/html; charset=utf-8");
        String page = page("run1");
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<div class=\"badge\" data-status=\"succeeded\">SUCCEEDED</div>");
        assertThat(page).contains("17 items migrated and validated; the run took");
        // One box per migrated model, one bar row per table, every edge between boxes of the graph.
        assertThat(attributes(page, "data-model")).containsExactly("Contacts", "Properties", "AppPreferences", "Requests");
        assertThat(attributes(page, "data-table")).containsExactly("Contacts", "Properties", "AppPreferences", "Requests");
        Document svg = svg(page);
        assertThat(svg.getElementsByTagName("path").getLength()).isEqualTo(1 + 3); // the arrowhead, and Requests → its 3 parents
        assertThat(page).contains("Requests.agentContactId, watcherIds[], meta.ownerId → Contacts");
        assertThat(page).contains("<h2>Validation: <span class=\"pass\">passed</span></h2>");
        // The history is stored after Finalize: the page says where the path will be.
        assertThat(page).contains("id=\"no-history\"").contains("dmig report --run run1 --html FILE");
    }

    /**
     * A run that left soft-deleted rows behind, found items already in the target, copied Storage files and mapped users:
     * the page counts each kind apart, in the words of the command line.
     */
    @Test
    void fullRun_namesEveryKindOfItemItDidNotWrite_andItsFiles() throws Exception {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        RunReport stored = app.artifacts.json(RunLayout.report("run1"), RunReport.class);
        List<RunReport.TableRow> rows = new ArrayList<>();
        for (RunReport.TableRow r : stored.tables()) {
            // Contacts: 4 of its 7 items soft-deleted rows left behind, 1 already in the target; 36 files its items name.
            boolean contacts = r.model().equals("Contacts");
            rows.add(new RunReport.TableRow(r.model(), r.level(), r.segments(), r.itemsRead(), r.itemsWritten() - (contacts ? 5 : 0),
                    contacts ? 5 : 0, 0, 0, r.seconds(), r.itemsPerSecond(), 0, contacts ? 4 : 0, contacts ? 36 : 0, null, 0));
        }
        com.fasterxml.jackson.databind.node.ObjectNode analysis = Json.MAPPER.valueToTree(stored.analysis());
        analysis.set("files", Json.tree(("{\"sourceBucket\": \"app-dev\", \"targetBucket\": \"app-prod\", \"onMissing\": \"refuse\","
                + " \"objects\": 36, \"bytes\": 46300, \"missing\": 0, \"present\": 0, \"conflicts\": 0}").getBytes(StandardCharsets.UTF_8)));
        RunReport report = new RunReport(stored.runId(), stored.mode(), stored.verdict(), stored.status(), stored.planDigest(),
                stored.sourceSuffix(), stored.targetSuffix(), stored.createdAt(), stored.finishedAt(), stored.seconds(),
                RunReport.Totals.of(rows), rows, null, Json.MAPPER.treeToValue(analysis, Analysis.class), null, stored.validation(), null);

        String page = ReportPage.render(report, null, null, List.of());

        // Counts a version did not tell apart, said in the words of the reason they are kept under (DataStore's, with it).
        dev.dmig.migrate.LeftBehind.Counted dropped = dev.dmig.migrate.LeftBehind.of(4, null).counted().get(0);
        assertThat(page).contains("<dt>Items</dt><dd>4 tables: 17 read, 12 written, " + dropped.text()
                + ", 1 already in the target (left as it is)</dd>");
        if (dev.dmig.TestFeatures.has("FilesFeature")) {
            // The Storage files feature's section, said of what the copy carried (its cargo's count), where the build has it.
            assertThat(page).contains("<dt>Storage files</dt><dd>36 files copied from bucket app-dev to app-prod</dd>");
        }
        assertThat(page).contains("12 items migrated and validated; the run took ").contains(" (" + dropped.text() + ", 1 already"
                + " in the target (left as it is))");
        assertThat(page).contains("title=\"2 written, " + dropped.text() + ", 1 already in the target (left as it is)\"");
        assertThat(page).contains("<span><i class=\"dropped\"></i>skipped: " + dropped.reason().kind() + ", left behind</span>"
                + "<span><i class=\"skipped\"></i>skipped: already in the target, left as they are</span>");
        assertThat(page).doesNotContain("already present");
    }

    /** A run validated and then rolled back: the validation's verdict is of what the rollback undid. */
    @Test
    void validatedThenRolledBackRun_saysItsValidationWasOfWhatTheRollbackUndid() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        app.rollBack("run1", "exec-rb");
        app.finalizer().finish("run1", "rolled-back", null);

        String page = page("run1");

        assertThat(page).contains("<h2>Validation of what the run wrote, before the rollback undid it: <span class=\"pass\">passed</span></h2>");
        assertThat(page).doesNotContain("<h2>Validation: ");
    }

    @Test
    void pageFetchesNothing_andRunsOnlyItsOwnScript() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        String page = page("run1");

        String withoutSvgNamespace = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutSvgNamespace).doesNotContain("http:", "https:", "src=", "<link", "@import", "url(http");
        assertThat(count(page, "<script")).isEqualTo(1);
        String script = page.substring(page.indexOf("<script>") + "<script>".length(), page.indexOf("</script>"));
        assertThat(page).contains("default-src 'none'").contains("script-src '" + ReportPage.sha256(script) + "'");
    }

    @Test
    void userStrings_areEscapedEverywhere() throws Exception {
        RunReport report = Json.read(hostileReport().getBytes(StandardCharsets.UTF_8), RunReport.class);
        JsonNode history = Json.tree("""
                {"execution": %1$s, "status": "FAILED", "start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:00:10Z",
                 "error": %1$s, "cause": %2$s, "path": ["Analyze", %1$s],
                 "events": [
                   {"name": "Analyze", "type": "Task", "iteration": [], "start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:00:02Z"},
                   {"name": %1$s, "type": %1$s, "iteration": [], "start": "2026-01-01T00:00:02Z", "end": "2026-01-01T00:00:10Z",
                    "error": %1$s, "cause": %2$s}]}
                """.formatted(Json.text(EVIL), Json.text(EVIL_KEY)).getBytes(StandardCharsets.UTF_8));

        String page = ReportPage.render(report, null, history, List.of(history));

        assertThat(count(page, "<script")).as("only the page's own script").isEqualTo(1);
        assertThat(page).doesNotContain("<img", "onerror=alert(2)>");
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page).contains("id=&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;");
        assertThat(attributes(page, "data-model")).containsExactly("&lt;script&gt;alert(1)&lt;/script&gt;", "Requests");
        assertThat(attributes(page, "data-table")).containsExactly("&lt;script&gt;alert(1)&lt;/script&gt;", "Requests");
        // The SVG is XML inside the page: escaping must keep it well-formed, names and all.
        Document svg = svg(page);
        assertThat(svg.getDocumentElement().getTextContent()).contains(EVIL);
        assertThat(page).contains("<title>dmig ROLLED BACK · run run-&lt;x&gt;</title>");
    }

    @Test
    void rolledBackRun_showsVerdictFailureAndRollback() {
        app.fullRun("run1");
        // A rollback's writes are conditional: each undoes a key only while it holds what the run left there.
        app.items.failAlways(dev.dmig.store.InMemoryItemStore.Operation.CONDITIONAL_WRITE, SampleMigration.target("Requests"));
        app.rollBack("run1", "exec-rb");
        RunManifest.Failure failure = new RunManifest.Failure("dev.dmig.migrate.ItemInvalidException",
                "table Requests, item id=r2: attribute agentContactId is a number");
        app.finalizer().finish("run1", "rolled-back", failure);
        String page = page("run1");

        assertThat(page).contains("<header class=\"top bad\" id=\"verdict\">")
                .contains("data-status=\"rollback-incomplete\">ROLLBACK INCOMPLETE</div>")
                .contains("The run failed and was rolled back: ")
                .contains("<div class=\"failure\" id=\"failure\"><strong>dev.dmig.migrate.ItemInvalidException</strong>: "
                        + "table Requests, item id=r2: attribute agentContactId is a number</div>")
                .contains("<section id=\"rollback\"><h2>Rollback: <span class=\"fail\">INCOMPLETE</span></h2>")
                .contains("5 keys NOT restored")
                .contains("What the run wrote; the rollback below has undone it.");
        assertThat(count(page, "<li class=\"key\">Requests" + SampleMigration.TARGET)).isEqualTo(5);
        assertThat(page).doesNotContain("id=\"validation\"", "id=\"estimate\"");
    }

    @Test
    void dryRun_showsTheEstimateAndTheSourceTables() {
        app.analyze(app.request("dry-run", "d1"));
        app.finalizer().finish("d1", "succeeded", null);
        String page = page("d1");
        Analysis analysis = app.artifacts.json(RunLayout.analysis("d1"), Analysis.class);

        assertThat(page).contains("data-status=\"succeeded\">DRY RUN COMPLETE</div>")
                .contains("17 items in 4 tables analysed, nothing written")
                .contains("<section id=\"estimate\"><h2>Estimate for the full run on AWS</h2>")
                .contains("about " + Html.seconds(analysis.estimate().seconds()))
                .contains("about $" + String.format(Locale.ROOT, "%.4f", analysis.estimate().costUsd()))
                .contains(analysis.estimate().pricesAsOf());
        assertThat(attributes(page, "data-table")).containsExactly("Contacts", "Properties", "AppPreferences", "Requests");
        assertThat(page).contains("<h2>Tables in the source</h2>")
                .contains("<div class=\"key\">item id=r2 → ghost</div>")
                .contains("Skipped by the plan: Auth.")
                .contains("Not in the plan, not migrated: Legacy" + SampleMigration.SOURCE);
        // The orphan makes Requests stand out in the graph.
        assertThat(page).contains("<g class=\"node warn\" data-i=\"3\" data-model=\"Requests\"");
        assertThat(page).doesNotContain("id=\"validation\"", "id=\"rollback\"", "Duration</th>");
    }

    @Test
    void analysisWarnings_areListedWithTheFindings() {
        app.items.withStream(SampleMigration.target("Requests"), "NEW_IMAGE");
        app.analyze(app.request("dry-run", "w1"));
        app.finalizer().finish("w1", "succeeded", null);

        assertThat(page("w1")).contains("<h3>Warnings</h3><ul class=\"plain warnt\"><li>table Requests: target table Requests"
                + SampleMigration.TARGET + " has a DynamoDB stream (NEW_IMAGE): every item this run writes");
    }

    @Test
    void testRun_listsItsRecords() {
        app.analyze(app.testRequest("t1", "Requests", null, 1, true));
        app.testRecords().run("t1");
        app.finalizer().finish("t1", "succeeded", null);
        String page = page("t1");

        assertThat(page).contains(">TEST PASSED</div>").contains("<h2>Test of Requests: <span class=\"pass\">passed</span></h2>");
        assertThat(count(page, "<td class=\"key\">id=")).isEqualTo(2 * 7);
        assertThat(attributes(page, "data-table")).hasSize(4);
    }

    @Test
    void history_foldsLoopsAndTimesEachState() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        RunReport report = app.artifacts.json(RunLayout.report("run1"), RunReport.class);
        JsonNode history = Json.tree("""
                {"execution": "run1", "status": "SUCCEEDED", "start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:00:10Z",
                 "path": ["Analyze", "AnalysisComplete", "Analyze", "AnalysisComplete", "Analyze", "AnalysisComplete",
                          "ChooseMode", "MigrateLevels", "Finalize", "Succeeded"],
                 "events": [
                   {"name": "Analyze", "type": "Task", "iteration": [], "start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:00:01Z"},
                   {"name": "Analyze", "type": "Task", "iteration": [], "start": "2026-01-01T00:00:01Z", "end": "2026-01-01T00:00:02Z"},
                   {"name": "MigrateLevels", "type": "Map", "iteration": [], "start": "2026-01-01T00:00:02Z", "end": "2026-01-01T00:00:09Z"},
                   {"name": "MigrateTables", "type": "Map", "iteration": [0], "start": "2026-01-01T00:00:02Z", "end": "2026-01-01T00:00:04Z"},
                   {"name": "MigrateSegment", "type": "Task", "iteration": [0, 0, 0], "start": "2026-01-01T00:00:02Z",
                    "end": "2026-01-01T00:00:03Z", "error": "States.Timeout", "cause": "slow"},
                   {"name": "MigrateSegment", "type": "Task", "iteration": [0, 0, 0], "start": "2026-01-01T00:00:03Z", "end": "2026-01-01T00:00:04Z"},
                   {"name": "MigrateTables", "type": "Map", "iteration": [1], "start": "2026-01-01T00:00:04Z", "end": "2026-01-01T00:00:09Z"},
                   {"name": "Finalize", "type": "Task", "iteration": [], "start": "2026-01-01T00:00:09Z", "end": "2026-01-01T00:00:10Z"}]}
                """.getBytes(StandardCharsets.UTF_8));

        String page = ReportPage.render(report, app.plan(), history, List.of());

        assertThat(page).contains("<li>Analyze → AnalysisComplete<b>×3</b></li><li>ChooseMode</li><li>MigrateLevels</li>"
                + "<li>Finalize</li><li>Succeeded</li></ol>");
        assertThat(page).contains("<tr class=\"step\"><td>Analyze</td><td class=\"note\">Task</td><td><div class=\"track\">"
                + "<span style=\"left:0.00%;width:10.00%\"></span><span style=\"left:10.00%;width:10.00%\"></span></div></td>"
                + "<td class=\"num\">1.0 s + 1.0 s</td><td class=\"num\">×2</td></tr>");
        assertThat(page).contains("<tr class=\"sub\"><td>iteration 0 · MigrateTables <span class=\"fail\">States.Timeout</span></td>")
                .contains("<tr class=\"sub\"><td>iteration 1 · MigrateTables</td>")
                .contains("<b>MigrateSegment</b> 2 attempts (<span class=\"fail\">1 failed</span>), 2.0 s in all");
        assertThat(page).doesNotContain("id=\"no-history\"");
    }

    /**
     * A followed run enters Validate before following and again after it: each run of the state is timed on its own, and
     * the minutes of following between them are the Follow task's, not validation's.
     */
    @Test
    void aStateEnteredBeforeAndAfterFollowing_isTimedByItsOwnRuns_notByTheFollowingBetween() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        RunReport report = app.artifacts.json(RunLayout.report("run1"), RunReport.class);
        // Validate 0:10-0:12 and 4:30-4:33; following between them, 4 tasks of 1m5s.
        StringBuilder events = new StringBuilder("""
                {"name": "Validate", "type": "Task", "iteration": [], "start": "2026-01-01T00:00:10Z", "end": "2026-01-01T00:00:12Z"},
                {"name": "Validate", "type": "Task", "iteration": [], "start": "2026-01-01T00:04:30Z", "end": "2026-01-01T00:04:33Z"}""");
        for (int i = 0; i < 4; i++) {
            events.append(",{\"name\": \"Follow\", \"type\": \"Task\", \"iteration\": [], \"start\": \"2026-01-01T00:0").append(i)
                    .append(":12.5Z\", \"end\": \"2026-01-01T00:0").append(i + 1).append(":17.5Z\"}");
        }
        JsonNode history = Json.tree(("""
                {"execution": "run1", "status": "SUCCEEDED", "start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:05:00Z",
                 "path": ["Validate", "ValidationComplete", "Follow", "Following", "Validate", "ValidationComplete", "Succeeded"],
                 "events": [%s]}
                """.formatted(events)).getBytes(StandardCharsets.UTF_8));

        String page = ReportPage.render(report, app.plan(), history, List.of());

        assertThat(page).contains("<tr class=\"step\"><td>Validate</td><td class=\"note\">Task</td><td><div class=\"track\">"
                + "<span style=\"left:3.33%;width:0.67%\"></span><span style=\"left:90.00%;width:1.00%\"></span></div></td>"
                + "<td class=\"num\">2.0 s + 3.0 s</td><td class=\"num\">×2</td></tr>");
        assertThat(page).contains("<td class=\"num\">4m20s in all</td><td class=\"num\">×4</td></tr>");
    }

    /**
     * The run's time is one figure: the header's and the path's heading for the execution that opened the run and gave
     * its verdict, from the execution's start to the verdict (what it did after, storing the ID maps, said apart); a later
     * execution (a rollback) says its own time.
     */
    @Test
    void pathSection_saysTheRunsTimeAsTheHeaderDoes_andWhatTheExecutionDidAfterApart() {
        app.fullRun("run1");
        app.validate("run1", "exec-v");
        app.finalizer().finish("run1", "succeeded", null);
        RunReport stored = app.artifacts.json(RunLayout.report("run1"), RunReport.class);
        // Started by the state machine at .200123 (the local executor's history keeps nanoseconds), verdict at 7.231.
        RunReport report = new RunReport("run1", "full", stored.verdict(), "succeeded", stored.planDigest(), "-dev", "-prod",
                "2026-01-01T00:00:00.200Z", "2026-01-01T00:00:07.231Z", 7.031, stored.totals(), stored.tables(), null,
                stored.analysis(), null, stored.validation(), null);
        JsonNode history = Json.tree("""
                {"execution": "run1", "status": "SUCCEEDED", "start": "2026-01-01T00:00:00.200123456Z",
                 "end": "2026-01-01T00:00:08.300Z", "path": ["Analyze", "Finalize", "ExportIdMaps", "Succeeded"],
                 "events": [
                   {"name": "Analyze", "type": "Task", "iteration": [], "start": "2026-01-01T00:00:00.2002Z", "end": "2026-01-01T00:00:06Z"},
                   {"name": "Finalize", "type": "Task", "iteration": [], "start": "2026-01-01T00:00:07Z", "end": "2026-01-01T00:00:07.3Z"},
                   {"name": "ExportIdMaps", "type": "Task", "iteration": [], "start": "2026-01-01T00:00:07.3Z", "end": "2026-01-01T00:00:08.3Z"}]}
                """.getBytes(StandardCharsets.UTF_8));
        JsonNode rollback = Json.tree("""
                {"execution": "rollback-1", "status": "SUCCEEDED", "start": "2026-01-02T00:00:00Z", "end": "2026-01-02T00:00:02.5Z",
                 "path": ["RollbackRun"], "events": []}
                """.getBytes(StandardCharsets.UTF_8));

        String page = ReportPage.render(report, app.plan(), history, List.of(rollback));

        assertThat(page).contains(" · took 7.0 s</dd>");
        assertThat(page).contains("<h3>Execution <code>run1</code>: <span class=\"pass\">succeeded</span> in 7.0 s<span class=\"note\">"
                + " to the run's verdict; the execution ended 1.1 s later</span></h3>");
        assertThat(page).contains("<h3>Later execution <code>rollback-1</code>: <span class=\"pass\">succeeded</span> in 2.5 s</h3>");
    }

    @Test
    void fallbackPage_isEscapedToo() {
        app.analyze(app.request("dry-run", "d1"));
        app.finalizer().finish("d1", "succeeded", null);
        RunReport report = app.artifacts.json(RunLayout.report("d1"), RunReport.class);

        String page = ReportPage.fallback(report, new IllegalStateException(EVIL));

        assertThat(page).contains("<h1 id=\"verdict\">DRY RUN COMPLETE</h1>").contains("&lt;script&gt;").doesNotContain(EVIL);
    }

    /** A report whose every user string is hostile; JSON so that it reads like an artifact from disk. */
    private static String hostileReport() {
        String e = Json.text(EVIL);
        String k = Json.text(EVIL_KEY);
        return """
                {"runId": "run-<x>", "mode": "full", "verdict": "rolled-back", "status": "rolled-back", "planDigest": %1$s,
                 "sourceSuffix": %1$s, "targetSuffix": %2$s, "createdAt": "2026-01-01T00:00:00Z",
                 "finishedAt": "2026-01-01T00:00:10Z", "seconds": 10.0,
                 "totals": {"tables": 2, "itemsRead": 10, "itemsWritten": 8, "itemsSkipped": 1, "unprocessedRetries": 0},
                 "tables": [
                   {"model": %1$s, "level": 1, "segments": 1, "itemsRead": 5, "itemsWritten": 4, "itemsSkipped": 1, "seconds": 1.5},
                   {"model": "Requests", "level": 2, "segments": 1, "itemsRead": 5, "itemsWritten": 4, "seconds": 2.0}],
                 "failure": {"error": %1$s, "cause": %2$s},
                 "analysis": {"runId": "run-x", "mode": "full", "onConflict": %1$s, "levels": [[%1$s], ["Requests"]],
                   "tables": [
                     {"model": %1$s, "level": 1, "segments": 1, "items": 5, "bytes": 100, "references": [], "conflicts": 1,
                      "conflictExamples": [{"sourceItem": %2$s, "targetKey": %2$s, "identical": false}]},
                     {"model": "Requests", "level": 2, "segments": 1, "items": 5, "bytes": 100, "conflicts": 0, "conflictExamples": [],
                      "references": [{"path": %1$s, "model": %1$s, "itemsWithValue": 5, "fillRate": 1.0, "values": 5, "orphans": 1,
                                      "orphanExamples": [{"item": %2$s, "value": %1$s}]}]}],
                   "totals": {"tables": 2, "items": 10, "bytes": 200, "orphans": 1, "conflicts": 1},
                   "unconfiguredTables": [%1$s], "skippedModels": [%1$s], "problems": [%1$s]},
                 "validation": {"runId": "run-x", "passed": false, "failures": [%1$s], "tables": [
                   {"model": %1$s, "passed": false, "examples": [%2$s]}]},
                 "rollback": {"runId": "run-x", "execution": %1$s, "reason": %1$s, "deleted": 8, "failed": 1, "failedKeys": [%2$s],
                   "done": true, "startedAt": "2026-01-01T00:00:09Z"}}
                """.formatted(e, k);
    }
}
