package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a state machine. State data is never mutated in place (writes copy), so Map
 * iterations share it across threads safely.
 */
final class Run {
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    private final Executor executor;
    private final StateMachine machine;
    private final String executionName;
    private final AtomicLong recordIds = new AtomicLong();
    private final Queue<StateRecord> records = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads;
    private final JsonNode executionInput;
    private final Instant start;
    private final ContextObject.Fixed context;
    private final HistoryBudget historyBudget;
    /** Events of each Distributed Map child execution, in the order they ended. */
    private final Queue<Long> childHistoryEvents = new ConcurrentLinkedQueue<>();
    private final MapIterations maps;
    /** Cancelled by {@link #stop}: every frame's token descends from it. */
    private final Cancellation root = Cancellation.root();
    /** Why the execution was stopped from outside; null while it was not. */
    private volatile Outcome.Aborted stopped;

    Run(Executor executor, StateMachine machine, String executionName, JsonNode input) {
        this.executor = executor;
        this.machine = machine;
        this.executionName = executionName;
        this.executionInput = input;
        this.start = executor.clock.instant();
        this.context = ContextObject.Fixed.of(machine.name(), executionName, input, start);
        this.historyBudget = executor.historyBudget();
        AtomicInteger threadCount = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dmig-" + executionName + "-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.maps = new MapIterations(executor, threads, this::runGraph, childHistoryEvents);
    }

    Execution execute() {
        Outcome outcome;
        try {
            int size = JsonValues.utf8Size(executionInput);
            outcome = size > Executor.MAX_PAYLOAD_BYTES
                    ? new Outcome.Failed(StateFailure.DATA_LIMIT_EXCEEDED, "The execution input is " + size
                            + " bytes, more than the " + Executor.MAX_PAYLOAD_BYTES + " bytes Step Functions allows")
                    : runExecution();
        } finally {
            if (executor.strict) {
                // Map iterations abandoned by a failed Map finish their running task, as Lambda invocations do.
                threads.shutdown();
                executor.draining(threads);
            } else {
                // Tasks abandoned by a timeout may still run; interrupt them rather than leak them.
                threads.shutdownNow();
            }
        }
        List<StateRecord> history = records.stream().sorted(Comparator.comparingLong(StateRecord::id)).toList();
        Instant end = executor.clock.instant();
        List<Long> children = List.copyOf(childHistoryEvents);
        if (outcome instanceof Outcome.Succeeded succeeded) {
            return new Execution(executionName, ExecutionStatus.SUCCEEDED, succeeded.output(), null, null, history,
                    start, end, historyBudget.events(), children);
        }
        if (outcome instanceof Outcome.Aborted aborted) {
            return new Execution(executionName, ExecutionStatus.ABORTED, null, aborted.error(), aborted.cause(), history,
                    start, end, historyBudget.events(), children);
        }
        Outcome.Failed failed = (Outcome.Failed) outcome;
        return new Execution(executionName, ExecutionStatus.FAILED, null, failed.error(), failed.cause(), history,
                start, end, historyBudget.events(), children);
    }

    /** See {@link Executor#stop}. */
    void stop(String error, String cause) {
        if (stopped == null) {
            stopped = new Outcome.Aborted(error, cause);
        }
        root.cancel();
    }

    /** The root graph between the execution's own started and ended events. */
    private Outcome runExecution() {
        Frame top = new Frame(List.of(), root, historyBudget);
        Outcome outcome;
        try {
            historyBudget.add(1);
            outcome = runGraph(machine.graph(), executionInput, top);
            historyBudget.add(1);
        } catch (StateFailure failure) {
            outcome = new Outcome.Failed(failure.error(), failure.errorCause());
        }
        // Stopped from outside: whatever the states did after the stop, the execution ends aborted.
        return stopped != null ? stopped : outcome;
    }

