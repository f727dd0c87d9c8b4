package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.concurrent.atomic.AtomicReference;
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
        Outcome.Failed failed = (Outcome.Failed) outcome;
        return new Execution(executionName, ExecutionStatus.FAILED, null, failed.error(), failed.cause(), history,
                start, end, historyBudget.events(), children);
    }

    /** The root graph between the execution's own started and ended events. */
    private Outcome runExecution() {
        Frame root = new Frame(List.of(), Cancellation.root(), historyBudget);
        try {
            historyBudget.add(1);
            Outcome outcome = runGraph(machine.graph(), executionInput, root);
            historyBudget.add(1);
            return outcome;
        } catch (StateFailure failure) {
            return new Outcome.Failed(failure.error(), failure.errorCause());
        }
    }

    /**
     * Where states run: the Map iteration indexes, the token that stops the iteration early, and the
     * history its events go to (a Distributed Map's iteration is a child execution with its own).
     */
    private record Frame(List<Integer> iterationPath, Cancellation cancellation, HistoryBudget history) {
        Frame iteration(int index, Cancellation mapCancellation, HistoryBudget iterationHistory) {
            List<Integer> path = new ArrayList<>(iterationPath);
            path.add(index);
            return new Frame(List.copyOf(path), mapCancellation, iterationHistory);
        }
    }

    private sealed interface Outcome {
        record Succeeded(JsonNode output) implements Outcome {
        }

        record Failed(String error, String cause) implements Outcome {
        }

        /** A sibling Map iteration failed, so this one stopped at a state boundary. */
        record Cancelled() implements Outcome {
        }
    }

    /** Where a state leads: {@code next} is null when the state ends its scope. */
    private record Step(String next, JsonNode output) {
    }

    /** Unwinds an iteration whose Map was cancelled; it is not an error any catcher sees. */
    private static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledException() {
            super("cancelled", null, false, false);
        }
    }

    private Outcome runGraph(StateGraph graph, JsonNode input, Frame frame) {
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
                fail(record.failed(null, "Cancelled: another iteration of an enclosing Map failed",
                        executor.clock.instant()));
                throw cancelled;
            } catch (StateFailure failure) {
                fail(record.failed(failure.error(), failure.errorCause(), executor.clock.instant()));
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
            return map(map, input, contextObject, frame);
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

    private static JsonNode read(DataPath path, JsonNode data, ObjectNode contextObject) {
        return path.read(data, contextObject).orElseThrow(() -> new StateFailure(StateFailure.RUNTIME,
                "Invalid path '" + path.text() + "' : No results for path: " + path.notFoundText()));
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

    private Step map(State.Map map, JsonNode input, ObjectNode contextObject, Frame frame) {
        JsonNode effective = map.inputPath().apply(input, contextObject);
        int maxConcurrency = map.maxConcurrencyPath() == null ? map.maxConcurrency()
                : count(map, "MaxConcurrencyPath", map.maxConcurrencyPath(), effective, contextObject);
        JsonNode items = map.itemReader() != null ? readItems(map, effective, contextObject)
                : read(map.itemsPath(), effective, contextObject);
        if (!items.isArray()) {
            throw new StateFailure(StateFailure.RUNTIME, "The ItemsPath '" + map.itemsPath().text()
                    + "' of state '" + map.name() + "' must select an array, not " + JsonValues.write(items));
        }
        // Map state started and ended, or a Map Run's started and ended.
        frame.history().add(1);
        JsonNode results;
        try {
            results = iterate(map, effective, (ArrayNode) items, maxConcurrency, contextObject, frame);
        } finally {
            frame.history().add(1);
        }
        // All iterations' outputs together are the Map's result, whatever ResultPath then keeps of it.
        checkSize(map, "result (its iterations' outputs)", results);
        JsonNode selected = map.resultSelector() == null ? results : map.resultSelector().apply(results, contextObject);
        JsonNode combined = map.resultPath().combine(input, selected);
        return new Step(map.next(), map.outputPath().apply(combined, contextObject));
    }

    /** A non-negative integer a Map reads from its input: 0 means no limit, as on Step Functions. */
    private static int count(State.Map map, String field, DataPath path, JsonNode effective, ObjectNode contextObject) {
        JsonNode value = read(path, effective, contextObject);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new StateFailure(StateFailure.RUNTIME, "The " + field + " '" + path.text() + "' of state '"
                    + map.name() + "' must select a non-negative integer, not " + JsonValues.write(value));
        }
        return value.intValue();
    }

    /** The JSON array in the S3 object the ItemReader's Bucket and Key name, cut to MaxItems. */
    private ArrayNode readItems(State.Map map, JsonNode effective, ObjectNode contextObject) {
        State.ItemReader reader = map.itemReader();
        int maxItems = reader.maxItemsPath() == null ? reader.maxItems()
                : count(map, "MaxItemsPath", reader.maxItemsPath(), effective, contextObject);
        JsonNode parameters = reader.parameters().apply(effective, contextObject);
        JsonNode bucket = parameters.path("Bucket");
        JsonNode key = parameters.path("Key");
        if (!bucket.isTextual() || !key.isTextual()) {
            throw new StateFailure(StateFailure.ITEM_READER_FAILED, "The ItemReader of state '" + map.name()
                    + "' needs a string Bucket and Key, not " + JsonValues.write(parameters));
        }
        String location = "s3://" + bucket.textValue() + "/" + key.textValue();
        if (executor.objects == null) {
            throw new StateFailure(StateFailure.ITEM_READER_FAILED, "The ItemReader of state '" + map.name()
                    + "' cannot read " + location + ": the local executor was given no S3 object source");
        }
        byte[] body;
        try {
            body = executor.objects.get(bucket.textValue(), key.textValue()).orElseThrow(() -> new StateFailure(
                    StateFailure.ITEM_READER_FAILED, "The ItemReader of state '" + map.name() + "' found no object at "
                    + location));
        } catch (StateFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            throw new StateFailure(StateFailure.ITEM_READER_FAILED, "The ItemReader of state '" + map.name()
                    + "' could not read " + location + ": " + e.getMessage());
        }
        JsonNode items;
        try {
            items = JsonValues.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            items = null;
        }
        if (items == null || !items.isArray()) {
            throw new StateFailure(StateFailure.ITEM_READER_FAILED, "The ItemReader of state '" + map.name()
                    + "' needs a JSON array in " + location);
        }
        ArrayNode array = (ArrayNode) items;
        if (maxItems > 0 && array.size() > maxItems) {
            ArrayNode first = JsonValues.MAPPER.createArrayNode();
            for (int i = 0; i < maxItems; i++) {
                first.add(array.get(i));
            }
            return first;
        }
        return array;
    }

    private record IterationFailure(int index, String error, String cause) {
    }

    /**
     * Runs the iterations on up to min(MaxConcurrency, maxParallelism) threads. The first iteration
     * to fail cancels the rest: none starts after it, and running ones stop at their next state. A
     * strict executor fails the Map at once, as Step Functions does, while tasks already running
     * carry on to their end in the background; a lenient one reports the failure only once every
     * iteration has stopped.
     */
    private JsonNode iterate(State.Map map, JsonNode effective, ArrayNode items, int maxConcurrency,
                             ObjectNode contextObject, Frame frame) {
        int count = items.size();
        JsonNode[] results = new JsonNode[count];
        Cancellation cancellation = frame.cancellation().child();
        AtomicInteger nextIndex = new AtomicInteger();
        AtomicReference<IterationFailure> firstFailure = new AtomicReference<>();
        int limit = maxConcurrency == 0 ? executor.maxParallelism : Math.min(maxConcurrency, executor.maxParallelism);
        int workerCount = Math.min(count, limit);
        MapProgress progress = new MapProgress(workerCount);
        Runnable worker = () -> {
            try {
                while (!cancellation.isCancelled()) {
                    int index = nextIndex.getAndIncrement();
                    if (index >= count) {
                        return;
                    }
                    // A Distributed Map's iteration is a child execution, with a history of its own.
                    HistoryBudget history = map.distributed() ? executor.historyBudget() : frame.history();
                    Outcome outcome = iteration(map, effective, items.get(index), index, contextObject,
                            frame.iteration(index, cancellation, history));
                    if (map.distributed()) {
                        childHistoryEvents.add(history.events());
                    }
                    if (outcome instanceof Outcome.Succeeded succeeded) {
                        results[index] = succeeded.output();
                    } else if (outcome instanceof Outcome.Failed failed && firstFailure.compareAndSet(null,
                            new IterationFailure(index, failed.error(), failed.cause()))) {
                        cancellation.cancel();
                        progress.failed();
                    }
                }
            } catch (RuntimeException | Error e) {
                cancellation.cancel();
                progress.broken(e);
                throw e;
            } finally {
                progress.workerEnded();
            }
        };
        for (int i = 0; i < workerCount; i++) {
            threads.submit(worker);
        }
        progress.await(executor.strict);
        if (frame.cancellation().isCancelled()) {
            throw new CancelledException();
        }
        IterationFailure failure = firstFailure.get();
        if (failure != null) {
            if (map.distributed()) {
                // A failed child execution fails the Map Run as a whole, under its own error name.
                throw new StateFailure(StateFailure.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded: iteration " + failure.index()
                                + " failed with " + failure.error());
            }
            throw new StateFailure(failure.error(), failure.cause());
        }
        ArrayNode output = JsonValues.MAPPER.createArrayNode();
        for (JsonNode result : results) {
            output.add(result);
        }
        return output;
    }

    /** What the Map's own thread waits for: every worker to end or, when strict, the first failure. */
    private static final class MapProgress {
        private int running;
        private boolean failed;
        private Throwable broken;

        MapProgress(int workers) {
            this.running = workers;
        }

        synchronized void workerEnded() {
            running--;
            notifyAll();
        }

        synchronized void failed() {
            failed = true;
            notifyAll();
        }

        synchronized void broken(Throwable e) {
            if (broken == null) {
                broken = e;
            }
            notifyAll();
        }

        synchronized void await(boolean strict) {
            try {
                while (running > 0 && !(strict && failed) && broken == null) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted();
            }
            if (broken != null) {
                throw new IllegalStateException("a Map iteration thread failed", broken);
            }
        }
    }

    private Outcome iteration(State.Map map, JsonNode effective, JsonNode item, int index, ObjectNode contextObject,
                              Frame frame) {
        JsonNode itemInput;
        try {
            itemInput = map.itemSelector() == null ? item
                    : map.itemSelector().apply(effective, ContextObject.withMapItem(contextObject, index, item));
        } catch (StateFailure failure) {
            return new Outcome.Failed(failure.error(), failure.errorCause());
        }
        // An inline iteration's started and ended events; a child execution's started and ended events.
        try {
            frame.history().add(1);
            Outcome outcome = runGraph(map.processor(), itemInput, frame);
            frame.history().add(1);
            return outcome;
        } catch (StateFailure failure) {
            return new Outcome.Failed(failure.error(), failure.errorCause());
        }
    }

    private void sleep(Duration duration) {
        try {
            executor.sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    private static StateFailure interrupted() {
        return new StateFailure(StateFailure.RUNTIME, "The local executor was interrupted");
    }

    private void checkSize(State state, String what, JsonNode value) {
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
