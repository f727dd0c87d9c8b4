package dev.dmig.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's server over a board of the test's: the token, POST-only actions, the page's policy, the event stream. */
class DashboardServerTest {
    private final FakeBoard board = new FakeBoard();
    private final HttpClient http = HttpClient.newHttpClient();
    private DashboardServer server;
    private String base;
    private String token;

    @BeforeEach
    void start() {
        server = DashboardServer.start(board, 0, Duration.ofMillis(50));
        URI url = server.url();
        base = "http://127.0.0.1:" + url.getPort();
        token = url.getQuery().substring("token=".length());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void url_isOnLoopback_withALongRandomToken() {
        assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(token).matches("[0-9a-f]{48}");
        try (DashboardServer second = DashboardServer.start(board, 0, Duration.ofMillis(50))) {
            assertThat(second.url().getQuery()).isNotEqualTo(server.url().getQuery());
        }
    }

    @Test
    void everyRequestWithoutTheToken_is403_andAsksTheBoardNothing() throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (String path : List.of("/", "/index.html", "/app.js", "/favicon.svg", "/api/runs", "/api/run?id=r1", "/api/events",
                "/report?id=r1", "/nothing", "/?token=", "/?token=" + token.substring(1), "/?token=" + token + "0")) {
            codes.add(get(path).statusCode());
        }
        codes.add(post("/api/action", null, "{\"action\":\"stop\",\"runId\":\"r1\"}").statusCode());
        codes.add(post("/api/action?token=" + token, null, "{\"action\":\"stop\",\"runId\":\"r1\"}").statusCode());
        codes.add(post("/api/action", "wrong", "{\"action\":\"stop\",\"runId\":\"r1\"}").statusCode());

        assertThat(codes).containsOnly(403);
        assertThat(board.calls).isEmpty();
    }

    @Test
    void anAction_isAPostCarryingTheTokenInItsHeader() throws Exception {
        assertThat(get("/api/action?token=" + token).statusCode()).isEqualTo(405);
        assertThat(post("/api/runs?token=" + token, token, "{}").statusCode())
                .isEqualTo(405);

        HttpResponse<String> accepted = post("/api/action", token, "{\"action\":\"stop\",\"runId\":\"r1\"}");
        HttpResponse<String> refused = post("/api/action", token, "{\"action\":\"resume\",\"runId\":\"r1\"}");
        HttpResponse<String> notJson = post("/api/action", token, "stop r1");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(Json.tree(accepted.body().getBytes(StandardCharsets.UTF_8)).path("message").asText()).isEqualTo("stopping r1");
        assertThat(refused.statusCode()).as("a refusal is an answer, for the page to show").isEqualTo(200);
        assertThat(Json.tree(refused.body().getBytes(StandardCharsets.UTF_8)).path("accepted").asBoolean()).isFalse();
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(board.calls).containsExactly("act stop r1", "act resume r1");
    }