    /**
     * Where states run: the Map iteration indexes, the token that stops the iteration early, and the
     * history its events go to (a Distributed Map's iteration is a child execution with its own).
     */
    record Frame(List<Integer> iterationPath, Cancellation cancellation, HistoryBudget history) {
        Frame iteration(int index, Cancellation mapCancellation, HistoryBudget iterationHistory) {
            List<Integer> path = new ArrayList<>(iterationPath);
            path.add(index);
            return new Frame(List.copyOf(path), mapCancellation, iterationHistory);
        }
    }

    sealed interface Outcome {
        record Succeeded(JsonNode output) implements Outcome {
        }

        record Failed(String error, String cause) implements Outcome {
        }

        /** A sibling Map iteration failed, or the execution was stopped, so this one stopped at a state boundary. */
        record Cancelled() implements Outcome {
        }

        /** The execution was stopped from outside. */
        record Aborted(String error, String cause) implements Outcome {
        }
    }

    /** Where a state leads: {@code next} is null when the state ends its scope. */
    record Step(String next, JsonNode output) {
    }

    /** Unwinds an iteration whose Map was cancelled; it is not an error any catcher sees. */
    static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledException() {
            super("cancelled", null, false, false);
        }
    }

    Outcome runGraph(StateGraph graph, JsonNode input, Frame frame) {
        String name = graph.startAt();
        JsonNode data = input;
        while (true) {
            if (frame.cancellation().isCancelled()) {
                return new Outcome.Cancelled();
            }
            Step step;
            try {
                step = runState(graph.state(name), data, frame);
            } catch (StateFailure failure) {
                return new Outcome.Failed(failure.error(), failure.errorCause());
            } catch (CancelledException cancelled) {
                return new Outcome.Cancelled();
            }
            if (step.next() == null) {
                return new Outcome.Succeeded(step.output());
            }
            name = step.next();
            data = step.output();
        }
    }

    /** Runs a state with its retriers and catchers; a failure nothing handles is thrown. */
    private Step runState(State state, JsonNode input, Frame frame) {
        Instant entered = executor.clock.instant();
        List<State.Retrier> retriers = retriers(state);
        // The ASL spec's own example counts MaxAttempts per retrier and error name, but grows the
        // interval with every retry the retrier makes, whatever the error.
        int[] retriesByRetrier = new int[retriers.size()];
        List<Map<String, Integer>> retriesByError = new ArrayList<>();
        retriers.forEach(retrier -> retriesByError.add(new HashMap<>()));
        int retryCount = 0;
        frame.history().add(1);
        while (true) {
            StateRecord record = enter(state, input, frame, retryCount);
            ObjectNode contextObject = context.forState(state.name(), entered, retryCount);
            try {
                Step step = attempt(state, input, contextObject, frame, retryCount);
                checkSize(state, "output", step.output());
                frame.history().add(1);
                exit(record.succeeded(step.output(), executor.clock.instant()));
                return step;
            } catch (CancelledException cancelled) {
                fail(record.failed(null, stopped != null ? "Cancelled: the execution was stopped"
                        : "Cancelled: another iteration of an enclosing Map failed", executor.clock.instant()));
                throw cancelled;
            } catch (StateFailure failure) {
                fail(record.failed(failure.error(), failure.errorCause(), executor.clock.instant()));
                if (stopped != null) {
                    // A stopped execution neither retries nor catches: no recovery path starts after the stop.
                    throw new CancelledException();
                }
                int index = matchingRetrier(retriers, failure.error());
                if (index >= 0 && retriesByError.get(index).merge(String.valueOf(failure.error()), 1, Integer::sum)
                        <= retriers.get(index).maxAttempts()) {
                    retriesByRetrier[index]++;
                    sleep(retryDelay(retriers.get(index), retriesByRetrier[index]));
                    if (frame.cancellation().isCancelled()) {
                        throw new CancelledException();
                    }
                    retryCount++;
                    continue;
                }
                for (State.Catcher catcher : catchers(state)) {
                    if (State.matches(catcher.errorEquals(), failure.error())) {
                        JsonNode output = catcher.resultPath().combine(input, errorOutput(failure));
                        checkSize(state, "output", output);
                        frame.history().add(1);
                        return new Step(catcher.next(), output);
                    }
                }
                throw failure;
            }
        }
    }

    private static int matchingRetrier(List<State.Retrier> retriers, String error) {
        for (int i = 0; i < retriers.size(); i++) {
            if (State.matches(retriers.get(i).errorEquals(), error)) {
                return i;
            }
        }
        return -1;
    }

    /** IntervalSeconds × BackoffRate^(n-1) for the n-th retry, capped, then fully jittered if asked. */
    private Duration retryDelay(State.Retrier retrier, int retryNumber) {
        double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), retryNumber - 1);
        if (retrier.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, retrier.maxDelaySeconds());
        }
        if (retrier.fullJitter()) {
            seconds *= executor.jitter.getAsDouble();
        }
        return Duration.ofNanos(Math.round(seconds * 1_000_000_000L));
    }

    private static JsonNode errorOutput(StateFailure failure) {
        ObjectNode output = JsonValues.MAPPER.createObjectNode();
        if (failure.error() != null) {
            output.put("Error", failure.error());
        }
        if (failure.errorCause() != null) {
            output.put("Cause", failure.errorCause());
        }
        return output;
    }

    private static List<State.Retrier> retriers(State state) {
        if (state instanceof State.Task task) {
            return task.retriers();
        }
        return state instanceof State.Map map ? map.retriers() : List.of();
    }

    private static List<State.Catcher> catchers(State state) {
        if (state instanceof State.Task task) {
            return task.catchers();
        }
        return state instanceof State.Map map ? map.catchers() : List.of();
    }

    private Step attempt(State state, JsonNode input, ObjectNode contextObject, Frame frame, int retryCount) {
        if (state instanceof State.Task task) {
            return task(task, input, contextObject, frame, retryCount);
        } else if (state instanceof State.Pass pass) {
            return pass(pass, input, contextObject);
        } else if (state instanceof State.Choice choice) {
            return choice(choice, input, contextObject);
        } else if (state instanceof State.Map map) {
            return maps.run(map, input, contextObject, frame);
        } else if (state instanceof State.Succeed succeed) {
            JsonNode effective = succeed.inputPath().apply(input, contextObject);
            return new Step(null, succeed.outputPath().apply(effective, contextObject));
        } else if (state instanceof State.Fail fail) {
            throw new StateFailure(failText(fail.error(), fail.errorPath(), "ErrorPath", input, contextObject),
                    failText(fail.cause(), fail.causePath(), "CausePath", input, contextObject));
        }
        throw new IllegalStateException("unhandled state type " + state.type());
    }

    private Step task(State.Task task, JsonNode input, ObjectNode contextObject, Frame frame, int retryCount) {
        JsonNode effective = task.inputPath().apply(input, contextObject);
        JsonNode parameters = task.parameters() == null ? effective : task.parameters().apply(effective, contextObject);
        checkSize(task, "input after Parameters", parameters);
        // Scheduled and started now; succeeded or failed when it returns.
        frame.history().add(2);
        JsonNode result;
        try {
            result = invoke(task, parameters, new TaskContext(executionName, task.name(), retryCount, frame.iterationPath()));
        } finally {
            frame.history().add(1);
        }
        checkSize(task, "result", result);
        JsonNode selected = task.resultSelector() == null ? result : task.resultSelector().apply(result, contextObject);
        JsonNode combined = task.resultPath().combine(input, selected);
        return new Step(task.next(), task.outputPath().apply(combined, contextObject));
    }

    private JsonNode invoke(State.Task task, JsonNode parameters, TaskContext taskContext) {
        JsonNode privateCopy = parameters.deepCopy();
        Callable<JsonNode> call = () -> executor.taskRunner.run(task.resourceKey(), privateCopy, taskContext);
        if (task.timeoutSeconds() == null) {
            return runTask(call);
        }
        Future<JsonNode> future = threads.submit(() -> runTask(call));
        long timeoutNanos = executor.timeoutUnit.toNanos() * task.timeoutSeconds();
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StateFailure(StateFailure.TIMEOUT, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StateFailure failure) {
                throw failure;
            }
            throw new IllegalStateException("task runner thread failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    private static JsonNode runTask(Callable<JsonNode> call) {
        try {
            JsonNode result = call.call();
            return result == null ? NullNode.getInstance() : result;
        } catch (TaskFailedException e) {
            throw new StateFailure(e.error(), e.cause());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // Whatever a runner throws is reported as the Java Lambda runtime would report it.
            throw new StateFailure(e.getClass().getName(), LambdaErrorCause.of(e));
        }
    }

    private Step pass(State.Pass pass, JsonNode input, ObjectNode contextObject) {
        JsonNode effective = pass.inputPath().apply(input, contextObject);
        JsonNode parameters = pass.parameters() == null ? effective : pass.parameters().apply(effective, contextObject);
        JsonNode result = pass.result() != null ? pass.result() : parameters;
        JsonNode combined = pass.resultPath().combine(input, result);
        return new Step(pass.next(), pass.outputPath().apply(combined, contextObject));
    }

    private static Step choice(State.Choice choice, JsonNode input, ObjectNode contextObject) {
        JsonNode effective = choice.inputPath().apply(input, contextObject);
        String next = choice.defaultNext();
        boolean matched = false;
        for (ChoiceRule.Branch branch : choice.choices()) {
            if (branch.rule().matches(effective, contextObject)) {
                next = branch.next();
                matched = true;
                break;
            }
        }
        if (!matched && next == null) {
            throw new StateFailure(StateFailure.NO_CHOICE_MATCHED,
                    "No choice rule of state '" + choice.name() + "' matched and it has no Default");
        }
        return new Step(next, choice.outputPath().apply(effective, contextObject));
    }

    private static String failText(String fixed, DataPath path, String field, JsonNode input, ObjectNode context) {
        if (path == null) {
            return fixed;
        }
        JsonNode value = path.read(input, context).orElseThrow(() -> PayloadTemplate.pathNotFound(path, field, input));
        if (!value.isTextual()) {
            throw new StateFailure(StateFailure.RUNTIME, "The " + field + " of a Fail state must select a string, not "
                    + JsonValues.write(value));
        }
        return value.textValue();
    }

    private void sleep(Duration duration) {
        try {
            executor.sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    static StateFailure interrupted() {
        return new StateFailure(StateFailure.RUNTIME, "The local executor was interrupted");
    }

    static void checkSize(State state, String what, JsonNode value) {
        int size = JsonValues.utf8Size(value);
        if (size > Executor.MAX_PAYLOAD_BYTES) {
            throw new StateFailure(StateFailure.DATA_LIMIT_EXCEEDED, "The " + what + " of state '" + state.name()
                    + "' is " + size + " bytes, more than the " + Executor.MAX_PAYLOAD_BYTES
                    + " bytes Step Functions allows");
        }
    }

    private StateRecord enter(State state, JsonNode input, Frame frame, int retryCount) {
        StateRecord record = new StateRecord(recordIds.incrementAndGet(), state.name(), state.type(),
                frame.iterationPath(), retryCount, input, null, null, null, executor.clock.instant(), null);
        notifyListeners(listener -> listener.stateEntered(record));
        return record;
    }

    private void exit(StateRecord record) {
        records.add(record);
        notifyListeners(listener -> listener.stateExited(record));
    }

    private void fail(StateRecord record) {
        records.add(record);
        notifyListeners(listener -> listener.stateFailed(record));
    }

    private void notifyListeners(Consumer<ExecutionListener> call) {
        for (ExecutionListener listener : executor.listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("execution listener {} failed: {}", listener, e.toString());
            }
        }
    }
}
