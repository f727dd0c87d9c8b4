package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** A task runner whose resources are lambdas written in the test; it records every call. */
final class FakeTasks implements TaskRunner {

    @FunctionalInterface
    interface Behavior {
        JsonNode run(JsonNode input, TaskContext context) throws Exception;
    }

    record Call(String resource, JsonNode input, TaskContext context) {
    }

    private final Map<String, Behavior> behaviors = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    FakeTasks on(String resource, Behavior behavior) {
        behaviors.put(resource, behavior);
        return this;
    }

    Set<String> resources() {
        return behaviors.keySet();
    }

    List<Call> calls() {
        return calls;
    }

    @Override
    public JsonNode run(String resource, JsonNode input, TaskContext context) throws TaskFailedException {
        calls.add(new Call(resource, input, context));
        try {
            return behaviors.get(resource).run(input, context);
        } catch (TaskFailedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
