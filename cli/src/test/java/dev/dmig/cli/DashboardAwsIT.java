package dev.dmig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.analysis.Analysis;
import dev.dmig.aws.Histories;
import dev.dmig.aws.HistoryScript;
import dev.dmig.aws.StepFunctionsStub;
import dev.dmig.dashboard.DashboardServer;
import dev.dmig.json.Json;
import dev.dmig.local.SampleApp;
import dev.dmig.local.SharedStack;
import dev.dmig.run.RunLayout;
import dev.dmig.sample.SampleData;
import dev.dmig.store.S3ArtifactStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmig dashboard --aws} as the page uses it, over HTTP with the token: the real dmig.jar serves the runs in the
 * shared embedded S3 bucket, where a local run of the sample left its artifacts, and what Step Functions says of that
 * run's executions. Step Functions cannot run here (no AWS access, and no emulator of it runs without Docker), so the
 * dashboard talks to {@link StepFunctionsStub}, a stub of its API that checks every request's shape and plays scripted
 * histories, each held part-way until the test reveals the rest. The run is listed running while its execution runs,
 * with its per-table progress from the bucket and its path through the state machine from the history, and succeeded
 * once the history ends; Stop from the page starts {@code dmig stop --run ID} with the dashboard's {@code --aws}
 * options, which stops the run's running execution (StopExecution reaches the stub). An action without the token gets
 * 403; one for a run that is not there, a one-line refusal.
 */
class DashboardAwsIT {
    private static final String RUN = "dash-aws";
    /** The models the run migrates: requests with the contacts and properties they refer to, in two levels. */
    private static final List<String> MODELS = List.of("Properties", "Contacts", "Requests");
    /** The validation of the run started later (as {@code dmig validate --aws --run} names it), stopped from the page. */
    private static final String VALIDATION = "20261122-110000-cafe-validate";
    /** A guard against a hung dashboard, not a timing assertion. */
    private static final long GUARD_SECONDS = 120;

    @Test
    void awsRun_isShownAsItsExecutionGoes_andStopFromThePageStopsTheExecution(@TempDir Path home) throws Exception {
        SharedStack.credentialsForTheCli();
        long began = System.nanoTime();
        try (SampleApp app = new SampleApp("dashaws", SampleData.scaled(0.05)); StepFunctionsStub stub = new StepFunctionsStub()) {
            Path plan = app.writePlan(home.resolve("plan.json"));
            System.out.printf("DashboardAwsIT: sample ready in %.1f s%n", (System.nanoTime() - began) / 1e9);
            CliRun local = CliRun.execute(List.of("migrate", "--plan", plan.toString(), "--confirm", "--no-backup", "--run", RUN,
                    "--tables", String.join(",", MODELS),
                    "--dynamodb-endpoint", SharedStack.stack().dynamoDbEndpoint().toString(),
                    "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET,
                    "--region", SharedStack.stack().region().id(), "--data-dir", home.resolve("local").toString()), null);
            assertThat(local.code()).as(local.err()).isZero();
            System.out.printf("DashboardAwsIT: its local run done at %.1f s%n", (System.nanoTime() - began) / 1e9);
            S3ArtifactStore artifacts = new S3ArtifactStore(app.s3, SharedStack.BUCKET);
            Analysis analysis = artifacts.getJson(RunLayout.analysis(RUN), Analysis.class).orElseThrow();
            HistoryScript history = Histories.fullRun(1, analysis.writtenLevels().stream().mapToInt(List::size).toArray(), 1, 1);
            // Step Functions has recorded the run up to its levels' Map: the execution is copying.
            stub.existing(RUN, "{\"mode\":\"full\",\"runId\":\"" + RUN + "\",\"confirm\":true}", history, firstMap(history));

            DmigProcess dashboard = DmigProcess.start(home, DmigProcess.credentials(), "dashboard", "--aws",
                    "--state-machine-arn", StepFunctionsStub.STATE_MACHINE_ARN, "--stepfunctions-endpoint", stub.endpoint().toString(),
                    "--s3-endpoint", SharedStack.stack().s3Endpoint().toString(), "--bucket", SharedStack.BUCKET);
            try {
                String printed = dashboard.awaitOutLine(line -> line.startsWith("dmig dashboard: "));
                Page page = new Page(URI.create(printed.substring("dmig dashboard: ".length()).trim()));
                System.out.printf("DashboardAwsIT: dashboard serving at %.1f s%n", (System.nanoTime() - began) / 1e9);
                String where = "AWS: state machine " + StepFunctionsStub.STATE_MACHINE_ARN + ", artifacts in s3://" + SharedStack.BUCKET;

                shownRunning(page, app, where);
                shownSucceeded(page, stub);
                actionsRefused(page, where);
                stoppedFromThePage(page, stub);
                System.out.printf("DashboardAwsIT: stopped from the page at %.1f s%n", (System.nanoTime() - began) / 1e9);
                assertThat(stub.calls("StartExecution")).as("the dashboard only reads Step Functions").isEmpty();
                assertThat(stub.problems()).as("requests the Step Functions stub found malformed").isEmpty();
            } finally {
                dashboard.signal("TERM");
                dashboard.waitFor();
            }
        }
    }

