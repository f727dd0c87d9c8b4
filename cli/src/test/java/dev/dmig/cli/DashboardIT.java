package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dmig.browser.Chromium;
import dev.dmig.dashboard.DashboardServer;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.sample.SampleData;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code dmig dashboard} as a person uses it, in real Chromium driven by WebDriver (Debian's chromium and
 * chromium-driver): the real dmig.jar serves the page against a DynamoDB Local and S3 store of its own (the test's); a
 * migration of about 5,000 items started from the page runs in the background while the page shows its progress
 * advance; Stop from the page stops it half-way, Resume from the page finishes it exactly (every item checked against
 * the ID spec) with the verdict on the page; Roll back from the page (a run that succeeded: the typed name is its
 * confirmation) leaves the target as it was. The browser logs no error; a request without the token gets 403, and so
 * does one with it that names another host, or an action from another site's page. Skipped without Chromium and its driver, unless
 * {@value ReportPageIT#REQUIRE} is set (CI sets it, after installing both).
 */
class DashboardIT {
    private static final int WIDTH = 1366;
    private static final int HEIGHT = 900;
    /** Writes per second per table: slow enough that Stop comes while the tables are being copied. */
    private static final int PACE = Integer.getInteger("dmig.dashboardIT.pace", 50);
    /** A guard against a hung run or browser, not a timing assertion. */
    private static final Duration GUARD = Duration.ofMinutes(5);
    private static final Pattern PROGRESS = Pattern.compile("([\\d,]+) of ([\\d,]+) items");

    @Test
    void migrationStartedFromThePage_showsProgress_stopsAndResumesExactly_andRollsBack(@TempDir Path home) throws Exception {
        Optional<Path> browser = Chromium.find();
        Optional<Path> driverBinary = Chromium.findDriver();
        if ((browser.isEmpty() || driverBinary.isEmpty()) && System.getenv(ReportPageIT.REQUIRE) != null) {
            fail(ReportPageIT.REQUIRE + " is set but chromium or chromedriver was not found (PATH, " + Chromium.EXECUTABLE_VARIABLE
                    + ", " + Chromium.DRIVER_VARIABLE + ")");
        }
        assumeTrue(browser.isPresent() && driverBinary.isPresent(), "no chromium and chromedriver installed: the dashboard's "
                + "browser test is skipped; apt-get install chromium chromium-driver");
        long began = System.nanoTime();
        try (SampleApp app = new SampleApp("dash", SampleData.withAbout(5_000))) {
            Map<String, String> targetBefore = app.digests(app.prodSuffix);
            Map<String, String> sourceBefore = app.digests(app.devSuffix);
            DmigProcess.writePacedPlan(app, home, PACE);
            String environment = app.prodSuffix.substring(1);
            DmigProcess dashboard = DmigProcess.start(home, DmigProcess.credentials(), "dashboard",
                    "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                    "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                    "--region", SharedStack.stack().region().id());
            WebDriver driver = null;
            try {
                String printed = dashboard.awaitOutLine(line -> line.startsWith("dmig dashboard: "));
                URI url = URI.create(printed.substring("dmig dashboard: ".length()).trim());
                assertThat(url.getHost()).isEqualTo("127.0.0.1");
                refusedWithoutTheToken(url);
                refusedFromElsewhere(url);
                System.out.printf("DashboardIT: data and dashboard ready in %.1f s%n", (System.nanoTime() - began) / 1e9);

                driver = chrome(browser.get(), driverBinary.get(), home);
                WebDriverWait wait = new WebDriverWait(driver, GUARD, Duration.ofMillis(100));
                driver.get(url.toString());
                wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));

                String runId = startMigration(driver, wait, home.resolve("plan.json"), environment);
                Set<Long> seen = progressAdvancing(driver, wait);
                assertThat(seen).as("different progress values the page showed").hasSizeGreaterThanOrEqualTo(3);
                Path shot = Path.of("target", "dashboard.png");
                Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                System.out.println("DashboardIT: progress seen " + seen + "; screenshot " + shot.toAbsolutePath());

                driver.findElement(By.id("stop")).click();
                wait.until(d -> status(d).equals("stopped"));
                assertThat(driver.findElement(By.id("resume")).isEnabled()).isTrue();
                long copied = app.targetDigests().size();
                assertThat(copied).as("stopped half-way").isPositive().isLessThan(expectedItems(app));
                System.out.printf("DashboardIT: stopped with %,d items copied at %.1f s%n", copied, (System.nanoTime() - began) / 1e9);

                confirm(driver, environment);
                driver.findElement(By.id("resume")).click();
                wait.until(d -> status(d).equals("succeeded"));
                assertThat(driver.findElement(By.id("verdict")).getText()).startsWith("SUCCEEDED");
                wait.until(d -> d.findElement(By.id("validation")).getText().startsWith("passed"));
                assertThat(progress(driver)).as("every item read, as the page shows it")
                        .containsExactly(expectedItems(app), expectedItems(app));
                // What became of them: the items in the target written, the soft-deleted rows left behind named apart.
                long written = app.targetDigests().size();
                long leftBehind = expectedItems(app) - written;
                assertThat(driver.findElement(By.id("progress-total")).getText()).isEqualTo(String.format(java.util.Locale.ROOT,
                        "%,d of %,d items read · %,d written", expectedItems(app), expectedItems(app), written)
                        + (leftBehind == 0 ? "" : String.format(java.util.Locale.ROOT, ", %,d soft-deleted DataStore %s left behind",
                        leftBehind, leftBehind == 1 ? "row" : "rows")));
                app.assertExactBySpec(runId);
                assertThat(driver.findElement(By.id("report")).getAttribute("href")).contains("/report?id=" + runId);
                System.out.printf("DashboardIT: resumed and validated at %.1f s%n", (System.nanoTime() - began) / 1e9);

                confirm(driver, environment);
                driver.findElement(By.id("rollback")).click();
                wait.until(d -> d.findElement(By.id("rollback-progress")).getText().startsWith("rolled back: "));
                wait.until(d -> status(d).equals("rolled-back"));
                // The validation passed of what the rollback has undone since: the page says so.
                wait.until(d -> d.findElement(By.id("validation")).getText()
                        .startsWith("passed (of what the run wrote, before the rollback undid it): "));
                assertThat(app.digests(app.prodSuffix)).as("the target, as before the run").isEqualTo(targetBefore);
                assertThat(app.digests(app.devSuffix)).as("the source, untouched").isEqualTo(sourceBefore);

                List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
                assertThat(errors).as("errors in the browser's console").isEmpty();
                System.out.printf("DashboardIT: rolled back; whole test %.1f s%n", (System.nanoTime() - began) / 1e9);
            } finally {
                if (driver != null) {
                    driver.quit();
                }
                dashboard.signal("TERM");
                dashboard.waitFor();
            }
        }
    }

    /** Every request without the token, or with another, is refused with 403: pages, data, actions. */
    private static void refusedWithoutTheToken(URI url) throws Exception {
        String base = "http://127.0.0.1:" + url.getPort();
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> codes = new ArrayList<>();
        for (String path : List.of("/", "/app.js", "/api/runs", "/api/runs?token=0123", "/api/events", "/report?id=x")) {
            codes.add(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/api/action?" + url.getQuery()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"stop\",\"runId\":\"x\"}")).build();
        codes.add(http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode());
        assertThat(codes).as("GETs without the token, and a POST with it in the address instead of its header")
                .containsOnly(403);
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/api/action?" + url.getQuery())).build();
        assertThat(http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode()).as("an action by GET").isEqualTo(405);
        HttpResponse<Void> page = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(DashboardServer.POLICY);
    }

    /**
     * With the token, a request that names another host (a site whose name was pointed at this machine) and an action
     * from another site's page are refused with 403; the run it names is not touched.
     */
    private static void refusedFromElsewhere(URI url) throws Exception {
        String token = url.getQuery().substring("token=".length());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.getOutputStream().write(("GET /api/runs?token=" + token + " HTTP/1.1\r\nHost: attacker.example\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).as("a foreign Host, with the token").startsWith("HTTP/1.1 403 ")
                    .endsWith("403: this dashboard answers only at http://127.0.0.1:" + url.getPort() + " or http://localhost:"
                            + url.getPort());
        }
        HttpRequest foreign = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + url.getPort() + "/api/action"))
                .header(DashboardServer.TOKEN_HEADER, token).header("Origin", "http://attacker.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"stop\",\"runId\":\"x\"}")).build();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(foreign, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("an action from another site's page, with the token").isEqualTo(403);
        assertThat(refused.body()).isEqualTo("403: an action comes from the dashboard's own page only");
    }

    static WebDriver chrome(Path browser, Path driver, Path home) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(Chromium.offlineFlags());
        options.addArguments("--user-data-dir=" + Files.createDirectories(home.resolve("chromium-profile")),
                "--window-size=" + WIDTH + "," + HEIGHT);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Fills in the start form for a migration of the plan and sends it; the page goes to the new run. */
    private static String startMigration(WebDriver driver, WebDriverWait wait, Path plan, String environment) {
        driver.findElement(By.id("plan")).sendKeys(plan.toAbsolutePath().toString());
        new Select(driver.findElement(By.id("mode"))).selectByValue("full");
        driver.findElement(By.id("no-backup")).click();
        driver.findElement(By.id("start-button")).click();
        // Without the environment's name typed, nothing starts.
        wait.until(d -> d.findElement(By.id("start-reply")).getText().startsWith("type the target environment's name, "
                + environment + ", to confirm"));
        driver.findElement(By.id("start-confirm")).sendKeys(environment);
        driver.findElement(By.id("start-button")).click();
        wait.until(d -> d.getCurrentUrl().contains("#run/"));
        String runId = driver.getCurrentUrl().substring(driver.getCurrentUrl().indexOf("#run/") + "#run/".length());
        wait.until(d -> d.findElement(By.id("run-id")).getText().equals("run " + runId));
        return runId;
    }

    /** The copied counts the page shows while the run goes, until three different ones (neither none nor all) were seen. */
    private static Set<Long> progressAdvancing(WebDriver driver, WebDriverWait wait) {
        Set<Long> seen = new LinkedHashSet<>();
        wait.until(d -> {
            long[] shown = progress(d);
            assertThat(status(d)).as("the run ended before its progress was seen advancing").isNotIn("succeeded", "failed");
            if (shown != null && shown[0] > 0 && shown[0] < shown[1]) {
                seen.add(shown[0]);
            }
            return seen.size() >= 3;
        });
        return seen;
    }

    /** Items copied and in all, as the page shows them; null before it shows any. */
    private static long[] progress(WebDriver driver) {
        Matcher matcher = PROGRESS.matcher(driver.findElement(By.id("progress-total")).getText());
        return matcher.find() ? new long[] {Long.parseLong(matcher.group(1).replace(",", "")),
                Long.parseLong(matcher.group(2).replace(",", ""))} : null;
    }

    private static String status(WebDriver driver) {
        return driver.findElement(By.id("run-status")).getText();
    }

    private static void confirm(WebDriver driver, String environment) {
        WebElement typed = driver.findElement(By.id("confirm"));
        typed.clear();
        typed.sendKeys(environment);
    }

    private static long expectedItems(SampleApp app) {
        return app.plan.migratedModels().stream().mapToLong(model -> app.scan(app.source(model)).size()).sum();
    }
}
