package dev.dmig.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Shortcuts the executor tests share: JSON literals and one-line runs with fakes. */
final class LocalRun {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private LocalRun() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad JSON in test: " + text, e);
        }
    }

    static Execution run(String definition, String input) {
        return run(definition, new FakeTasks(), input);
    }

    static Execution run(String definition, FakeTasks tasks, String input) {
        StateMachine machine = StateMachine.parse("Test", definition, tasks.resources());
        return Executor.builder(tasks).sleeper(new RecordingSleeper()).build().execute(machine, "exec-1", json(input));
    }
}
