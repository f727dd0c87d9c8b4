package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.browser.Chromium;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a real full run of the sample app (31 tables, through the state machine), as
 * a person sees it: loaded in headless Chromium at 1366×768, its key parts found, and screenshots
 * saved under {@code cli/target/} to look at. Skipped when no Chromium is installed, unless
 * {@value #REQUIRE} is set (CI sets it, after installing Debian's chromium).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPageIT {
    static final String REQUIRE = "DMIG_REQUIRE_CHROMIUM";
    private static final String RUN = "html-full";
    private static final int WIDTH = 1366;
    private static final int HEIGHT = 768;
    private static final Path TARGET = Path.of("target");

    private SampleApp app;
    private S3ArtifactStore artifacts;
    private Path page;

    @BeforeAll
    void migrateTheSampleApp_andWriteItsPage(@TempDir Path dir) throws IOException {
        SharedStack.credentialsForTheCli();
        app = new SampleApp("html", SampleData.standard());
        artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
        Path plan = dir.resolve("plan.json");
        app.writePlan(plan);
        int migrated = dmig("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", RUN);
        assertThat(migrated).isZero();
        page = TARGET.resolve("report.html");
        assertThat(dmig("report", "--run", RUN, "--html", page.toString())).isZero();
    }

    @AfterAll
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    private static int dmig(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                "--region", SharedStack.stack().region().id()));
        CliRun run = CliRun.execute(all, null);
        if (run.code() != 0) {
            System.err.println(run.out() + "\n" + run.err());
        }
        return run.code();
    }

    @Test
    void finalize_storesThePageBesideReportJson_andTheCliAddsTheHistory() throws IOException {
        String stored = new String(artifacts.get(RunLayout.reportHtml(RUN)).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(artifacts.get(RunLayout.report(RUN))).isPresent();
        assertThat(stored).contains(">SUCCEEDED</div>").contains("id=\"no-history\"");
        String written = Files.readString(page);
        assertThat(written).contains(">SUCCEEDED</div>").doesNotContain("id=\"no-history\"")
                .contains("<li>Analyze</li><li>AnalysisComplete</li><li>ChooseMode</li><li>CheckConfirmation</li>"
                        + "<li>CheckConflicts</li><li>MigrateLevels</li><li>Validate</li><li>ValidationComplete</li>"
                        + "<li>Finalize</li><li>FinalizeComplete</li><li>ExportIdMaps</li><li>IdMapsExported</li><li>Succeeded</li>"
                        + "</ol>");
    }

    @Test
    void reportPage_inHeadlessChromium_showsVerdictGraphBarsAndPath_onALaptopScreen() throws IOException {
        Optional<Path> browser = Chromium.find();
        if (browser.isEmpty() && System.getenv(REQUIRE) != null) {
            fail(REQUIRE + " is set but no Chromium was found (PATH, or " + Chromium.EXECUTABLE_VARIABLE + ")");
        }
        assumeTrue(browser.isPresent(), "no Chromium installed (looked for chromium, chromium-browser, google-chrome on the PATH"
                + " and " + Chromium.EXECUTABLE_VARIABLE + "): the browser test of report.html is skipped; apt-get install chromium");
        List<String> models = app.plan.migratedModels();

        try (Chromium chromium = Chromium.start(browser.get(), WIDTH, HEIGHT)) {
            chromium.open(page.toAbsolutePath(), WIDTH, HEIGHT);
            JsonNode seen = chromium.evaluate("""
                    (() => {
                      const all = s => Array.from(document.querySelectorAll(s));
                      const badge = document.querySelector('#verdict .badge');
                      const svg = document.querySelector('svg.graph');
                      const graph = svg.getBoundingClientRect();
                      const written = all('tr.bar-row .bar > span.written');
                      return {
                        verdict: badge.textContent,
                        verdictTop: badge.getBoundingClientRect().top,
                        verdictFont: parseFloat(getComputedStyle(badge).fontSize),
                        graphTop: graph.top,
                        graphScale: graph.width / svg.viewBox.baseVal.width,
                        models: all('svg.graph g.node').map(n => n.getAttribute('data-model')),
                        boxesInside: all('svg.graph g.node rect').every(r => {
                          const b = r.getBoundingClientRect();
                          return b.width > 100 && b.left >= graph.left - 1 && b.right <= graph.right + 1
                              && b.top >= graph.top - 1 && b.bottom <= graph.bottom + 1;
                        }),
                        edges: all('svg.graph path.edge').length,
                        rows: all('tr.bar-row').map(r => r.getAttribute('data-table')),
                        barsDrawn: written.filter(s => s.getBoundingClientRect().width >= 2).length,
                        durationBars: all('tr.bar-row .bar > span.time').length,
                        rowHeight: Math.max(...all('tr.bar-row').map(r => r.getBoundingClientRect().height)),
                        cellFont: Math.min(...all('tr.bar-row td').map(td => parseFloat(getComputedStyle(td).fontSize))),
                        path: all('#path ol.path li').map(li => li.textContent),
                        timedSteps: all('#path table.gantt tr.step').length,
                        validation: document.querySelector('#validation h2').textContent,
                        scrollWidth: document.documentElement.scrollWidth,
                        viewportWidth: document.documentElement.clientWidth,
                        bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
                        fetched: performance.getEntriesByType('resource').length
                      };
                    })()
                    """);

            assertThat(seen.path("verdict").asText()).isEqualTo("SUCCEEDED");
            assertThat(seen.path("verdictTop").asDouble()).as("verdict on the first screen").isLessThan(200);
            assertThat(seen.path("verdictFont").asDouble()).isGreaterThanOrEqualTo(24);
            assertThat(texts(seen.path("models"))).as("one box per migrated model").containsExactlyInAnyOrderElementsOf(models);
            assertThat(seen.path("boxesInside").asBoolean()).as("every box drawn inside the graph").isTrue();
            assertThat(seen.path("edges").asInt()).isEqualTo(referencingPairs());
            assertThat(seen.path("graphTop").asDouble()).as("graph starts on the first screen").isLessThan(HEIGHT / 2.0);
            assertThat(seen.path("graphScale").asDouble()).as("graph text not shrunk to fit").isGreaterThanOrEqualTo(0.95);
            assertThat(texts(seen.path("rows"))).as("one bar row per table").containsExactlyInAnyOrderElementsOf(models);
            assertThat(seen.path("barsDrawn").asInt()).isEqualTo(models.size());
            assertThat(seen.path("durationBars").asInt()).isEqualTo(models.size());
            assertThat(seen.path("rowHeight").asDouble()).as("thirty rows stay compact").isLessThan(30);
            assertThat(texts(seen.path("path"))).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                    "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "FinalizeComplete", "ExportIdMaps", "IdMapsExported", "Succeeded");
            assertThat(seen.path("timedSteps").asInt()).isEqualTo(13);
            assertThat(seen.path("validation").asText()).isEqualTo("Validation: passed");
            assertThat(seen.path("scrollWidth").asInt()).as("no horizontal scroll at 1366 px")
                    .isLessThanOrEqualTo(seen.path("viewportWidth").asInt());
            assertThat(seen.path("bodyFont").asDouble()).isGreaterThanOrEqualTo(14);
            assertThat(seen.path("cellFont").asDouble()).isGreaterThanOrEqualTo(12);
            assertThat(seen.path("fetched").asInt()).as("nothing fetched").isZero();

            // The one inline script runs under the page's Content-Security-Policy: hovering a table lights its references.
            JsonNode hover = chromium.evaluate("""
                    (() => {
                      const node = document.querySelector('svg.graph g.node[data-model="Contacts"]');
                      node.dispatchEvent(new MouseEvent('mouseenter'));
                      const lit = document.querySelectorAll('svg.graph path.edge.hl').length;
                      const dimmed = document.querySelector('svg.graph').classList.contains('focus');
                      node.dispatchEvent(new MouseEvent('mouseleave'));
                      return {lit, dimmed, after: document.querySelectorAll('svg.graph path.edge.hl').length};
                    })()
                    """);
            assertThat(hover.path("lit").asInt()).isEqualTo(referencing("Contacts"));
            assertThat(hover.path("dimmed").asBoolean()).isTrue();
            assertThat(hover.path("after").asInt()).isZero();
            assertThat(chromium.console()).as("no console errors, no CSP refusals").isEmpty();

            Path full = TARGET.resolve("report-screenshot.png");
            Path first = TARGET.resolve("report-first-screen.png");
            chromium.screenshot(full, true);
            chromium.screenshot(first, false);
            BufferedImage fullImage = ImageIO.read(full.toFile());
            BufferedImage firstImage = ImageIO.read(first.toFile());
            assertThat(fullImage.getWidth()).as("the page's width, scroll bar aside").isEqualTo(seen.path("viewportWidth").asInt());
            assertThat(fullImage.getHeight()).isGreaterThan(HEIGHT);
            assertThat(firstImage.getWidth()).isEqualTo(WIDTH);
            assertThat(firstImage.getHeight()).isEqualTo(HEIGHT);
            System.out.println("report.html screenshots: " + full.toAbsolutePath() + ", " + first.toAbsolutePath());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** Pairs (model, model it references), self-references included: one curve each. */
    private int referencingPairs() {
        return app.plan.migratedModels().stream()
                .mapToInt(model -> (int) app.plan.table(model).references().values().stream().distinct()
                        .filter(app.plan.migratedModels()::contains).count())
                .sum();
    }

    /** Models that reference {@code parent}, and the models it references: the curves touching its box. */
    private int referencing(String parent) {
        List<String> migrated = app.plan.migratedModels();
        long in = migrated.stream().filter(m -> app.plan.table(m).references().containsValue(parent)).count();
        long out = app.plan.table(parent).references().values().stream().distinct()
                .filter(m -> migrated.contains(m) && !m.equals(parent)).count();
        return (int) (in + out);
    }
}
