package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.ReferenceAnalysis;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.cli.runs.ExitCode;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code dmig} command line as a person uses it, against running DynamoDB Local and S3Proxy
 * servers ({@code --dynamodb-endpoint}, {@code --s3-endpoint}): exit codes, the one-line errors,
 * the verdict on the last line, and that refusals write nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    private SampleApp app;
    private Path planFile;
    private S3ArtifactStore artifacts;

    /** What one command printed and returned. */

    @BeforeAll
    void setUp(@TempDir Path dir) throws IOException {
        SharedStack.credentialsForTheCli();
        app = new SampleApp("cli", SampleData.scaled(0.2));
        planFile = dir.resolve("plan.json");
        app.writePlan(planFile);
        artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
    }

    @AfterAll
    void tearDown() {
        app.close();
    }

    private CliRun dmig(String... args) {
        return CliRun.of(CliRun.embeddedStack(), args);
    }

    @Test
    void help_teachesTheCommands() {
        StringWriter out = new StringWriter();
        int code = Dmig.execute(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        assertThat(out.toString()).contains("demo", "analyze", "test", "migrate", "validate", "rollback", "status", "report",
                "Exit codes");
    }

    @Test
    void analyze_writesAnalysisWithCountsLevelsFillRatesAndOrphans() {
        CliRun result = dmig("analyze", "--plan", planFile.toString(), "--run", "cli-analyze");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lastLine()).startsWith("SUCCEEDED  run cli-analyze (dry-run): analysis only, nothing written: ");
        Analysis analysis = artifacts.getJson(RunLayout.analysis("cli-analyze"), Analysis.class).orElseThrow();
        assertThat(analysis.levels()).hasSize(5);
        assertThat(analysis.levels().get(0)).contains("Contacts", "Properties");
        assertThat(analysis.levels().get(4)).containsExactly("QuoteItems");
        for (TableAnalysis table : analysis.tables()) {
            assertThat(table.items()).as(table.model()).isEqualTo(app.created.itemsPerModel().get(table.model()).longValue());
        }
        TableAnalysis requests = analysis.tables().stream().filter(t -> t.model().equals("Requests")).findFirst().orElseThrow();
        ReferenceAnalysis agent = requests.references().stream().filter(r -> r.path().equals("agentContactId")).findFirst().orElseThrow();
        assertThat(agent.fillRate()).isBetween(0.5, 1.0);
        assertThat(agent.orphans()).isEqualTo(SampleData.ORPHAN_REQUEST_AGENT_CONTACTS);
        assertThat(agent.orphanExamples()).hasSize(SampleData.ORPHAN_REQUEST_AGENT_CONTACTS)
                .allSatisfy(e -> assertThat(e.item()).startsWith("id="));
        assertThat(analysis.totals().orphans()).isEqualTo(SampleData.ORPHAN_REQUEST_AGENT_CONTACTS
                + SampleData.ORPHAN_QUOTE_ITEM_QUOTES + SampleData.ORPHAN_PROJECT_ADDRESSES);
        assertThat(analysis.skippedModels()).containsExactly("Auth");
        assertThat(result.out()).contains("orphan: table Requests, item id=");
    }

    @Test
    void migrateWithoutConfirm_refuses_andWritesNothing() {
        Map<String, String> before = app.digests(app.prodSuffix);
        CliRun result = dmig("migrate", "--plan", planFile.toString(), "--run", "cli-noconfirm");
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.lastLine()).isEqualTo("REFUSED  run cli-noconfirm (full): a full run writes to the target tables; "
                + "add --confirm to proceed (nothing was written)");
        // Said once, in the command line's words: not also as the execution input's "confirm": true on stderr.
        assertThat(result.out() + result.err()).doesNotContain("\"confirm\"");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
    }

    @Test
    void aPlanWithThreeErrors_isRejectedNamingAllThree_andNothingIsWritten() throws IOException {
        Map<String, String> before = app.digests(app.prodSuffix);
        ObjectNode plan = (ObjectNode) Json.tree(app.planJson.getBytes(StandardCharsets.UTF_8));
        plan.put("colour", "blue");
        plan.put("onConflict", "merge");
        ((ObjectNode) plan.get("tables").get("Projects").get("references")).put("quoteId", "Quote");
        String broken = Json.pretty(plan);
        Path file = planFile.resolveSibling("broken.json");
        Files.writeString(file, broken);
        CliRun result = dmig("migrate", "--plan", file.toString(), "--confirm", "--run", "cli-broken");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("error: the plan has 3 problems, nothing was written:")
                .contains("unknown key \"colour\"")
                .contains("onConflict must be \"abort\", \"skip\" or \"overwrite\", not \"merge\"")
                .contains("table Projects, attribute quoteId: references unknown model 'Quote'");
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(before);
        assertThat(artifacts.get(RunLayout.manifest("cli-broken"))).isEmpty();
    }

    @Test
    void testWithParents_movesOneRequestWithItsContactsAndProperty_andIsSafeToRepeat() {
        CliRun first = dmig("test", "--plan", planFile.toString(), "--table", "Requests", "--limit", "1", "--with-parents",
                "--run", "cli-test-1");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(first.lastLine()).startsWith("SUCCEEDED  run cli-test-1 (test): ");
        List<Map<String, AttributeValue>> requests = app.scan(app.target("Requests"));
        assertThat(requests).hasSize(1);
        Map<String, AttributeValue> request = requests.get(0);
        var ids = app.transformer();
        List<String> parents = new ArrayList<>();
        ids.forEachReference("Requests", request, (path, model, id) -> parents.add(model + "/" + id));
        assertThat(parents).isNotEmpty();
        for (String parent : parents) {
            String[] modelAndId = parent.split("/");
            var found = app.dynamoDb.getItem(b -> b.tableName(app.target(modelAndId[0]))
                    .key(Map.of("id", AttributeValue.fromS(modelAndId[1]))).consistentRead(true));
            assertThat(found.hasItem()).as("parent %s migrated with the request", parent).isTrue();
        }
        Map<String, String> afterFirst = app.digests(app.prodSuffix);

        CliRun again = dmig("test", "--plan", planFile.toString(), "--table", "Requests", "--limit", "1", "--with-parents",
                "--run", "cli-test-2");
        assertThat(again.code()).isZero();
        // Parents are taken recursively (a contact's referrer too), so count what the first run wrote.
        String written = first.lastLine().replaceAll(".*: (\\d+) records checked, (\\d+) written.*", "$2");
        assertThat(Integer.parseInt(written)).isGreaterThan(parents.size());
        assertThat(again.lastLine()).endsWith(": " + written + " records checked, 0 written, " + written + " already present");
        assertThat(app.digests(app.prodSuffix)).isEqualTo(afterFirst);
    }

    @Test
    void statusAndReport_showTheRuns() {
        dmig("analyze", "--plan", planFile.toString(), "--run", "cli-status");
        CliRun status = dmig("status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("cli-status").contains("dry-run").contains("succeeded");
        CliRun report = dmig("report", "--run", "cli-status");
        assertThat(report.code()).isZero();
        assertThat(report.out()).contains("path: Analyze → AnalysisComplete → ChooseMode → FinalizeDryRun → DryRunComplete");
        assertThat(status.out()).as("where each run's tables were").containsPattern("cli-status +dry-run +"
                + SharedStack.stack().dynamoDbEndpoint().getAuthority().replace(".", "\\.") + " ");

        // A refused attempt wrote nothing: counted, not listed, unless asked for.
        CliRun refused = dmig("migrate", "--plan", planFile.toString(), "--run", "cli-refused-attempt");
        assertThat(refused.code()).isEqualTo(ExitCode.REFUSED);
        CliRun folded = dmig("status");
        assertThat(folded.out()).doesNotContain("cli-refused-attempt").containsPattern("\\d+ refused attempts? \\(nothing "
                + "written\\) not listed: dmig status --all lists them");
        assertThat(dmig("status", "--all").out()).containsPattern("cli-refused-attempt +full .* refused ");

        CliRun missing = dmig("report", "--run", "no-such-run");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: run no-such-run not found in S3 at ");
    }
}