    /** While the execution runs: the run listed running, its tables' progress from the bucket, its path so far. */
    private static void shownRunning(Page page, SampleApp app, String where) throws Exception {
        JsonNode runs = page.get("/api/runs");
        assertThat(runs.get("where").asText()).isEqualTo(where);
        JsonNode listed = listed(runs);
        long items = expectedItems(app);
        assertThat(listed.get("live").asText()).as("the badge while its execution runs").isEqualTo("running");
        assertThat(listed.get("mode").asText()).isEqualTo("full");
        assertThat(listed.get("items").asLong()).isEqualTo(items);
        assertThat(listed.get("total").asLong()).isEqualTo(items);

        JsonNode running = page.get("/api/run?id=" + RUN);
        assertThat(running.get("live").asText()).isEqualTo("running");
        assertThat(perTable(running)).as("each table's items copied of those analysis found").isEqualTo(expectedPerTable(app));
        assertThat(running.get("progress").get("done").asLong()).isEqualTo(items);
        JsonNode trail = single(running.get("trails"));
        assertThat(trail.get("execution").asText()).isEqualTo(RUN);
        assertThat(trail.get("mode").asText()).isEqualTo("full");
        assertThat(trail.get("status").asText()).isEqualTo("RUNNING");
        assertThat(trail.get("current").asText()).isEqualTo("MigrateLevels");
        assertThat(states(trail)).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                "CheckConflicts", "MigrateLevels");
        assertThat(running.get("actions").get("stop").asBoolean()).isTrue();
        assertThat(running.get("validation").get("state").asText()).as("the local run's validation, from the bucket")
                .isEqualTo("passed");
    }

    /** Once Step Functions records the rest of the history, the page shows the run succeeded and the whole path. */
    private static void shownSucceeded(Page page, StepFunctionsStub stub) throws Exception {
        try (Events events = page.events(RUN)) {
            stub.revealAll(RUN);
            JsonNode ended = events.awaitRun(run -> run.path("live").isNull()
                    && run.get("trails").get(0).get("status").asText().equals("SUCCEEDED"));
            assertThat(ended.get("status").asText()).isEqualTo("succeeded");
            assertThat(ended.get("verdict").asText()).isEqualTo("SUCCEEDED");
            assertThat(ended.get("actions").get("stop").asBoolean()).isFalse();
            JsonNode done = single(ended.get("trails"));
            assertThat(done.get("current").isNull()).isTrue();
            assertThat(states(done)).containsExactly("Analyze", "AnalysisComplete", "ChooseMode", "CheckConfirmation",
                    "CheckConflicts", "MigrateLevels", "Validate", "ValidationComplete", "Finalize", "ExportIdMaps",
                    "IdMapsExported", "Succeeded");
            assertThat(texts(done)).contains("Analyze done", "level 1 copied", "MigrateLevels done", "Validate done");
            JsonNode succeeded = listed(events.awaitRuns(board -> listed(board).path("live").isNull()));
            assertThat(succeeded.get("status").asText()).isEqualTo("succeeded");
        }
    }

    /**
     * A validation of the run runs; Stop from the page starts {@code dmig stop} with the dashboard's {@code --aws}
     * options, which stops that execution: the page shows the command's output and the execution aborted.
     */
    private static void stoppedFromThePage(Page page, StepFunctionsStub stub) throws Exception {
        stub.existing(VALIDATION, "{\"mode\":\"validate\",\"runId\":\"" + RUN + "\"}", Histories.validating());
        try (Events events = page.events(RUN)) {
            JsonNode validating = events.awaitRun(run -> "running".equals(run.path("live").asText(null)));
            assertThat(validating.get("trails")).extracting(t -> t.get("execution").asText())
                    .containsExactlyInAnyOrder(RUN, VALIDATION);
            JsonNode validation = trail(validating, VALIDATION);
            assertThat(validation.get("mode").asText()).isEqualTo("validate");
            assertThat(validation.get("status").asText()).isEqualTo("RUNNING");
            assertThat(validation.get("current").asText()).isEqualTo("ValidateRun");

            HttpResponse<String> stop = page.post("{\"action\":\"stop\",\"runId\":\"" + RUN + "\"}", true);
            assertThat(stop.statusCode()).isEqualTo(202);
            String command = "dmig stop --run " + RUN + " --s3-endpoint " + SharedStack.stack().s3Endpoint() + " --bucket "
                    + SharedStack.BUCKET + " --state-machine-arn " + StepFunctionsStub.STATE_MACHINE_ARN
                    + " --stepfunctions-endpoint " + stub.endpoint() + " --aws";
            JsonNode reply = Json.tree(stop.body().getBytes(StandardCharsets.UTF_8));
            assertThat(reply.get("message").asText()).isEqualTo("started " + command);

            JsonNode stopped = events.awaitRun(run -> run.path("live").isNull() && run.get("commands").size() == 1
                    && !run.get("commands").get(0).get("running").asBoolean()
                    && trail(run, VALIDATION).get("status").asText().equals("ABORTED"));
            JsonNode launched = stopped.get("commands").get(0);
            assertThat(launched.get("command").asText()).isEqualTo(command);
            assertThat(launched.get("exitCode").asInt()).as(launched.toString()).isZero();
            assertThat(texts(launched.get("output"))).contains("STOPPED  run " + RUN
                    + " (validate): it wrote to no table; start it again when you need it");
            assertThat(trail(stopped, RUN).get("status").asText()).as("the earlier execution").isEqualTo("SUCCEEDED");
        }
        assertThat(stub.calls("StopExecution")).singleElement().satisfies(call -> {
            assertThat(call.body().get("executionArn").asText()).isEqualTo(StepFunctionsStub.executionArn(VALIDATION));
            assertThat(call.body().get("error").asText()).isEqualTo(StopCommand.STOPPED_ERROR);
        });
    }

    /** An action without the token gets 403; with it, one for a run not in the bucket is refused in one line. */
    private static void actionsRefused(Page page, String where) throws Exception {
        HttpResponse<String> noToken = page.post("{\"action\":\"stop\",\"runId\":\"" + RUN + "\"}", false);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).isEqualTo("403: this dashboard needs the token of the address dmig dashboard printed");
        for (String runId : List.of("no-such-run", "../" + RUN)) {
            HttpResponse<String> unknown = page.post("{\"action\":\"stop\",\"runId\":\"" + runId + "\"}", true);
            assertThat(unknown.statusCode()).isEqualTo(200);
            JsonNode reply = Json.tree(unknown.body().getBytes(StandardCharsets.UTF_8));
            assertThat(reply.get("accepted").asBoolean()).isFalse();
            assertThat(reply.get("message").asText()).isEqualTo("no run '" + runId + "' in " + where);
        }
    }

    /** The event that reveals the levels' Map starting: the history shown up to there. */
    private static int firstMap(HistoryScript history) {
        return history.events().stream().filter(event -> event.get("type").asText().equals("MapStateStarted"))
                .mapToInt(event -> event.get("id").asInt()).findFirst().orElseThrow();
    }

    private static JsonNode listed(JsonNode board) {
        return StreamSupport.stream(board.get("runs").spliterator(), false).filter(run -> run.get("runId").asText().equals(RUN))
                .findFirst().orElseThrow(() -> new AssertionError("run " + RUN + " not listed: " + board));
    }

    /** The run's trail of one execution. */
    private static JsonNode trail(JsonNode run, String execution) {
        return StreamSupport.stream(run.get("trails").spliterator(), false)
                .filter(trail -> trail.get("execution").asText().equals(execution)).findFirst()
                .orElseThrow(() -> new AssertionError("no trail of execution " + execution + ": " + run.get("trails")));
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array).hasSize(1);
        return array.get(0);
    }

    private static List<String> states(JsonNode trail) {
        List<String> states = new ArrayList<>();
        trail.get("path").forEach(step -> states.add(step.get("state").asText()));
        return states;
    }

    /** The trail's events' texts, or an array's strings, each up to " in " (times differ between runs). */
    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        (node.has("events") ? node.get("events") : node).forEach(item -> {
            String text = item.isTextual() ? item.asText() : item.get("text").asText();
            texts.add(text.replaceAll(" in [0-9][^ ]*( s)?$", ""));
        });
        return texts;
    }

    private static Map<String, List<Long>> perTable(JsonNode run) {
        return StreamSupport.stream(run.get("progress").get("tables").spliterator(), false).collect(Collectors.toMap(
                table -> table.get("model").asText(), table -> List.of(table.get("done").asLong(), table.get("total").asLong())));
    }

    private static Map<String, List<Long>> expectedPerTable(SampleApp app) {
        return MODELS.stream().collect(Collectors.toMap(model -> model, model -> {
            long items = app.scan(app.source(model)).size();
            return List.of(items, items);
        }));
    }

    private static long expectedItems(SampleApp app) {
        return expectedPerTable(app).values().stream().mapToLong(counts -> counts.get(0)).sum();
    }

    /** The dashboard's HTTP API, called as the page calls it: the token in the address, or in a header for an action. */
    private record Page(URI url, String base, String token, HttpClient http) {
        Page(URI url) {
            this(url, "http://127.0.0.1:" + url.getPort(), url.getQuery().substring("token=".length()), HttpClient.newHttpClient());
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(address(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            return Json.tree(response.body());
        }

        HttpResponse<String> post(String action, boolean withToken) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/action"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(action));
            if (withToken) {
                request.header(DashboardServer.TOKEN_HEADER, token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The page's event stream for one run. */
        Events events(String runId) throws Exception {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(address("/api/events?run=" + runId)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return new Events(response.body());
        }

        private URI address(String path) {
            return URI.create(base + path + (path.contains("?") ? "&" : "?") + "token=" + token);
        }
    }

    /** Server-sent events as they come, read by a thread of their own: each a name and its JSON. */
    private static final class Events implements AutoCloseable {
        private record Event(String name, JsonNode data) {}

        private final InputStream stream;
        private final BlockingQueue<Event> received = new LinkedBlockingQueue<>();
        /** Events of one name that came while the test awaited the other: the next await of theirs looks at them first. */
        private final List<Event> aside = new ArrayList<>();

        Events(InputStream stream) {
            this.stream = stream;
            Thread reader = new Thread(this::read, "dashboard-events");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String name = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event: ")) {
                        name = line.substring("event: ".length());
                    } else if (line.startsWith("data: ")) {
                        received.add(new Event(name, Json.tree(line.substring("data: ".length()).getBytes(StandardCharsets.UTF_8))));
                    }
                }
            } catch (IOException closed) {
                // The test closed the stream: nothing more to read.
            }
        }

        /** The first {@code run} event from now on that {@code wanted} accepts. */
        JsonNode awaitRun(Predicate<JsonNode> wanted) throws InterruptedException {
            return await("run", wanted);
        }

        /** The first {@code runs} event from now on that {@code wanted} accepts. */
        JsonNode awaitRuns(Predicate<JsonNode> wanted) throws InterruptedException {
            return await("runs", wanted);
        }

        private JsonNode await(String name, Predicate<JsonNode> wanted) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            List<JsonNode> seen = new ArrayList<>();
            List<Event> earlier = aside.stream().filter(event -> event.name().equals(name)).toList();
            aside.removeAll(earlier);
            for (Event event : earlier) {
                if (wanted.test(event.data())) {
                    return event.data();
                }
                seen.add(event.data());
            }
            while (true) {
                Event event = received.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(event).as("no %s event as wanted; those seen:\n%s", name, seen).isNotNull();
                if (!event.name().equals(name)) {
                    aside.add(event);
                } else if (wanted.test(event.data())) {
                    return event.data();
                } else {
                    seen.add(event.data());
                }
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
