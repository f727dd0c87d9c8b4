package dev.dmig.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium with one page, driven over the DevTools protocol on a WebSocket from the
 * JDK's own HTTP client — no driver binary, no browser download: load a file, evaluate script in
 * it, take screenshots. The flags keep it off the network entirely.
 */
public final class Chromium implements AutoCloseable {
    /** Set to a browser binary to use it instead of the one found on the PATH. */
    public static final String EXECUTABLE_VARIABLE = "DMIG_CHROMIUM";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-default-browser-check", "--remote-debugging-port=0");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    /** A guard against a hung browser, not a timing assertion. */
    private static final long WAIT_SECONDS = 120;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> console = new CopyOnWriteArrayList<>();

    /** The browser to use: {@value #EXECUTABLE_VARIABLE}, else the first of chromium, chromium-browser, google-chrome on the PATH. */
    public static Optional<Path> find() {
        String named = System.getenv(EXECUTABLE_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    /** Set to a chromedriver binary to use it instead of the one found on the PATH. */
    public static final String DRIVER_VARIABLE = "DMIG_CHROMEDRIVER";

    /** The WebDriver server for Chromium: {@value #DRIVER_VARIABLE}, else chromedriver on the PATH (Debian's chromium-driver). */
    public static Optional<Path> findDriver() {
        String named = System.getenv(DRIVER_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "chromedriver")).filter(Files::isExecutable).findFirst();
    }

    /** The flags that keep Chromium off the network, for a browser started by another tool (WebDriver). */
    public static List<String> offlineFlags() {
        return FLAGS.stream().filter(flag -> !flag.startsWith("--remote-debugging-port")).toList();
    }

    private Chromium(Process process, Path profile, WebSocket.Builder builder, URI page) {
        this.process = process;
        this.profile = profile;
        this.socket = builder.buildAsync(page, new Listener()).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Starts the browser with a fresh profile and a laptop-sized window, and attaches to its page. */
    public static Chromium start(Path executable, int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("dmig-chromium-");
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("--window-size=" + width + "," + height);
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            // Chromium logs to stderr for as long as it runs: keep reading, or it blocks on a full pipe.
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (log) {
                        if (log.length() < 20_000) {
                            log.append(line).append('\n');
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IllegalStateException("chromium exited before listening:\n" + log));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            URI browser = URI.create(endpoint.get(WAIT_SECONDS, TimeUnit.SECONDS));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
            JsonNode targets = Json.tree(http.send(HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
            URI page = null;
            for (JsonNode target : targets) {
                if (target.path("type").asText().equals("page")) {
                    page = URI.create(target.path("webSocketDebuggerUrl").asText());
                    break;
                }
            }
            if (page == null) {
                throw new IllegalStateException("chromium has no page to attach to: " + targets);
            }
            return new Chromium(process, profile, http.newWebSocketBuilder(), page);
        } catch (Exception e) {
            process.destroyForcibly();
            delete(profile);
            throw new IllegalStateException("cannot start " + executable + ": " + e.getMessage() + "\n" + log, e);
        }
    }

    /** Loads a file at the given viewport size and waits for its load event. */
    public void open(Path file, int width, int height) {
        send("Page.enable", Json.MAPPER.createObjectNode());
        send("Log.enable", Json.MAPPER.createObjectNode());
        send("Runtime.enable", Json.MAPPER.createObjectNode());
        ObjectNode metrics = Json.MAPPER.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false);
        send("Emulation.setDeviceMetricsOverride", metrics);
        events.clear();
        send("Page.navigate", Json.MAPPER.createObjectNode().put("url", file.toUri().toString()));
        awaitEvent("Page.loadEventFired");
    }

    /** The value of a JavaScript expression in the page, as JSON; a thrown exception fails the caller. */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", Json.MAPPER.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("script failed in the page: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Console messages and uncaught exceptions the page produced (CSP refusals among them). */
    public List<JsonNode> console() {
        return List.copyOf(console);
    }

    /** A PNG of what a person sees first, or of the whole page. */
    public void screenshot(Path file, boolean fullPage) throws IOException {
        ObjectNode params = Json.MAPPER.createObjectNode().put("format", "png");
        if (fullPage) {
            JsonNode size = send("Page.getLayoutMetrics", Json.MAPPER.createObjectNode()).path("cssContentSize");
            params.put("captureBeyondViewport", true);
            params.putObject("clip").put("x", 0).put("y", 0).put("width", Math.ceil(size.path("width").asDouble()))
                    .put("height", Math.ceil(size.path("height").asDouble())).put("scale", 1);
        }
        byte[] png = Base64.getDecoder().decode(send("Page.captureScreenshot", params).path("data").asText());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    private JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(Json.text(message), true).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        JsonNode answer = reply.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    private void awaitEvent(String method) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try {
            while (System.nanoTime() < until) {
                JsonNode event = events.poll(1, TimeUnit.SECONDS);
                if (event != null && event.path("method").asText().equals(method)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("no " + method + " from chromium");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = Json.tree(partial.toString().getBytes(StandardCharsets.UTF_8));
                partial.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                } else {
                    String method = message.path("method").asText();
                    if (method.equals("Log.entryAdded") || method.equals("Runtime.exceptionThrown")
                            || method.equals("Runtime.consoleAPICalled")) {
                        console.add(message.path("params"));
                    }
                    events.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(reply -> reply.completeExceptionally(error));
        }
    }

    @Override
    public void close() {
        try {
            socket.sendText("{\"id\":0,\"method\":\"Browser.close\",\"params\":{}}", true).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The process is ended below either way.
        }
        socket.abort();
        // Renderer and zygote processes are the browser's children: end them by handle, then the browser.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        delete(profile);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary profile is harmless.
        }
    }
}
