package dev.dmig.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmig.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The dashboard's web server, on 127.0.0.1 only: the page and its script and style (from the class path), the runs and
 * one run as JSON, their updates as server-sent events, a run's report, and the actions, each a POST. Every request
 * must carry the random token printed with the address — in the address ({@code ?token=}) for what a browser loads, in
 * the {@value #TOKEN_HEADER} header for an action — or it gets 403 and nothing else. Besides the token, a request must
 * name this server as its {@code Host} ({@code 127.0.0.1:port} or {@code localhost:port}, else 403: another site's
 * name pointed at this machine), and an action sent by a browser must come from the dashboard's own page (an
 * {@code Origin} of another site: 403). The page runs under a strict
 * Content-Security-Policy: its own script and style only, no inline code, nothing fetched from elsewhere.
 */
public final class DashboardServer implements AutoCloseable {
    public static final String TOKEN_HEADER = "X-Dmig-Token";
    /** The page's policy: this server's own script, style and JSON, nothing inline, nothing from elsewhere. */
    public static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** A report's own page carries its policy (one inline script, by hash); this header adds what a page cannot set. */
    static final String REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> STATIC = Map.of("/app.js", "text/javascript; charset=utf-8",
            "/app.css", "text/css; charset=utf-8", "/favicon.svg", "image/svg+xml");
    /** Comment lines on an idle event stream, so that a closed browser is noticed. */
    private static final int KEEP_ALIVE_TICKS = 15;

    private final HttpServer server;
    private final ExecutorService threads;
    private final Board board;
    private final String token;
    private final Duration every;
    private final Snapshots snapshots;
    private volatile boolean closed;

    private DashboardServer(HttpServer server, ExecutorService threads, Board board, String token, Duration every) {
        this.server = server;
        this.threads = threads;
        this.board = board;
        this.token = token;
        this.every = every;
        this.snapshots = new Snapshots(every.multipliedBy(9).dividedBy(10));
    }

