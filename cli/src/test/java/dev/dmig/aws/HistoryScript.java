package dev.dmig.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Writes a Step Functions execution history the way the service records one, as the JSON of
 * GetExecutionHistory: events numbered from 1, each linked to the one before it in its own branch
 * ({@code previousEventId}); a Lambda task as entered, scheduled, started, succeeded or failed,
 * exited; a Map's iterations with their start and end events — and, as recorded histories show,
 * an iteration's {@code MapIterationStarted} linked to whatever event came last, often inside a
 * sibling iteration. Parallel iterations interleave step by step.
 *
 * <p>Each method takes the ID of the event to follow and returns the ID of its own last event,
 * so scripts read like the path they describe.
 */
public final class HistoryScript {
    private static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:dmig-";

    private final List<ObjectNode> events = new ArrayList<>();
    private Instant clock = Instant.parse("2026-11-22T10:00:00Z");

    /** The events so far, oldest first. */
    public List<ObjectNode> events() {
        return List.copyOf(events);
    }

    /** The same events as the SDK returns them, for tests that need no HTTP. */
    public List<HistoryEvent> sdkEvents() {
        return events.stream().map(HistoryScript::sdk).toList();
    }

    public long last() {
        return events.size();
    }

    public long started(String input) {
        return add("ExecutionStarted", 0, "executionStartedEventDetails",
                details().put("input", input).put("roleArn", "arn:aws:iam::123456789012:role/dmig-state-machine"));
    }

    /** A Task state whose Lambda function succeeds. */
    public long task(long previous, String name, String output) {
        long attempt = attempt(entered(previous, "Task", name), name);
        long done = add("LambdaFunctionSucceeded", attempt, "lambdaFunctionSucceededEventDetails", details().put("output", output));
        return exited(done, "Task", name, output);
    }

    /** A Task state entered whose function has started and not yet returned (an execution still running). */
    public long taskStarted(long previous, String name) {
        return attempt(entered(previous, "Task", name), name);
    }

    /** A Task state whose function fails once, is retried, and then succeeds. */
    public long taskRetried(long previous, String name, String error, String output) {
        long first = attempt(entered(previous, "Task", name), name);
        long failed = add("LambdaFunctionFailed", first, "lambdaFunctionFailedEventDetails", details().put("error", error)
                .put("cause", "{\"errorMessage\":\"first attempt\",\"errorType\":\"" + error + "\"}"));
        long second = attempt(failed, name);
        long done = add("LambdaFunctionSucceeded", second, "lambdaFunctionSucceededEventDetails", details().put("output", output));
        return exited(done, "Task", name, output);
    }

    /** A Task state whose function fails, uncaught here: returns the failure event (a Map's iteration then fails). */
    public long taskFailing(long previous, String name, String error, String cause) {
        long attempt = attempt(entered(previous, "Task", name), name);
        return add("LambdaFunctionFailed", attempt, "lambdaFunctionFailedEventDetails",
                details().put("error", error).put("cause", cause));
    }

    public long choice(long previous, String name) {
        return exited(entered(previous, "Choice", name), "Choice", name, "{}");
    }

    public long pass(long previous, String name) {
        return exited(entered(previous, "Pass", name), "Pass", name, "{}");
    }

    /** A Succeed state, then the end of the execution. */
    public long succeed(long previous, String name) {
        return add("ExecutionSucceeded", succeedState(previous, name), "executionSucceededEventDetails",
                details().put("output", "{}"));
    }

    /** A Succeed state inside a Map iteration: it ends the iteration, not the execution. */
    public long succeedState(long previous, String name) {
        return exited(entered(previous, "Succeed", name), "Succeed", name, "{}");
    }

    /** A Map state entered and started, whose iterations are still to come (an execution still running). */
    public long openMap(long previous, String name, int length) {
        return add("MapStateStarted", entered(previous, "Map", name), "mapStateStartedEventDetails", details().put("length", length));
    }

    public long openIteration(long previous, String map, int index) {
        return add("MapIterationStarted", previous, "mapIterationStartedEventDetails", details().put("name", map).put("index", index));
    }

