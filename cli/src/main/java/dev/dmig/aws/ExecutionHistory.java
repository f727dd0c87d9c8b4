package dev.dmig.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.executor.Execution;
import dev.dmig.executor.ExecutionListener;
import dev.dmig.executor.ExecutionStatus;
import dev.dmig.executor.StateRecord;
import dev.dmig.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Reads a Step Functions execution history, event by event, into the local executor's terms: one
 * {@link StateRecord} per state attempt with its Map iteration path, told to the same
 * {@link ExecutionListener}s as a local run, and at the end an {@link Execution} whose
 * {@code path()} names the terminal state — so progress lines and verdicts come from one code
 * path, wherever the state machine ran.
 *
 * <p>A history does not say which Map iteration an event belongs to; it links each event to the
 * one before it in the same branch ({@code previousEventId}), except that a
 * {@code MapIterationStarted} may link into a sibling iteration. So the iteration path of an
 * event is its predecessor's, cut to the depth the definition gives the state (or the Map) it
 * names, plus the index a {@code MapIterationStarted} opens.
 */
public final class ExecutionHistory {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionHistory.class);

    private static final Set<String> ATTEMPT_FAILURES = Set.of("LambdaFunctionFailed", "LambdaFunctionTimedOut",
            "LambdaFunctionStartFailed", "LambdaFunctionScheduleFailed", "TaskFailed", "TaskTimedOut", "TaskStartFailed",
            "TaskSubmitFailed", "ActivityFailed", "ActivityTimedOut", "ActivityScheduleFailed", "EvaluationFailed",
            "MapStateFailed");
    private static final Set<String> ATTEMPT_STARTS = Set.of("LambdaFunctionScheduled", "TaskScheduled", "ActivityScheduled");
    private static final Set<String> EXECUTION_ENDS = Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted",
            "ExecutionTimedOut");

    /** One level of Map nesting: which Map, which iteration. */
    private record Frame(String map, int index) {}

    /** The state attempt running in one iteration context, by its index in {@code records}. */
    private static final class Open {
        final int record;
        boolean failed;

        Open(int record) {
            this.record = record;
        }
    }

    private final StateNesting nesting;
    private final List<ExecutionListener> listeners;
    private final Map<Long, List<Frame>> contexts = new HashMap<>();
    private final Map<List<Frame>, Open> open = new LinkedHashMap<>();
    private final List<StateRecord> records = new ArrayList<>();
    /** Each map run the history started, by ARN: the index in {@code records} of the Map state attempt that started it. */
    private final Map<String, Integer> mapRuns = new LinkedHashMap<>();
    private long lastEventId;
    private String lastError;
    private String lastCause;
    private String ending;

    public ExecutionHistory(StateNesting nesting, List<ExecutionListener> listeners) {
        this.nesting = nesting;
        this.listeners = List.copyOf(listeners);
    }

    /** The highest event ID read so far; 0 before the first. */
    public long lastEventId() {
        return lastEventId;
    }

    /** The type of the event that ended the execution ({@code ExecutionSucceeded}, …), or null while it runs. */
    public String ending() {
        return ending;
    }

    /** Reads the next events, in ascending ID order; events already read are skipped. */
    public void addAll(List<HistoryEvent> events) {
        events.forEach(this::add);
    }

    public void add(HistoryEvent event) {
        if (event.id() <= lastEventId) {
            return;
        }
        lastEventId = event.id();
        List<Frame> context = context(event);
        contexts.put(event.id(), context);
        String type = event.typeAsString();
        if (type.endsWith("StateEntered")) {
            entered(event, context, type.substring(0, type.length() - "StateEntered".length()));
        } else if (type.endsWith("StateExited")) {
            exited(event, context);
        } else if (ATTEMPT_FAILURES.contains(type)) {
            String[] failure = failure(event);
            if (failure[0] != null || failure[1] != null) {
                lastError = failure[0];
                lastCause = failure[1];
            }
            failAttempt(context, failure[0] != null ? failure[0] : lastError, failure[0] != null ? failure[1] : lastCause,
                    event.timestamp());
        } else if (type.equals("MapRunStarted")) {
            Open map = open.get(context);
            if (map != null && event.mapRunStartedEventDetails() != null) {
                mapRuns.put(event.mapRunStartedEventDetails().mapRunArn(), map.record);
            }
        } else if (type.equals("MapRunFailed")) {
            lastError = event.mapRunFailedEventDetails() == null ? null : event.mapRunFailedEventDetails().error();
            lastCause = event.mapRunFailedEventDetails() == null ? null : event.mapRunFailedEventDetails().cause();
        } else if (ATTEMPT_STARTS.contains(type)) {
            retried(context, event.timestamp());
        } else if (EXECUTION_ENDS.contains(type)) {
            ended(event, type);
        }
    }

    /** The execution as the local executor would report it; {@code status} is Step Functions' (SUCCEEDED, FAILED, …). */
    public Execution execution(String name, String status, String output, String error, String cause, Instant start,
                               Instant stop) {
        return new Execution(name, "SUCCEEDED".equals(status) ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED,
                json(output), error, cause, List.copyOf(records), start, stop);
    }

    /**
     * The Distributed Map runs started so far, in the order they started, by ARN: each with the Map
     * state attempt that started it (its name and input).
     */
    public Map<String, StateRecord> mapRuns() {
        Map<String, StateRecord> runs = new LinkedHashMap<>();
        mapRuns.forEach((arn, record) -> runs.put(arn, records.get(record)));
        return runs;
    }

    /** The state attempts read so far, in the order they started. */
    public List<StateRecord> records() {
        return List.copyOf(records);
    }

    private List<Frame> context(HistoryEvent event) {
        Long previous = event.previousEventId();
        List<Frame> before = previous == null || previous == 0 ? List.of() : contexts.getOrDefault(previous, List.of());
        String type = event.typeAsString();
        if (type.equals("MapIterationStarted")) {
            String map = event.mapIterationStartedEventDetails().name();
            List<Frame> inner = new ArrayList<>(cut(before, nesting.depth(map)));
            inner.add(new Frame(map, event.mapIterationStartedEventDetails().index()));
            return List.copyOf(inner);
        }
        if (type.startsWith("MapIteration")) {
            String map = iterationOf(event);
            return cut(before, map == null ? -1 : nesting.depth(map));
        }
        if (type.endsWith("StateEntered")) {
            return cut(before, nesting.depth(event.stateEnteredEventDetails().name()));
        }
        if (type.endsWith("StateExited")) {
            return cut(before, nesting.depth(event.stateExitedEventDetails().name()));
        }
        return before;
    }

    private static String iterationOf(HistoryEvent event) {
        if (event.mapIterationSucceededEventDetails() != null) {
            return event.mapIterationSucceededEventDetails().name();
        }
        if (event.mapIterationFailedEventDetails() != null) {
            return event.mapIterationFailedEventDetails().name();
        }
        return event.mapIterationAbortedEventDetails() == null ? null : event.mapIterationAbortedEventDetails().name();
    }

    private static List<Frame> cut(List<Frame> context, int depth) {
        return depth >= 0 && context.size() > depth ? context.subList(0, depth) : context;
    }

    private void entered(HistoryEvent event, List<Frame> context, String stateType) {
        String name = event.stateEnteredEventDetails().name();
        StateRecord record = new StateRecord(event.id(), name, stateType, indexes(context), 0,
                json(event.stateEnteredEventDetails().input()), null, null, null, event.timestamp(), null);
        open.put(context, new Open(records.size()));
        records.add(record);
        tell(listener -> listener.stateEntered(record));
    }

    private void exited(HistoryEvent event, List<Frame> context) {
        Open attempt = open.remove(context);
        if (attempt == null || attempt.failed) {
            // A caught failure: the listeners heard about it when the attempt failed.
            return;
        }
        StateRecord running = records.get(attempt.record);
        StateRecord done = new StateRecord(running.id(), running.stateName(), running.stateType(), running.iterationPath(),
                running.retryCount(), running.input(), json(event.stateExitedEventDetails().output()), null, null,
                running.start(), event.timestamp());
        records.set(attempt.record, done);
        tell(listener -> listener.stateExited(done));
    }

    private void failAttempt(List<Frame> context, String error, String cause, Instant at) {
        Open attempt = open.get(context);
        if (attempt == null || attempt.failed) {
            return;
        }
        attempt.failed = true;
        StateRecord running = records.get(attempt.record);
        StateRecord failed = new StateRecord(running.id(), running.stateName(), running.stateType(), running.iterationPath(),
                running.retryCount(), running.input(), null, error, cause, running.start(), at);
        records.set(attempt.record, failed);
        tell(listener -> listener.stateFailed(failed));
    }

    /** A Retry starts the state's task again: a new attempt, as the local executor records it. */
    private void retried(List<Frame> context, Instant at) {
        Open attempt = open.get(context);
        if (attempt == null || !attempt.failed) {
            return;
        }
        StateRecord before = records.get(attempt.record);
        StateRecord again = new StateRecord(before.id(), before.stateName(), before.stateType(), before.iterationPath(),
                before.retryCount() + 1, before.input(), null, null, null, at, null);
        open.put(context, new Open(records.size()));
        records.add(again);
        tell(listener -> listener.stateEntered(again));
    }

    /** Fail states never exit, and a stopped execution leaves its states running: close them with its error. */
    private void ended(HistoryEvent event, String type) {
        ending = type;
        String error = switch (type) {
            case "ExecutionFailed" -> event.executionFailedEventDetails() == null ? null : event.executionFailedEventDetails().error();
            case "ExecutionAborted" -> event.executionAbortedEventDetails() == null ? null : event.executionAbortedEventDetails().error();
            case "ExecutionTimedOut" -> event.executionTimedOutEventDetails() == null ? null : event.executionTimedOutEventDetails().error();
            default -> null;
        };
        String cause = switch (type) {
            case "ExecutionFailed" -> event.executionFailedEventDetails() == null ? null : event.executionFailedEventDetails().cause();
            case "ExecutionAborted" -> event.executionAbortedEventDetails() == null ? null : event.executionAbortedEventDetails().cause();
            case "ExecutionTimedOut" -> event.executionTimedOutEventDetails() == null ? null : event.executionTimedOutEventDetails().cause();
            default -> null;
        };
        if (type.equals("ExecutionSucceeded")) {
            return;
        }
        String because = error != null ? error : type;
        List<List<Frame>> running = new ArrayList<>(open.keySet());
        Collections.reverse(running);
        for (List<Frame> context : running) {
            failAttempt(context, because, cause, event.timestamp());
        }
        open.clear();
    }

    private static String[] failure(HistoryEvent e) {
        if (e.lambdaFunctionFailedEventDetails() != null) {
            return new String[] {e.lambdaFunctionFailedEventDetails().error(), e.lambdaFunctionFailedEventDetails().cause()};
        }
        if (e.lambdaFunctionTimedOutEventDetails() != null) {
            return new String[] {e.lambdaFunctionTimedOutEventDetails().error(), e.lambdaFunctionTimedOutEventDetails().cause()};
        }
        if (e.lambdaFunctionStartFailedEventDetails() != null) {
            return new String[] {e.lambdaFunctionStartFailedEventDetails().error(), e.lambdaFunctionStartFailedEventDetails().cause()};
        }
        if (e.lambdaFunctionScheduleFailedEventDetails() != null) {
            return new String[] {e.lambdaFunctionScheduleFailedEventDetails().error(),
                    e.lambdaFunctionScheduleFailedEventDetails().cause()};
        }
        if (e.taskFailedEventDetails() != null) {
            return new String[] {e.taskFailedEventDetails().error(), e.taskFailedEventDetails().cause()};
        }
        if (e.taskTimedOutEventDetails() != null) {
            return new String[] {e.taskTimedOutEventDetails().error(), e.taskTimedOutEventDetails().cause()};
        }
        if (e.taskStartFailedEventDetails() != null) {
            return new String[] {e.taskStartFailedEventDetails().error(), e.taskStartFailedEventDetails().cause()};
        }
        if (e.taskSubmitFailedEventDetails() != null) {
            return new String[] {e.taskSubmitFailedEventDetails().error(), e.taskSubmitFailedEventDetails().cause()};
        }
        if (e.activityFailedEventDetails() != null) {
            return new String[] {e.activityFailedEventDetails().error(), e.activityFailedEventDetails().cause()};
        }
        if (e.activityTimedOutEventDetails() != null) {
            return new String[] {e.activityTimedOutEventDetails().error(), e.activityTimedOutEventDetails().cause()};
        }
        if (e.evaluationFailedEventDetails() != null) {
            return new String[] {e.evaluationFailedEventDetails().error(), e.evaluationFailedEventDetails().cause()};
        }
        return new String[] {null, null};
    }

    private static List<Integer> indexes(List<Frame> context) {
        return context.stream().map(Frame::index).toList();
    }

    /** Input and output as the history shows them; a truncated or missing one is null. */
    private static JsonNode json(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Json.tree(text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private void tell(Consumer<ExecutionListener> call) {
        for (ExecutionListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                // As in a local run: progress display never changes what is reported.
                LOG.warn("execution listener {} failed: {}", listener, e.toString());
            }
        }
    }
}
