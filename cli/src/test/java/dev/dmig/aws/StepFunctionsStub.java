package dev.dmig.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmig.json.Json;
import dev.dmig.local.LocalRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A stub of the AWS Step Functions API on a loopback port — a stub because Step Functions cannot
 * run here (no AWS access, and no emulator of it runs without Docker). It speaks the AWS JSON 1.0
 * protocol ({@code X-Amz-Target: AWSStepFunctions.StartExecution}, …), checks the shape of every
 * request — SigV4 signature scope, known operation, allowed fields, the state machine ARN, execution
 * names and ARNs, the input (a JSON object under 256 KB), {@code maxResults} ranges, and that every
 * {@code nextToken} is one it issued for the same operation and arguments — and answers from
 * scripted executions: each StartExecution gets a {@link HistoryScript} whose events are revealed a
 * few per DescribeExecution, so a client sees the execution run; its status follows from its last
 * event. Distributed Map runs that a history starts are listed (ListMapRuns, paged) and described
 * (DescribeMapRun) from scripted {@link MapRunStep}s, or refused as for credentials without those
 * actions.
 *
 * <p>Every request is recorded ({@link #calls()}); every shape it rejects is also recorded
 * ({@link #problems()}) and answered with HTTP 400, so a test sees both the client's failure and why.
 */
public final class StepFunctionsStub implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    public static final String STATE_MACHINE_ARN = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:dmig";
    private static final String EXECUTION_PREFIX = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:dmig:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,80}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)FunctionArn}");
    private static final int MAX_INPUT_BYTES = 256 * 1024;
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "DescribeStateMachine", Set.of("stateMachineArn", "includedData"),
            "StartExecution", Set.of("stateMachineArn", "name", "input", "traceHeader"),
            "DescribeExecution", Set.of("executionArn", "includedData"),
            "GetExecutionHistory", Set.of("executionArn", "maxResults", "reverseOrder", "nextToken", "includeExecutionData"),
            "ListExecutions", Set.of("stateMachineArn", "statusFilter", "maxResults", "nextToken", "mapRunArn", "redriveFilter"),
            "StopExecution", Set.of("executionArn", "error", "cause"),
            "ListMapRuns", Set.of("executionArn", "maxResults", "nextToken"),
            "DescribeMapRun", Set.of("mapRunArn"));
    private static final Set<String> STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");
    private static final Set<String> MAP_RUN_STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED", "ABORTED");
    private static final Set<String> MAP_RUN_ENDS = Set.of("MapRunSucceeded", "MapRunFailed", "MapRunAborted");
    private static final Pattern MAP_RUN_ARN =
            Pattern.compile("arn:aws:states:" + REGION + ":" + ACCOUNT + ":mapRun:dmig/[A-Za-z0-9_-]{1,80}:[0-9a-f-]{36}");

    /** One request as received: the operation and its JSON body. */
    public record Call(String operation, ObjectNode body) {}

    /** What one DescribeMapRun of a scripted map run answers: its status and item counts. */
    public record MapRunStep(String status, long pending, long running, long succeeded, long failed, long total) {
        public MapRunStep {
            if (!MAP_RUN_STATUSES.contains(status) || pending + running + succeeded + failed != total) {
                throw new IllegalArgumentException("not a map run's status and counts: " + status + " " + pending + "+"
                        + running + "+" + succeeded + "+" + failed + " != " + total);
            }
        }

        /** A map run under way: the items neither running nor done are pending. */
        public static MapRunStep running(long succeeded, long running, long failed, long total) {
            return new MapRunStep("RUNNING", total - succeeded - running - failed, running, succeeded, failed, total);
        }

        /** A map run that ended: every item succeeded or failed. */
        public static MapRunStep ended(String status, long succeeded, long failed) {
            return new MapRunStep(status, 0, 0, succeeded, failed, succeeded + failed);
        }
    }

    /** An execution the stub holds: its scripted history and how much of it has been revealed. */
    private static final class Held {
        final String arn;
        final String name;
        final String input;
        final Instant start;
        final HistoryScript script;
        final int revealPerPoll;
        int revealed;

        Held(String name, String input, Instant start, HistoryScript script, int revealPerPoll) {
            this.arn = EXECUTION_PREFIX + name;
            this.name = name;
            this.input = input;
            this.start = start;
            this.script = script;
            this.revealPerPoll = revealPerPoll;
            this.revealed = revealPerPoll == Integer.MAX_VALUE ? script.events().size() : 0;
        }

        List<ObjectNode> visible() {
            return script.events().subList(0, Math.min(revealed, script.events().size()));
        }

        ObjectNode end() {
            List<ObjectNode> visible = visible();
            ObjectNode last = visible.isEmpty() ? null : visible.get(visible.size() - 1);
            return last != null && last.get("type").asText().matches("Execution(Succeeded|Failed|Aborted|TimedOut)") ? last : null;
        }

        String status() {
            ObjectNode end = end();
            if (end == null) {
                return "RUNNING";
            }
            return switch (end.get("type").asText()) {
                case "ExecutionSucceeded" -> "SUCCEEDED";
                case "ExecutionFailed" -> "FAILED";
                case "ExecutionAborted" -> "ABORTED";
                default -> "TIMED_OUT";
            };
        }
    }

    /** What a pagination token was issued for: the next page continues after {@code boundary}. */
    private record Token(String operation, String subject, String arguments, long boundary) {}

    private final HttpServer server;
    private final String definition;
    private final Map<String, Held> executions = new LinkedHashMap<>();
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<MapRunStep>> mapRuns = new LinkedHashMap<>();
    private final Map<String, Integer> described = new LinkedHashMap<>();
    private boolean mapRunsDenied;
    private int mapRunPageSize = 100;
    private BiFunction<String, JsonNode, HistoryScript> scripts = (name, input) -> null;
    private int revealPerPoll = Integer.MAX_VALUE;
    private int historyPageSize = 1000;
    private int listPageSize = 100;
    private long eventsServed;
    private Instant clock = Instant.parse("2026-11-22T09:00:00Z");

    public StepFunctionsStub() throws IOException {
        // The deployed definition is the bundled file with every placeholder bound to a function ARN.
        this.definition = PLACEHOLDER.matcher(LocalRunner.bundledDefinition())
                .replaceAll("arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:dmig-$1");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How the stub scripts each StartExecution, by execution name and input; null refuses it as a problem. */
    public synchronized StepFunctionsStub scripts(BiFunction<String, JsonNode, HistoryScript> scripts) {
        this.scripts = scripts;
        return this;
    }

    /** Reveals this many more events of a started execution at each DescribeExecution (default: all at once). */
    public synchronized StepFunctionsStub revealPerPoll(int events) {
        this.revealPerPoll = events;
        return this;
    }

    /** At most this many events per GetExecutionHistory page (the service's own limit is 1000). */
    public synchronized StepFunctionsStub historyPageSize(int events) {
        this.historyPageSize = events;
        return this;
    }

    public synchronized StepFunctionsStub listPageSize(int executions) {
        this.listPageSize = executions;
        return this;
    }

    /**
     * Scripts the map run whose {@code MapRunStarted} event an execution's history shows with this
     * ARN: each DescribeMapRun answers the next step (the last one repeats). As a parent execution
     * waits for its map run, the history is revealed no further than the map run's end event until
     * a client has been answered the last step.
     */
    public synchronized StepFunctionsStub mapRun(String mapRunArn, MapRunStep... steps) {
        if (!MAP_RUN_ARN.matcher(mapRunArn).matches() || steps.length == 0) {
            throw new IllegalArgumentException("a map run needs an ARN like Step Functions' and at least one step: " + mapRunArn);
        }
        mapRuns.put(mapRunArn, List.of(steps));
        return this;
    }

    /** At most this many map runs per ListMapRuns page. */
    public synchronized StepFunctionsStub mapRunPageSize(int runs) {
        this.mapRunPageSize = runs;
        return this;
    }

    /** ListMapRuns and DescribeMapRun answer AccessDeniedException, as for credentials without those actions. */
    public synchronized StepFunctionsStub denyMapRuns() {
        this.mapRunsDenied = true;
        return this;
    }

    /** An execution that was started earlier (not by the test's client), fully revealed. */
    public synchronized String existing(String name, String input, HistoryScript script) {
        clock = clock.plusSeconds(60);
        Held held = new Held(name, input, clock, script, Integer.MAX_VALUE);
        executions.put(held.arn, held);
        return held.arn;
    }

    /**
     * An execution that was started earlier, of which Step Functions has recorded only the first {@code shown} events of
     * its script so far: it shows no more, however often it is polled, until {@link #revealAll} shows the rest.
     */
    public synchronized String existing(String name, String input, HistoryScript script, int shown) {
        clock = clock.plusSeconds(60);
        Held held = new Held(name, input, clock, script, 0);
        held.revealed = Math.min(shown, script.events().size());
        executions.put(held.arn, held);
        return held.arn;
    }

    /** Shows the whole scripted history of an execution held at fewer events. */
    public synchronized void revealAll(String name) {
        Held held = executions.get(EXECUTION_PREFIX + name);
        if (held == null) {
            throw new IllegalArgumentException("no execution named " + name);
        }
        held.revealed = held.script.events().size();
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String operation) {
        return calls().stream().filter(c -> c.operation().equals(operation)).toList();
    }

    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** History events sent to clients so far, over all pages. */
    public synchronized long eventsServed() {
        return eventsServed;
    }

    public static String executionArn(String name) {
        return EXECUTION_PREFIX + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith("AWSStepFunctions.")
                    ? target.substring("AWSStepFunctions.".length()) : String.valueOf(target);
            ObjectNode request;
            try {
                JsonNode parsed = Json.tree(body);
                request = parsed instanceof ObjectNode object ? object : null;
            } catch (RuntimeException e) {
                request = null;
            }
            calls.add(new Call(operation, request));
            Answer answer;
            try {
                checkEnvelope(exchange, operation, request);
                synchronized (this) {
                    answer = new Answer(200, answer(operation, request));
                }
            } catch (Refused refused) {
                if (refused.problem) {
                    problems.add(operation + ": " + refused.getMessage());
                }
                ObjectNode error = Json.MAPPER.createObjectNode().put("__type", refused.code).put("message", refused.getMessage());
                exchange.getResponseHeaders().add("x-amzn-ErrorType", refused.code + ":");
                answer = new Answer(400, error);
            }
            byte[] response = Json.bytes(answer.body);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(answer.status, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        }
    }

    private record Answer(int status, ObjectNode body) {}

    /** A request the stub answers with an AWS error; {@code problem}: a malformed request, as opposed to a refusal Step Functions itself would make. */
    private static final class Refused extends RuntimeException {
        final String code;
        final boolean problem;

        Refused(String code, String message, boolean problem) {
            super(message);
            this.code = code;
            this.problem = problem;
        }
    }

    private static Refused problem(String message) {
        return new Refused("ValidationException", message, true);
    }

    private static void checkEnvelope(HttpExchange exchange, String operation, ObjectNode request) {
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/")) {
            throw problem("expected POST /, got " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"application/x-amz-json-1.0".equals(contentType)) {
            throw problem("Content-Type must be application/x-amz-json-1.0, not " + contentType);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.matches(
                "AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/" + REGION + "/states/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}")) {
            throw problem("not signed with SigV4 for states in " + REGION + ", or X-Amz-Target not signed: " + authorization);
        }
        if (!FIELDS.containsKey(operation)) {
            throw problem("unknown operation " + operation);
        }
        if (request == null) {
            throw problem("the body is not a JSON object");
        }
        request.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.get(operation).contains(field)) {
                throw problem("unknown field " + field);
            }
        });
    }

    private ObjectNode answer(String operation, ObjectNode request) {
        return switch (operation) {
            case "DescribeStateMachine" -> describeStateMachine(request);
            case "StartExecution" -> startExecution(request);
            case "DescribeExecution" -> describeExecution(request);
            case "GetExecutionHistory" -> getExecutionHistory(request);
            case "ListExecutions" -> listExecutions(request);
            case "StopExecution" -> stopExecution(request);
            case "ListMapRuns" -> listMapRuns(request);
            case "DescribeMapRun" -> describeMapRun(request);
            default -> throw problem("unknown operation " + operation);
        };
    }

    private ObjectNode describeStateMachine(ObjectNode request) {
        stateMachine(request);
        return Json.MAPPER.createObjectNode().put("stateMachineArn", STATE_MACHINE_ARN).put("name", "dmig").put("status", "ACTIVE")
                .put("definition", definition).put("roleArn", "arn:aws:iam::" + ACCOUNT + ":role/dmig-state-machine")
                .put("type", "STANDARD").put("creationDate", seconds(Instant.parse("2026-11-01T00:00:00Z")));
    }

    private ObjectNode startExecution(ObjectNode request) {
        stateMachine(request);
        String name = required(request, "name");
        if (!NAME.matcher(name).matches()) {
            throw problem("execution name '" + name + "' is not 1-80 letters, digits, '.', '_' or '-'");
        }
        String input = required(request, "input");
        if (input.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            throw problem("input over 256 KB");
        }
        JsonNode parsed;
        try {
            parsed = Json.tree(input.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw problem("input is not JSON: " + e.getMessage());
        }
        if (!parsed.isObject()) {
            throw problem("input is not a JSON object: " + input);
        }
        if (executions.containsKey(EXECUTION_PREFIX + name)) {
            throw new Refused("ExecutionAlreadyExists", "Execution Already Exists: '" + EXECUTION_PREFIX + name + "'", false);
        }
        HistoryScript script = scripts.apply(name, parsed);
        if (script == null) {
            throw problem("no script for an execution named " + name + " with input " + input);
        }
        clock = clock.plusSeconds(60);
        Held held = new Held(name, input, clock, script, revealPerPoll);
        executions.put(held.arn, held);
        return Json.MAPPER.createObjectNode().put("executionArn", held.arn).put("startDate", seconds(held.start));
    }

    private ObjectNode describeExecution(ObjectNode request) {
        Held held = execution(request);
        if (held.revealPerPoll != Integer.MAX_VALUE) {
            held.revealed = waitForMapRuns(held, held.revealed + held.revealPerPoll);
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("executionArn", held.arn).put("stateMachineArn", STATE_MACHINE_ARN)
                .put("name", held.name).put("status", held.status()).put("startDate", seconds(held.start)).put("input", held.input);
        ObjectNode end = held.end();
        if (end != null) {
            answer.put("stopDate", end.get("timestamp").decimalValue());
            JsonNode details = end.path("executionSucceededEventDetails");
            if (details.has("output")) {
                answer.put("output", details.get("output").asText());
            }
            for (String field : List.of("executionFailedEventDetails", "executionAbortedEventDetails", "executionTimedOutEventDetails")) {
                if (end.has(field)) {
                    answer.put("error", end.get(field).path("error").asText());
                    answer.put("cause", end.get(field).path("cause").asText());
                }
            }
        }
        return answer;
    }

    private ObjectNode getExecutionHistory(ObjectNode request) {
        Held held = execution(request);
        int maxResults = maxResults(request);
        boolean reverse = request.path("reverseOrder").asBoolean(false);
        boolean data = request.path("includeExecutionData").asBoolean(true);
        String arguments = "maxResults=" + maxResults + " reverseOrder=" + reverse + " includeExecutionData=" + data;
        long boundary = reverse ? Long.MAX_VALUE : 0;
        if (request.hasNonNull("nextToken")) {
            boundary = token(request, "GetExecutionHistory", held.arn, arguments).boundary();
        }
        List<ObjectNode> visible = new ArrayList<>(held.visible());
        if (reverse) {
            Collections.reverse(visible);
        }
        int pageSize = Math.min(maxResults, historyPageSize);
        ArrayNode events = Json.MAPPER.createArrayNode();
        long last = boundary;
        boolean more = false;
        for (ObjectNode event : visible) {
            long id = event.get("id").asLong();
            if (reverse ? id >= boundary : id <= boundary) {
                continue;
            }
            if (events.size() == pageSize) {
                more = true;
                break;
            }
            ObjectNode copy = event.deepCopy();
            if (!data) {
                copy.fields().forEachRemaining(field -> {
                    if (field.getValue().isObject()) {
                        ((ObjectNode) field.getValue()).remove(List.of("input", "output"));
                    }
                });
            }
            events.add(copy);
            last = id;
        }
        eventsServed += events.size();
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("events", events);
        if (more) {
            answer.put("nextToken", issue(new Token("GetExecutionHistory", held.arn, arguments, last)));
        }
        return answer;
    }

    private ObjectNode listExecutions(ObjectNode request) {
        stateMachine(request);
        int maxResults = maxResults(request);
        String filter = request.hasNonNull("statusFilter") ? request.get("statusFilter").asText() : null;
        if (filter != null && !STATUSES.contains(filter)) {
            throw problem("statusFilter " + filter + " is not a status");
        }
        String arguments = "maxResults=" + maxResults + " statusFilter=" + filter;
        long skip = request.hasNonNull("nextToken") ? token(request, "ListExecutions", STATE_MACHINE_ARN, arguments).boundary() : 0;
        List<Held> newestFirst = new ArrayList<>(executions.values());
        Collections.reverse(newestFirst);
        List<Held> matching = newestFirst.stream().filter(h -> filter == null || h.status().equals(filter)).toList();
        int pageSize = Math.min(maxResults, listPageSize);
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (Held held : matching.subList((int) Math.min(skip, matching.size()), (int) Math.min(skip + pageSize, matching.size()))) {
            ObjectNode item = items.addObject().put("executionArn", held.arn).put("stateMachineArn", STATE_MACHINE_ARN)
                    .put("name", held.name).put("status", held.status()).put("startDate", seconds(held.start));
            if (held.end() != null) {
                item.put("stopDate", held.end().get("timestamp").decimalValue());
            }
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("executions", items);
        if (skip + pageSize < matching.size()) {
            answer.put("nextToken", issue(new Token("ListExecutions", STATE_MACHINE_ARN, arguments, skip + pageSize)));
        }
        return answer;
    }

    /** How far the history may be revealed: not past the end of a map run whose scripted steps are not all answered. */
    private int waitForMapRuns(Held held, int revealed) {
        List<ObjectNode> events = held.script.events();
        for (int i = 0; i < Math.min(revealed, events.size()); i++) {
            if (MAP_RUN_ENDS.contains(events.get(i).get("type").asText())) {
                String arn = mapRunStartedBy(events, events.get(i).get("previousEventId").asInt());
                List<MapRunStep> steps = mapRuns.get(arn);
                if (steps != null && described.getOrDefault(arn, 0) < steps.size()) {
                    return i;
                }
            }
        }
        return revealed;
    }

    private static String mapRunStartedBy(List<ObjectNode> events, int eventId) {
        JsonNode started = eventId < 1 ? null : events.get(eventId - 1).get("mapRunStartedEventDetails");
        return started == null ? null : started.get("mapRunArn").asText();
    }

    /** The map runs the execution's history has shown starting, oldest first. */
    private static List<String> startedMapRuns(Held held) {
        return held.visible().stream().filter(e -> e.get("type").asText().equals("MapRunStarted"))
                .map(e -> e.get("mapRunStartedEventDetails").get("mapRunArn").asText()).toList();
    }

    private ObjectNode listMapRuns(ObjectNode request) {
        Held held = execution(request);
        int maxResults = maxResults(request);
        if (mapRunsDenied) {
            throw denied("states:ListMapRuns", held.arn);
        }
        String arguments = "maxResults=" + maxResults;
        long skip = request.hasNonNull("nextToken") ? token(request, "ListMapRuns", held.arn, arguments).boundary() : 0;
        List<String> started = startedMapRuns(held);
        int pageSize = Math.min(maxResults, mapRunPageSize);
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (String arn : started.subList((int) Math.min(skip, started.size()), (int) Math.min(skip + pageSize, started.size()))) {
            ObjectNode item = items.addObject().put("executionArn", held.arn).put("mapRunArn", arn)
                    .put("stateMachineArn", STATE_MACHINE_ARN).put("startDate", seconds(held.start));
            if (!current(arn).status().equals("RUNNING")) {
                item.put("stopDate", seconds(clock));
            }
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("mapRuns", items);
        if (skip + pageSize < started.size()) {
            answer.put("nextToken", issue(new Token("ListMapRuns", held.arn, arguments, skip + pageSize)));
        }
        return answer;
    }

    private ObjectNode describeMapRun(ObjectNode request) {
        String arn = required(request, "mapRunArn");
        if (!MAP_RUN_ARN.matcher(arn).matches()) {
            throw problem("not a map run ARN of this state machine: " + arn);
        }
        if (mapRunsDenied) {
            throw denied("states:DescribeMapRun", arn);
        }
        Held held = executions.values().stream().filter(h -> startedMapRuns(h).contains(arn)).findFirst()
                .orElseThrow(() -> new Refused("ResourceNotFound", "Map Run Does Not Exist: '" + arn + "'", false));
        List<MapRunStep> steps = mapRuns.get(arn);
        if (steps == null) {
            throw problem("no script for map run " + arn);
        }
        int answered = described.merge(arn, 1, Integer::sum);
        MapRunStep step = steps.get(Math.min(answered, steps.size()) - 1);
        ObjectNode answer = Json.MAPPER.createObjectNode().put("mapRunArn", arn).put("executionArn", held.arn)
                .put("status", step.status()).put("startDate", seconds(held.start)).put("maxConcurrency", 1000)
                .put("toleratedFailurePercentage", 0).put("toleratedFailureCount", 0);
        if (!step.status().equals("RUNNING")) {
            answer.put("stopDate", seconds(clock));
        }
        for (String field : List.of("itemCounts", "executionCounts")) {
            answer.putObject(field).put("pending", step.pending()).put("running", step.running())
                    .put("succeeded", step.succeeded()).put("failed", step.failed()).put("timedOut", 0).put("aborted", 0)
                    .put("total", step.total()).put("resultsWritten", 0).put("failuresNotRedrivable", 0).put("pendingRedrive", 0);
        }
        return answer;
    }

    /** The step a map run is at: the last one answered, or the first before any. */
    private MapRunStep current(String arn) {
        List<MapRunStep> steps = mapRuns.get(arn);
        if (steps == null) {
            throw problem("no script for map run " + arn);
        }
        return steps.get(Math.max(0, Math.min(described.getOrDefault(arn, 0), steps.size()) - 1));
    }

    private static Refused denied(String action, String resource) {
        return new Refused("AccessDeniedException", "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/operator/dmig is not "
                + "authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action", false);
    }

    private ObjectNode stopExecution(ObjectNode request) {
        Held held = execution(request);
        String error = request.path("error").asText("");
        String cause = request.path("cause").asText("");
        if (error.length() > 256 || cause.length() > 32768) {
            throw problem("error over 256 or cause over 32768 characters");
        }
        if (!held.status().equals("RUNNING")) {
            throw new Refused("ExecutionNotRunning", "Execution " + held.arn + " is not running", false);
        }
        held.revealed = held.script.events().size();
        held.script.aborted(held.script.last(), error, cause);
        held.revealed = held.script.events().size();
        return Json.MAPPER.createObjectNode().put("stopDate", seconds(clock.plusSeconds(30)));
    }

    private static void stateMachine(ObjectNode request) {
        String arn = required(request, "stateMachineArn");
        if (!arn.equals(STATE_MACHINE_ARN)) {
            throw new Refused("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'", false);
        }
    }

    private Held execution(ObjectNode request) {
        String arn = required(request, "executionArn");
        Held held = executions.get(arn);
        if (held == null && arn.startsWith(EXECUTION_PREFIX) && NAME.matcher(arn.substring(EXECUTION_PREFIX.length())).matches()) {
            throw new Refused("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'", false);
        }
        if (held == null) {
            throw problem("not an execution ARN of this state machine: " + arn);
        }
        return held;
    }

    private static int maxResults(ObjectNode request) {
        int maxResults = request.path("maxResults").asInt(0);
        if (maxResults < 0 || maxResults > 1000) {
            throw problem("maxResults " + maxResults + " is not 0-1000");
        }
        return maxResults == 0 ? 100 : maxResults;
    }

    private String issue(Token token) {
        String text = UUID.randomUUID().toString();
        tokens.put(text, token);
        return text;
    }

    /** The token's state, if the stub issued it for this operation, subject and arguments ("keep all other arguments unchanged"). */
    private Token token(ObjectNode request, String operation, String subject, String arguments) {
        Token token = tokens.get(request.get("nextToken").asText());
        if (token == null) {
            throw problem("nextToken " + request.get("nextToken").asText() + " was never issued");
        }
        if (!token.operation().equals(operation) || !token.subject().equals(subject) || !token.arguments().equals(arguments)) {
            throw problem("nextToken was issued for " + token.operation() + " " + token.subject() + " " + token.arguments()
                    + ", not " + operation + " " + subject + " " + arguments);
        }
        return token;
    }

    private static String required(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw problem("missing " + field);
        }
        return value.asText();
    }

    private static BigDecimal seconds(Instant instant) {
        return new BigDecimal(instant.toEpochMilli()).movePointLeft(3);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