    /**
     * A Distributed Map state entered with {@code input}, started, and its map run started: its
     * iterations run as child executions, so nothing of them shows in this history.
     */
    public long mapRunStarted(long previous, String name, String input, String mapRunArn) {
        long started = add("MapStateStarted", entered(previous, "Map", name, input), null, null);
        return add("MapRunStarted", started, "mapRunStartedEventDetails", details().put("mapRunArn", mapRunArn));
    }

    /** The map run started at {@code previous} ends, and its Map state succeeds and exits. */
    public long mapRunSucceeded(long previous, String name) {
        long done = add("MapRunSucceeded", previous, null, null);
        return exited(add("MapStateSucceeded", done, null, null), "Map", name, "{}");
    }

    /** The map run started at {@code previous} fails, and so does its Map state: returns the Map's failure event. */
    public long mapRunFailed(long previous, String error, String cause) {
        long failed = add("MapRunFailed", previous, "mapRunFailedEventDetails", details().put("error", error).put("cause", cause));
        return add("MapStateFailed", failed, null, null);
    }

    /** A Fail state, then the end of the execution with the state's error and cause. */
    public long fail(long previous, String name, String error, String cause) {
        long entered = entered(previous, "Fail", name);
        return add("ExecutionFailed", entered, "executionFailedEventDetails", details().put("error", error).put("cause", cause));
    }

    /** The end of an execution stopped with StopExecution. */
    public long aborted(long previous, String error, String cause) {
        return add("ExecutionAborted", previous, "executionAbortedEventDetails", details().put("error", error).put("cause", cause));
    }

    /**
     * A Map state whose iterations all succeed. Each iteration is a list of steps (each takes the
     * event to follow, returns its last); with {@code parallel} they interleave step by step.
     */
    public long map(long previous, String name, boolean parallel, List<List<LongUnaryOperator>> iterations) {
        return map(previous, name, parallel, iterations, -1);
    }

    /**
     * A Map state whose iteration {@code failing} ends in a failure (its last step returns one):
     * the Map fails, its Catch takes it, and it exits.
     */
    public long mapCaught(long previous, String name, boolean parallel, List<List<LongUnaryOperator>> iterations, int failing) {
        return exited(map(previous, name, parallel, iterations, failing), "Map", name, "{\"failure\":{}}");
    }

    /** The same, with no Catch: returns the Map's failure event, and the enclosing iteration fails. */
    public long mapFailing(long previous, String name, boolean parallel, List<List<LongUnaryOperator>> iterations, int failing) {
        return map(previous, name, parallel, iterations, failing);
    }

    private long map(long previous, String name, boolean parallel, List<List<LongUnaryOperator>> iterations, int failing) {
        long started = add("MapStateStarted", entered(previous, "Map", name), "mapStateStartedEventDetails",
                details().put("length", iterations.size()));
        int count = iterations.size();
        long lastEnd = started;
        if (!parallel) {
            // Recorded histories link the next iteration's start to the previous iteration's last state event.
            long before = started;
            for (int i = 0; i < count; i++) {
                long cursor = add("MapIterationStarted", before, "mapIterationStartedEventDetails",
                        details().put("name", name).put("index", i));
                for (LongUnaryOperator step : iterations.get(i)) {
                    cursor = step.applyAsLong(cursor);
                }
                before = cursor;
                lastEnd = end(name, i, cursor, i == failing);
            }
        } else {
            long[] cursor = new long[count];
            int[] next = new int[count];
            boolean[] done = new boolean[count];
            int remaining = count;
            while (remaining > 0) {
                for (int i = 0; i < count; i++) {
                    if (done[i]) {
                        continue;
                    }
                    if (cursor[i] == 0) {
                        // Linked to the latest event, wherever it is: often inside a sibling iteration.
                        cursor[i] = add("MapIterationStarted", last(), "mapIterationStartedEventDetails",
                                details().put("name", name).put("index", i));
                    }
                    List<LongUnaryOperator> steps = iterations.get(i);
                    if (next[i] < steps.size()) {
                        cursor[i] = steps.get(next[i]++).applyAsLong(cursor[i]);
                    }
                    if (next[i] >= steps.size()) {
                        lastEnd = end(name, i, cursor[i], i == failing);
                        done[i] = true;
                        remaining--;
                    }
                }
            }
        }
        if (failing >= 0) {
            return add("MapStateFailed", lastEnd, null, null);
        }
        return exited(add("MapStateSucceeded", lastEnd, null, null), "Map", name, "{}");
    }