    /**
     * Serves {@code board} on 127.0.0.1 at {@code port} (0: a free one), with a new random token; the page's updates
     * come every {@code every}.
     *
     * @throws UncheckedIOException when the port cannot be had
     */
    public static DashboardServer start(Board board, int port, Duration every) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Each event stream holds a thread while its page is open.
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "dmig-dashboard");
            thread.setDaemon(true);
            return thread;
        });
        DashboardServer dashboard = new DashboardServer(server, threads, board, token, every);
        server.createContext("/", dashboard::handle);
        server.setExecutor(threads);
        server.start();
        return dashboard;
    }

    /** The address to open, token included. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/?token=" + token);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI());
            boolean post = exchange.getRequestMethod().equals("POST");
            if (!ownHost(exchange.getRequestHeaders().getFirst("Host"))) {
                // A page of another site whose name now points at 127.0.0.1 (DNS rebinding) names that site.
                text(exchange, 403, "403: this dashboard answers only at " + origin("127.0.0.1") + " or " + origin("localhost"));
                return;
            }
            String given = post ? exchange.getRequestHeaders().getFirst(TOKEN_HEADER) : query.get("token");
            if (!matches(given)) {
                text(exchange, 403, "403: this dashboard needs the token of the address dmig dashboard printed");
                return;
            }
            String from = exchange.getRequestHeaders().getFirst("Origin");
            if (post && from != null && !ownOrigin(from)) {
                text(exchange, 403, "403: an action comes from the dashboard's own page only");
                return;
            }
            if (path.equals("/api/action")) {
                if (!post) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    text(exchange, 405, "405: an action is a POST");
                    return;
                }
                act(exchange);
                return;
            }
            if (post || !exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                text(exchange, 405, "405: only actions are POSTed");
                return;
            }
            route(exchange, path, query);
        } catch (RuntimeException e) {
            // The board reads stores that may fail for a moment: the page says so and tries again at its next update.
            text(exchange, 500, "500: " + e.getMessage());
        }
    }

    private void route(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
        switch (path) {
            case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", POLICY,
                    resource("/index.html").replace("{{token}}", token).getBytes(StandardCharsets.UTF_8));
            case "/api/runs" -> json(exchange, snapshots.get("runs", this::runs));
            case "/api/run" -> {
                Optional<JsonNode> run = run(query.get("id"));
                if (run.isEmpty()) {
                    text(exchange, 404, "404: no run " + query.get("id"));
                } else {
                    json(exchange, run.get());
                }
            }
            case "/api/events" -> events(exchange, query.get("run"));
            case "/report" -> {
                Optional<String> page = query.get("id") == null ? Optional.empty() : board.report(query.get("id"));
                if (page.isEmpty()) {
                    text(exchange, 404, "404: no run " + query.get("id"));
                } else {
                    send(exchange, 200, "text/html; charset=utf-8", REPORT_POLICY, page.get().getBytes(StandardCharsets.UTF_8));
                }
            }
            default -> {
                String type = STATIC.get(path);
                if (type == null) {
                    text(exchange, 404, "404: nothing at " + path);
                } else {
                    send(exchange, 200, type, POLICY, resource(path).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private JsonNode runs() {
        return board.runs().put("where", board.where());
    }

    private Optional<JsonNode> run(String runId) {
        if (runId == null) {
            return Optional.empty();
        }
        JsonNode run = snapshots.get("run " + runId, () -> board.run(runId).orElse(null));
        return Optional.ofNullable(run);
    }

    private void act(HttpExchange exchange) throws IOException {
        JsonNode action;
        try (InputStream body = exchange.getRequestBody()) {
            action = Json.tree(body.readNBytes(64 * 1024));
        } catch (RuntimeException notJson) {
            json(exchange, 400, reply(Board.Reply.refused("the action is not JSON")));
            return;
        }
        Board.Reply reply = board.act(action);
        snapshots.clear();
        // A refusal is an answer, not an error: the page shows why, and the browser logs nothing.
        json(exchange, reply.accepted() ? 202 : 200, reply(reply));
    }

    private static JsonNode reply(Board.Reply reply) {
        return Json.MAPPER.createObjectNode().put("accepted", reply.accepted()).put("message", reply.message())
                .put("runId", reply.runId());
    }

    /**
     * Server-sent events until the page goes: {@code runs} with the runs list, and {@code run} with the run the page
     * shows, each sent when it changed; a comment line now and then otherwise.
     */
    private void events(HttpExchange exchange, String runId) throws IOException {
        headers(exchange, "text/event-stream; charset=utf-8", POLICY);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String lastRuns = null;
        String lastRun = null;
        int idle = 0;
        while (!closed) {
            String runs = Json.text(snapshots.get("runs", this::runs));
            String run = runId == null ? null : run(runId).map(Json::text).orElse(null);
            StringBuilder message = new StringBuilder();
            if (!runs.equals(lastRuns)) {
                message.append("event: runs\ndata: ").append(runs).append("\n\n");
                lastRuns = runs;
            }
            if (run != null && !run.equals(lastRun)) {
                message.append("event: run\ndata: ").append(run).append("\n\n");
                lastRun = run;
            }
            if (message.isEmpty() && ++idle >= KEEP_ALIVE_TICKS) {
                message.append(": still here\n\n");
                idle = 0;
            }
            if (!message.isEmpty()) {
                // A page that went away makes this write fail, which ends the stream.
                out.write(message.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code host:port} as this server is reached: its loopback address or {@code localhost}, at its own port. */
    private boolean ownHost(String host) {
        int port = server.getAddress().getPort();
        return host != null && (host.equals("127.0.0.1:" + port) || host.equalsIgnoreCase("localhost:" + port));
    }

    /** A browser's {@code Origin}: the dashboard's own page, at either of the names {@link #ownHost} accepts. */
    private boolean ownOrigin(String from) {
        return from.equals(origin("127.0.0.1")) || from.equalsIgnoreCase(origin("localhost"));
    }

    private String origin(String host) {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&", -1)) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void json(HttpExchange exchange, JsonNode body) throws IOException {
        json(exchange, 200, body);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", POLICY, Json.bytes(body));
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", POLICY, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, String policy, byte[] body) throws IOException {
        headers(exchange, type, policy);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void headers(HttpExchange exchange, String type, String policy) {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Content-Security-Policy", policy);
        headers.set("X-Content-Type-Options", "nosniff");
        // The address holds the token: no page may learn it from a referrer.
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
    }

    private static String resource(String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }

    /** What the board said last, per question, for a little less than an update's interval: many pages, one read. */
    private static final class Snapshots {
        private record Held(long at, JsonNode value) {}

        private final long maxAgeNanos;
        private final Map<String, Held> held = new HashMap<>();

        Snapshots(Duration maxAge) {
            this.maxAgeNanos = maxAge.toNanos();
        }

        synchronized JsonNode get(String key, Supplier<JsonNode> read) {
            Held kept = held.get(key);
            long now = System.nanoTime();
            if (kept != null && now - kept.at() < maxAgeNanos) {
                return kept.value();
            }
            JsonNode fresh = read.get();
            held.put(key, new Held(now, fresh));
            return fresh;
        }

        synchronized void clear() {
            held.clear();
        }
    }
}
