package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmig.executor.Run.CancelledException;
import dev.dmig.executor.Run.Frame;
import dev.dmig.executor.Run.Outcome;
import dev.dmig.executor.Run.Step;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the Map states of one execution, inline and distributed: reads the items (a path, or a JSON
 * array in S3), runs each iteration's item processor on the execution's threads, and fails the Map
 * the way Step Functions does when an iteration fails.
 */
final class MapIterations {

    /** Runs one scope's states; here, an iteration's item processor. */
    @FunctionalInterface
    interface GraphRunner {
        Outcome run(StateGraph graph, JsonNode input, Frame frame);
    }

    private final Executor executor;
    private final ExecutorService threads;
    private final GraphRunner graphs;
    private final Queue<Long> childHistoryEvents;

    /** {@code childHistoryEvents} receives the event count of each Distributed Map child execution as it ends. */
    MapIterations(Executor executor, ExecutorService threads, GraphRunner graphs, Queue<Long> childHistoryEvents) {
        this.executor = executor;
        this.threads = threads;
        this.graphs = graphs;
        this.childHistoryEvents = childHistoryEvents;
    }

    /** Runs {@code map} on {@code input}: its items, its iterations, then its ResultSelector, ResultPath and OutputPath. */
    Step run(State.Map map, JsonNode input, ObjectNode contextObject, Frame frame) {
        JsonNode effective = map.inputPath().apply(input, contextObject);
        int maxConcurrency = map.maxConcurrencyPath() == null ? map.maxConcurrency()
                : count(map, "MaxConcurrencyPath", map.maxConcurrencyPath(), effective, contextObject);
        JsonNode items = map.itemReader() != null ? readItems(map, effective, contextObject)
                : map.itemsPath().readRequired(effective, contextObject);
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
        Run.checkSize(map, "result (its iterations' outputs)", results);
        JsonNode selected = map.resultSelector() == null ? results : map.resultSelector().apply(results, contextObject);
        JsonNode combined = map.resultPath().combine(input, selected);
        return new Step(map.next(), map.outputPath().apply(combined, contextObject));
    }

    /** A non-negative integer a Map reads from its input: 0 means no limit, as on Step Functions. */
    private static int count(State.Map map, String field, DataPath path, JsonNode effective, ObjectNode contextObject) {
        JsonNode value = path.readRequired(effective, contextObject);
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
            // What a worker throws reaches the Map through progress.broken, before its Future would hold it.
            var unused = threads.submit(worker);
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
                throw Run.interrupted();
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
            Outcome outcome = graphs.run(map.processor(), itemInput, frame);
            frame.history().add(1);
            return outcome;
        } catch (StateFailure failure) {
            return new Outcome.Failed(failure.error(), failure.errorCause());
        }
    }
}