    private long end(String name, int index, long previous, boolean failed) {
        return add(failed ? "MapIterationFailed" : "MapIterationSucceeded", previous,
                failed ? "mapIterationFailedEventDetails" : "mapIterationSucceededEventDetails",
                details().put("name", name).put("index", index));
    }

    private long entered(long previous, String type, String name) {
        return entered(previous, type, name, "{\"runId\":\"r\"}");
    }

    private long entered(long previous, String type, String name, String input) {
        return add(type + "StateEntered", previous, "stateEnteredEventDetails", details().put("name", name).put("input", input));
    }

    private long exited(long previous, String type, String name, String output) {
        return add(type + "StateExited", previous, "stateExitedEventDetails", details().put("name", name).put("output", output));
    }

    private long attempt(long previous, String function) {
        long scheduled = add("LambdaFunctionScheduled", previous, "lambdaFunctionScheduledEventDetails",
                details().put("resource", LAMBDA + function).put("input", "{}"));
        return add("LambdaFunctionStarted", scheduled, null, null);
    }

    private long add(String type, long previous, String detailsField, ObjectNode details) {
        clock = clock.plusMillis(250);
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("id", events.size() + 1);
        event.put("previousEventId", previous);
        event.put("type", type);
        event.put("timestamp", new BigDecimal(clock.toEpochMilli()).movePointLeft(3));
        if (detailsField != null) {
            event.set(detailsField, details);
        }
        events.add(event);
        return events.size();
    }

    private static ObjectNode details() {
        return Json.MAPPER.createObjectNode();
    }

    private static HistoryEvent sdk(ObjectNode e) {
        HistoryEvent.Builder b = HistoryEvent.builder().id(e.get("id").asLong()).previousEventId(e.get("previousEventId").asLong())
                .type(e.get("type").asText()).timestamp(Instant.ofEpochMilli(e.get("timestamp").decimalValue().movePointRight(3).longValue()));
        JsonNode d;
        if ((d = e.get("stateEnteredEventDetails")) != null) {
            JsonNode x = d;
            b.stateEnteredEventDetails(s -> s.name(x.get("name").asText()).input(x.path("input").asText(null)));
        }
        if ((d = e.get("stateExitedEventDetails")) != null) {
            JsonNode x = d;
            b.stateExitedEventDetails(s -> s.name(x.get("name").asText()).output(x.path("output").asText(null)));
        }
        if ((d = e.get("mapIterationStartedEventDetails")) != null) {
            JsonNode x = d;
            b.mapIterationStartedEventDetails(s -> s.name(x.get("name").asText()).index(x.get("index").asInt()));
        }
        if ((d = e.get("mapIterationSucceededEventDetails")) != null) {
            JsonNode x = d;
            b.mapIterationSucceededEventDetails(s -> s.name(x.get("name").asText()).index(x.get("index").asInt()));
        }
        if ((d = e.get("mapIterationFailedEventDetails")) != null) {
            JsonNode x = d;
            b.mapIterationFailedEventDetails(s -> s.name(x.get("name").asText()).index(x.get("index").asInt()));
        }
        if ((d = e.get("lambdaFunctionFailedEventDetails")) != null) {
            JsonNode x = d;
            b.lambdaFunctionFailedEventDetails(s -> s.error(x.get("error").asText()).cause(x.get("cause").asText()));
        }
        if ((d = e.get("mapRunStartedEventDetails")) != null) {
            JsonNode x = d;
            b.mapRunStartedEventDetails(s -> s.mapRunArn(x.get("mapRunArn").asText()));
        }
        if ((d = e.get("mapRunFailedEventDetails")) != null) {
            JsonNode x = d;
            b.mapRunFailedEventDetails(s -> s.error(x.get("error").asText()).cause(x.get("cause").asText()));
        }
        if ((d = e.get("executionFailedEventDetails")) != null) {
            JsonNode x = d;
            b.executionFailedEventDetails(s -> s.error(x.get("error").asText()).cause(x.get("cause").asText()));
        }
        if ((d = e.get("executionAbortedEventDetails")) != null) {
            JsonNode x = d;
            b.executionAbortedEventDetails(s -> s.error(x.get("error").asText()).cause(x.get("cause").asText()));
        }
        return b.build();
    }
}
