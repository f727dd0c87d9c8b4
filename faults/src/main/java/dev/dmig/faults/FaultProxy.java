package dev.dmig.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * A real HTTP/1.1 reverse proxy on a free loopback port in front of DynamoDB Local that injects
 * transport faults by rule: throttling and 5xx answers in DynamoDB's JSON error shape, connections
 * closed without a response (before or after the request reached DynamoDB Local), and batch calls
 * only partly forwarded, the rest answered as {@code UnprocessedItems} / {@code UnprocessedKeys}.
 * Every fault it injects is recorded, so tests compare what dmig reports with what really happened.
 */
public final class FaultProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    /** Headers java.net.http sets itself, or that would change the body's encoding. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "accept-encoding", "keep-alive", "proxy-connection", "te", "trailer");

    /** One request as it arrived: its operation and the access key its SigV4 signature names. */
    public record Signed(String operation, String accessKeyId, boolean sessionToken, Instant at) {}

    /** What the counters group faults by. */
    public enum Kind {
        THROTTLE("throttle"), SERVER_ERROR("5xx"), DROPPED("dropped"), PARTIAL("partial"), DENIED("denied");

        /** The kinds that pass if the caller waits and retries: what a run must ride out. */
        public static final Set<Kind> TRANSIENT = Set.of(THROTTLE, SERVER_ERROR, DROPPED, PARTIAL);

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One way of failing a call. */
    public enum Fault {
        /** HTTP 400 {@code ProvisionedThroughputExceededException}, as a table over its capacity answers. */
        PROVISIONED_THROUGHPUT_EXCEEDED(Kind.THROTTLE, 400,
                "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded. "
                        + "Consider increasing your provisioning level with the UpdateTable API."),
        /** HTTP 400 {@code ThrottlingException}, as the control plane or an on-demand table at its limit answers. */
        THROTTLING(Kind.THROTTLE, 400, "com.amazon.coral.availability#ThrottlingException", "Rate of requests exceeds the allowed throughput."),
        /**
         * HTTP 400 {@code AccessDeniedException}, as DynamoDB answers credentials whose policy lacks the
         * action (IAM cannot run here: this front stands for it).
         */
        ACCESS_DENIED(Kind.DENIED, 400, "com.amazon.coral.service#AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/dmig-operator/session is not authorized to perform:"
                        + " dynamodb:DescribeTable on resource: arn:aws:dynamodb:us-east-1:123456789012:table/* because no"
                        + " identity-based policy allows the dynamodb:DescribeTable action"),
        /** HTTP 500 {@code InternalServerError}. */
        INTERNAL_SERVER_ERROR(Kind.SERVER_ERROR, 500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
        /** HTTP 503 {@code ServiceUnavailable}. */
        SERVICE_UNAVAILABLE(Kind.SERVER_ERROR, 503, "com.amazon.coral.availability#ServiceUnavailableException", "Service unavailable"),
        /** The connection is closed after the request was read; DynamoDB Local never sees it. */
        DROP_BEFORE_FORWARD(Kind.DROPPED, 0, null, null),
        /** The request is carried out by DynamoDB Local, then the connection is closed instead of answering. */
        DROP_AFTER_FORWARD(Kind.DROPPED, 0, null, null),
        /**
         * BatchWriteItem / BatchGetItem: a random non-empty proper subset of the matching table's
         * requests is withheld and returned unprocessed; the rest goes to DynamoDB Local.
         */
        PARTIAL(Kind.PARTIAL, 0, null, null);

        public final Kind kind;
        final int status;
        final String type;
        final String message;

        Fault(Kind kind, int status, String type, String message) {
            this.kind = kind;
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    /** One injected fault: which, on which operation and table, during which phase the test had named. */
    public record Injection(Fault fault, String operation, String table, String phase) {}

    /**
     * When to inject one fault: on an operation (short name, e.g. {@code BatchWriteItem}; null for
     * any), on a table (null for any), with a probability, at most N times, until a moment, and
     * only while armed. Rules are tried in the order they were added; the first that fires wins.
     */
    public static final class Rule {
        private final Fault fault;
        private final Random random;
        private volatile String operation;
        private volatile String table;
        private volatile double probability = 1.0;
        private final AtomicLong remaining = new AtomicLong(Long.MAX_VALUE);
        private volatile Instant from;
        private volatile Instant until;
        private volatile boolean armed = true;
        private final AtomicLong fired = new AtomicLong();

        private Rule(Fault fault, long seed) {
            this.fault = fault;
            this.random = new Random(seed);
        }

        public Rule on(String operation) {
            this.operation = operation;
            return this;
        }

        public Rule table(String table) {
            this.table = table;
            return this;
        }

        public Rule probability(double probability) {
            this.probability = probability;
            return this;
        }

        /** Only the next {@code n} calls this rule fires on. */
        public Rule times(long n) {
            remaining.set(n);
            return this;
        }

        /** Only from {@code from} (inclusive) until {@code until} (exclusive). */
        public Rule during(Instant from, Instant until) {
            this.from = from;
            this.until = until;
            return this;
        }

        /** For a time window starting now. */
        public Rule forDuration(Duration window) {
            Instant now = Instant.now();
            return during(now, now.plus(window));
        }

        /** Built switched off, to be armed by the test at the right moment. */
        public Rule disarmed() {
            this.armed = false;
            return this;
        }

        public Rule arm() {
            this.armed = true;
            return this;
        }

        /** Ends the fault: from now on the rule never fires. */
        public Rule lift() {
            this.armed = false;
            return this;
        }

        public Fault fault() {
            return fault;
        }

        /** How many times this rule has injected its fault. */
        public long fired() {
            return fired.get();
        }

        private boolean fires(Call call) {
            if (!armed) {
                return false;
            }
            if (from != null || until != null) {
                Instant now = Instant.now();
                if ((from != null && now.isBefore(from)) || (until != null && !now.isBefore(until))) {
                    return false;
                }
            }
            if (operation != null && !operation.equals(call.operation)) {
                return false;
            }
            if (table != null && !call.tables.contains(table)) {
                return false;
            }
            if (fault == Fault.PARTIAL && partialTable(call) == null) {
                return false;
            }
            synchronized (random) {
                if (probability < 1.0 && random.nextDouble() >= probability) {
                    return false;
                }
            }
            return remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
        }

        /** The table whose requests a partial answer withholds: it needs two or more of them. */
        private String partialTable(Call call) {
            for (String name : call.tables) {
                if (table == null || table.equals(name)) {
                    if (call.batchSize(name) >= 2) {
                        return name;
                    }
                }
            }
            return null;
        }

        private int nextInt(int bound) {
            synchronized (random) {
                return random.nextInt(bound);
            }
        }
    }

    private final URI upstream;
    private final long seed;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final HttpClient forwarder;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Injection> injections = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> forwarded = new ConcurrentHashMap<>();
    /** Calls received that name an index, by operation and index: {@code Scan byUsername}. */
    private final Map<String, AtomicLong> indexed = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Signed> signed = new ConcurrentLinkedQueue<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ruleCount = new AtomicInteger();
    private volatile String phase = "";
    private volatile boolean closed;
    private volatile WriteCapacity capacity;

    private FaultProxy(URI upstream, long seed) throws IOException {
        this.upstream = upstream;
        this.seed = seed;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        AtomicInteger threads = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(connections).build();
        // The accepting loop and each connection's task end with the proxy; what one throws ends that connection only.
        var unused = connections.submit(this::accept);
    }

    /** Starts a proxy to {@code upstream} (DynamoDB Local's endpoint); {@code seed} makes its dice repeatable. */
    public static FaultProxy start(URI upstream, long seed) {
        try {
            return new FaultProxy(upstream, seed);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the fault proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Adds a rule, armed unless the caller disarms it. */
    public Rule inject(Fault fault) {
        Rule rule = new Rule(fault, seed * 31 + ruleCount.incrementAndGet());
        rules.add(rule);
        return rule;
    }

    /** Meters every table's writes against {@code capacity} from now on (rules still apply first). */
    public FaultProxy limitWrites(WriteCapacity capacity) {
        this.capacity = capacity;
        return this;
    }

    public void clearRules() {
        rules.clear();
    }

    /** Names what the system under test is doing now, so that injections can be told apart by phase. */
    public void phase(String phase) {
        this.phase = phase;
    }

    public long injected() {
        return injections.size();
    }

    public long injected(Kind kind) {
        return count(i -> i.fault().kind == kind);
    }

    public long count(Predicate<Injection> filter) {
        return injections.stream().filter(filter).count();
    }

    public List<Injection> injections() {
        return List.copyOf(injections);
    }

    public Map<Kind, Long> byKind() {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, injected(kind));
        }
        return counts;
    }

    /** Every request this proxy received, in order: who signed it, and what it asked. */
    public List<Signed> signed() {
        return List.copyOf(signed);
    }

    /** Calls of an operation that named the index {@code index} ({@code IndexName}), received, whatever became of them. */
    public long received(String operation, String index) {
        AtomicLong count = indexed.get(operation + " " + index);
        return count == null ? 0 : count.get();
    }

    /** Calls of an operation that reached DynamoDB Local (in whole or in part). */
    public long forwarded(String operation) {
        AtomicLong count = forwarded.get(operation);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        connections.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                var unused = connections.submit(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("the fault proxy stopped accepting connections", e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
            while (!closed) {
                Request request = Request.read(in, out);
                if (request == null || !handle(request, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        } finally {
            open.remove(client);
            closeQuietly(client);
        }
    }

    /** Answers one request; false when the connection is to be dropped. */
    private boolean handle(Request request, OutputStream out) throws IOException {
        Call call = Call.of(request);
        if (call.body.hasNonNull("IndexName")) {
            indexed.computeIfAbsent(call.operation + " " + call.body.get("IndexName").asText(), k -> new AtomicLong()).incrementAndGet();
        }
        signed.add(new Signed(call.operation, accessKeyId(request.header("Authorization")),
                request.header("X-Amz-Security-Token") != null, Instant.now()));
        Rule rule = null;
        for (Rule candidate : rules) {
            if (candidate.fires(call)) {
                rule = candidate;
                break;
            }
        }
        if (rule == null) {
            WriteCapacity limit = capacity;
            write(out, limit == null ? forward(request, request.body, call.operation)
                    : call.operation.equals("BatchWriteItem") ? metered(request, call, limit)
                    : call.operation.equals("PutItem") || call.operation.equals("DeleteItem") ? meteredOne(request, call, limit)
                    : forward(request, request.body, call.operation));
            return true;
        }
        switch (rule.fault) {
            case DROP_BEFORE_FORWARD -> {
                record(rule, call, String.join(",", call.tables));
                return false;
            }
            case DROP_AFTER_FORWARD -> {
                forward(request, request.body, call.operation);
                record(rule, call, String.join(",", call.tables));
                return false;
            }
            case PARTIAL -> {
                String table = rule.partialTable(call);
                Response response = partial(request, call, table, rule);
                write(out, response);
                return true;
            }
            default -> {
                record(rule, call, String.join(",", call.tables));
                write(out, error(rule.fault));
                return true;
            }
        }
    }

    private void record(Rule rule, Call call, String table) {
        rule.fired.incrementAndGet();
        injections.add(new Injection(rule.fault, call.operation, table, phase));
    }

    /** Forwards part of a batch and answers the rest as unprocessed, the way a throttled partition does. */
    private Response partial(Request request, Call call, String table, Rule rule) throws IOException {
        ObjectNode body = call.body.deepCopy();
        ObjectNode requestItems = (ObjectNode) body.get("RequestItems");
        boolean writes = call.operation.equals("BatchWriteItem");
        ArrayNode all = (ArrayNode) (writes ? requestItems.get(table) : requestItems.get(table).get("Keys"));
        List<JsonNode> kept = new ArrayList<>();
        all.forEach(kept::add);
        int withhold = 1 + rule.nextInt(kept.size() - 1);
        List<JsonNode> withheld = new ArrayList<>();
        for (int i = 0; i < withhold; i++) {
            withheld.add(kept.remove(rule.nextInt(kept.size())));
        }
        ArrayNode forwardedPart = JSON.createArrayNode().addAll(kept);
        if (writes) {
            requestItems.set(table, forwardedPart);
        } else {
            ((ObjectNode) requestItems.get(table)).set("Keys", forwardedPart);
        }
        Response upstreamResponse = forward(request, JSON.writeValueAsBytes(body), call.operation);
        if (upstreamResponse.status != 200) {
            return upstreamResponse;
        }
        ObjectNode answer = (ObjectNode) JSON.readTree(upstreamResponse.body);
        ArrayNode unprocessed = JSON.createArrayNode().addAll(withheld);
        if (writes) {
            answer.withObject("/UnprocessedItems").set(table, unprocessed);
        } else {
            ObjectNode spec = ((ObjectNode) call.body.get("RequestItems").get(table)).deepCopy();
            spec.set("Keys", unprocessed);
            answer.withObject("/UnprocessedKeys").set(table, spec);
        }
        record(rule, call, table);
        return upstreamResponse.withBody(JSON.writeValueAsBytes(answer));
    }

    /**
     * A BatchWriteItem call against provisioned capacity: what the tables' buckets admit goes to
     * DynamoDB Local, the rest comes back unprocessed; a call with nothing admitted is refused with
     * HTTP 400 {@code ProvisionedThroughputExceededException}, as DynamoDB does.
     */
    private Response metered(Request request, Call call, WriteCapacity limit) throws IOException {
        ObjectNode body = call.body.deepCopy();
        ObjectNode requestItems = (ObjectNode) body.get("RequestItems");
        ObjectNode unprocessed = JSON.createObjectNode();
        int admitted = 0;
        for (String table : call.tables) {
            ArrayNode kept = JSON.createArrayNode();
            ArrayNode withheld = JSON.createArrayNode();
            for (JsonNode writeRequest : requestItems.get(table)) {
                (limit.admit(table, writeRequest) ? kept : withheld).add(writeRequest);
            }
            admitted += kept.size();
            if (kept.isEmpty()) {
                requestItems.remove(table);
            } else {
                requestItems.set(table, kept);
            }
            if (!withheld.isEmpty()) {
                unprocessed.set(table, withheld);
            }
        }
        if (admitted == 0) {
            injections.add(new Injection(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, call.operation, String.join(",", call.tables), phase));
            return error(Fault.PROVISIONED_THROUGHPUT_EXCEEDED);
        }
        Response upstreamResponse = forward(request, JSON.writeValueAsBytes(body), call.operation);
        if (upstreamResponse.status != 200 || unprocessed.isEmpty()) {
            return upstreamResponse;
        }
        ObjectNode answer = (ObjectNode) JSON.readTree(upstreamResponse.body);
        unprocessed.fields().forEachRemaining(entry -> answer.withObject("/UnprocessedItems").set(entry.getKey(), entry.getValue()));
        return upstreamResponse.withBody(JSON.writeValueAsBytes(answer));
    }

    /**
     * A PutItem or DeleteItem call (a conditional write's) against provisioned capacity: forwarded if the table's bucket
     * admits it, else refused with HTTP 400 {@code ProvisionedThroughputExceededException}, as DynamoDB does.
     */
    private Response meteredOne(Request request, Call call, WriteCapacity limit) throws IOException {
        String table = call.tables.iterator().next();
        ObjectNode writeRequest = JSON.createObjectNode();
        if (call.operation.equals("PutItem")) {
            writeRequest.putObject("PutRequest").set("Item", call.body.get("Item"));
        } else {
            writeRequest.putObject("DeleteRequest").set("Key", call.body.get("Key"));
        }
        if (!limit.admit(table, writeRequest)) {
            injections.add(new Injection(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, call.operation, table, phase));
            return error(Fault.PROVISIONED_THROUGHPUT_EXCEEDED);
        }
        return forward(request, request.body, call.operation);
    }

    private Response forward(Request request, byte[] body, String operation) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(upstream.toString() + request.target))
                .timeout(Duration.ofSeconds(60))
                .method(request.method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (String[] header : request.headers) {
            if (!NOT_FORWARDED.contains(header[0].toLowerCase(Locale.ROOT))) {
                try {
                    builder.header(header[0], header[1]);
                } catch (IllegalArgumentException restricted) {
                    // a header java.net.http manages itself
                }
            }
        }
        try {
            HttpResponse<byte[]> response = forwarder.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
            List<String[]> headers = new ArrayList<>();
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.startsWith(":") && !NOT_FORWARDED.contains(lower)) {
                    values.forEach(v -> headers.add(new String[] {name, v}));
                }
            });
            return new Response(response.statusCode(), headers, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    private static Response error(Fault fault) {
        ObjectNode body = JSON.createObjectNode().put("__type", fault.type).put("message", fault.message);
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "application/x-amz-json-1.0"});
        headers.add(new String[] {"x-amzn-RequestId", UUID.randomUUID().toString()});
        try {
            return new Response(fault.status, headers, new byte[0]).withBody(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, Response response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status).append(' ').append(reason(response.status))
                .append("\r\n");
        for (String[] header : response.headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        head.append("Content-Length: ").append(response.body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, …" names the key; null when unsigned. */
    private static String accessKeyId(String authorization) {
        int at = authorization == null ? -1 : authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        int slash = authorization.indexOf('/', at);
        return authorization.substring(at + "Credential=".length(), slash < 0 ? authorization.length() : slash);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** An HTTP/1.1 request as read from the client: request line, headers in order, body. */
    @SuppressWarnings("ArrayRecordComponent") // never compared: read once, forwarded once
    private record Request(String method, String target, List<String[]> headers, byte[] body) {

        String header(String name) {
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    return header[1];
                }
            }
            return null;
        }

        /** Null at the end of the connection. */
        static Request read(InputStream in, OutputStream out) throws IOException {
            String line;
            do {
                line = readLine(in);
                if (line == null) {
                    return null;
                }
            } while (line.isEmpty());
            String[] parts = line.split(" ", 3);
            if (parts.length < 2) {
                throw new IOException("not an HTTP request line: " + line);
            }
            List<String[]> headers = new ArrayList<>();
            for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
                int colon = header.indexOf(':');
                headers.add(new String[] {header.substring(0, colon).trim(), header.substring(colon + 1).trim()});
            }
            Request head = new Request(parts[0], parts[1], headers, new byte[0]);
            if ("100-continue".equalsIgnoreCase(head.header("Expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
                body = chunked(in);
            } else {
                String length = head.header("Content-Length");
                body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            }
            return new Request(parts[0], parts[1], headers, body);
        }

        private static byte[] chunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    throw new IOException("connection closed inside a chunked body");
                }
                int length = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (length == 0) {
                    for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
                        // trailers are not needed
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(length));
                readLine(in);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A response to write back; a rewritten body gets a fresh {@code x-amz-crc32}, which the SDK checks. */
    @SuppressWarnings("ArrayRecordComponent") // never compared: written back once
    private record Response(int status, List<String[]> headers, byte[] body) {
        Response withBody(byte[] newBody) {
            CRC32 crc = new CRC32();
            crc.update(newBody);
            List<String[]> rewritten = new ArrayList<>();
            for (String[] header : headers) {
                if (!header[0].equalsIgnoreCase("x-amz-crc32")) {
                    rewritten.add(header);
                }
            }
            rewritten.add(new String[] {"x-amz-crc32", Long.toString(crc.getValue())});
            return new Response(status, rewritten, newBody);
        }
    }

    /** What a request asks DynamoDB: the operation and the tables it names. */
    private record Call(String operation, Set<String> tables, ObjectNode body) {
        static Call of(Request request) throws IOException {
            String target = request.header("X-Amz-Target");
            String operation = target == null ? ""
                    : target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
            Set<String> tables = new LinkedHashSet<>();
            ObjectNode body = JSON.createObjectNode();
            if (request.body.length > 0) {
                JsonNode parsed = JSON.readTree(request.body);
                if (parsed instanceof ObjectNode object) {
                    body = object;
                    if (object.hasNonNull("TableName")) {
                        tables.add(object.get("TableName").asText());
                    }
                    if (object.get("RequestItems") instanceof ObjectNode items) {
                        for (Iterator<String> names = items.fieldNames(); names.hasNext(); ) {
                            tables.add(names.next());
                        }
                    }
                }
            }
            return new Call(operation, Collections.unmodifiableSet(tables), body);
        }

        int batchSize(String table) {
            JsonNode items = body.path("RequestItems").path(table);
            if (operation.equals("BatchWriteItem")) {
                return items.isArray() ? items.size() : 0;
            }
            if (operation.equals("BatchGetItem")) {
                return items.path("Keys").isArray() ? items.path("Keys").size() : 0;
            }
            return 0;
        }
    }
}