    @Test
    void aRequestNamingAnotherHost_isRefused_evenWithTheToken_andAsksTheBoardNothing() throws Exception {
        int port = server.url().getPort();
        String action = "{\"action\":\"stop\",\"runId\":\"r1\"}";

        List<String> refused = List.of(
                raw("GET", "/api/runs?token=" + token, "attacker.example", Map.of(), ""),
                raw("GET", "/?token=" + token, "attacker.example:" + port, Map.of(), ""),
                raw("GET", "/api/run?id=r1&token=" + token, "127.0.0.1:" + (port + 1), Map.of(), ""),
                raw("GET", "/api/runs?token=" + token, null, Map.of(), ""),
                raw("POST", "/api/action", "attacker.example", Map.of(DashboardServer.TOKEN_HEADER, token), action));

        assertThat(refused).allSatisfy(response -> assertThat(response).startsWith("HTTP/1.1 403 ")
                .endsWith("403: this dashboard answers only at http://127.0.0.1:" + port + " or http://localhost:" + port));
        assertThat(board.calls).isEmpty();
        assertThat(raw("GET", "/api/runs?token=" + token, "127.0.0.1:" + port, Map.of(), "")).startsWith("HTTP/1.1 200 ");
        assertThat(raw("GET", "/api/runs?token=" + token, "localhost:" + port, Map.of(), "")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void anActionFromAnotherSitesPage_is403_andOneFromTheDashboardsOwnPageIsTaken() throws Exception {
        int port = server.url().getPort();
        String action = "{\"action\":\"stop\",\"runId\":\"r1\"}";

        HttpResponse<String> foreign = post("/api/action", token, action, "http://attacker.example");
        HttpResponse<String> opaque = post("/api/action", token, action, "null");
        HttpResponse<String> otherPort = post("/api/action", token, action, "http://127.0.0.1:" + (port + 1));

        assertThat(List.of(foreign.statusCode(), opaque.statusCode(), otherPort.statusCode())).containsOnly(403);
        assertThat(foreign.body()).isEqualTo("403: an action comes from the dashboard's own page only");
        assertThat(board.calls).isEmpty();

        assertThat(post("/api/action", token, action, "http://127.0.0.1:" + port).statusCode()).isEqualTo(202);
        assertThat(post("/api/action", token, action, "http://localhost:" + port).statusCode()).isEqualTo(202);
        assertThat(post("/api/action", token, action).statusCode()).as("a client that sends no Origin: the token decides")
                .isEqualTo(202);
        assertThat(board.calls).containsExactly("act stop r1", "act stop r1", "act stop r1");
    }

    @Test
    void thePage_isServedUnderAStrictPolicy_andLinksItsFilesWithTheToken() throws Exception {
        HttpResponse<String> page = get("/?token=" + token);
        HttpResponse<String> script = get("/app.js?token=" + token);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(DashboardServer.POLICY);
        assertThat(DashboardServer.POLICY).startsWith("default-src 'none'; script-src 'self'; style-src 'self'")
                .doesNotContain("unsafe");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.body()).contains("src=\"app.js?token=" + token + "\"").contains("href=\"app.css?token=" + token + "\"")
                .doesNotContain("{{token}}").doesNotContain("<script>").doesNotContain("style=");
        assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/nothing?token=" + token).statusCode()).isEqualTo(404);
    }

    @Test
    void runsAndARun_asJson_andAMissingRunIs404() throws Exception {
        JsonNode runs = Json.tree(get("/api/runs?token=" + token).body().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> run = get("/api/run?id=r1&token=" + token);

        assertThat(runs.path("where").asText()).isEqualTo("the test's store");
        assertThat(runs.path("runs").get(0).path("runId").asText()).isEqualTo("r1");
        assertThat(Json.tree(run.body().getBytes(StandardCharsets.UTF_8)).path("status").asText()).isEqualTo("running");
        assertThat(get("/api/run?id=r2&token=" + token).statusCode()).isEqualTo(404);
        assertThat(get("/report?id=r2&token=" + token).statusCode()).isEqualTo(404);
        assertThat(get("/report?id=r1&token=" + token).body()).isEqualTo("<!DOCTYPE html><title>r1</title>");
    }

    @Test
    void events_sendTheRunsAndTheRun_thenWhatChanged() throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events?run=r1&token=" + token))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            List<String> first = List.of(reader.readLine(), reader.readLine(), reader.readLine(), reader.readLine(), reader.readLine());
            assertThat(first.get(0)).isEqualTo("event: runs");
            assertThat(first.get(1)).startsWith("data: {").contains("\"runId\":\"r1\"");
            assertThat(first.get(3)).isEqualTo("event: run");
            assertThat(first.get(4)).startsWith("data: {").contains("\"done\":0");

            board.done = 7;
            String line = reader.readLine();
            while (line.isEmpty() || line.startsWith(":")) {
                line = reader.readLine();
            }
            assertThat(line).as("the next event is the run that changed; the runs did not").isEqualTo("event: run");
            assertThat(reader.readLine()).contains("\"done\":7");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String headerToken, String body) throws Exception {
        return post(path, headerToken, body, null);
    }

    private HttpResponse<String> post(String path, String headerToken, String body, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headerToken != null) {
            request.header(DashboardServer.TOKEN_HEADER, headerToken);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One request written on a socket as it is (Java's HTTP client sets the Host header itself): {@code host} null sends
     * none. Returns the whole response, status line first.
     */
    private String raw(String method, String path, String host, Map<String, String> headers, String body) throws IOException {
        URI url = server.url();
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            if (host != null) {
                request.append("Host: ").append(host).append("\r\n");
            }
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            request.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One run, r1, whose progress the test moves; stop is accepted, anything else refused. */
    private static final class FakeBoard implements Board {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile long done;

        @Override
        public String where() {
            return "the test's store";
        }

        @Override
        public ObjectNode runs() {
            ObjectNode runs = Json.MAPPER.createObjectNode();
            runs.putArray("runs").addObject().put("runId", "r1");
            return runs;
        }

        @Override
        public Optional<JsonNode> run(String runId) {
            return runId.equals("r1") ? Optional.of(Json.MAPPER.createObjectNode().put("runId", "r1").put("status", "running")
                    .put("done", done)) : Optional.empty();
        }

        @Override
        public Optional<String> report(String runId) {
            return runId.equals("r1") ? Optional.of("<!DOCTYPE html><title>r1</title>") : Optional.empty();
        }

        @Override
        public Reply act(JsonNode action) {
            String kind = action.path("action").asText();
            calls.add("act " + kind + " " + action.path("runId").asText());
            return kind.equals("stop") ? new Reply(true, "stopping r1", "r1") : Reply.refused("no");
        }
    }
}
