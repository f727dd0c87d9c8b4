package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A finished execution: its status, its output (when it succeeded) or error and cause (when it
 * failed), the history of every state attempt in the order they started, and how many events its
 * Step Functions history would hold (-1 when unknown). A Distributed Map's child executions count in
 * their own histories: {@code childHistoryEvents} holds one count per child, in the order they ended.
 */
public record Execution(String name, ExecutionStatus status, JsonNode output, String error, String cause,
                        List<StateRecord> history, Instant startTime, Instant endTime, long historyEvents,
                        List<Long> childHistoryEvents) {

    public Execution {
        childHistoryEvents = List.copyOf(childHistoryEvents);
    }

    /** An execution whose history events are not known (one followed on AWS). */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's shorter form: its fields but the history events
    public Execution(String name, ExecutionStatus status, JsonNode output, String error, String cause,
                     List<StateRecord> history, Instant startTime, Instant endTime) {
        this(name, status, output, error, cause, history, startTime, endTime, -1, List.of());
    }

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    /** The top-level states visited, in order; a retried state counts once, a loop once per pass. */
    public List<String> path() {
        return pathIn(List.of());
    }

    /** The states visited in one Map iteration, e.g. {@code [2, 0]}: first iteration of an inner Map in the third outer one. */
    public List<String> pathIn(List<Integer> iterationPath) {
        return history.stream()
                .filter(r -> r.retryCount() == 0 && r.iterationPath().equals(iterationPath))
                .map(StateRecord::stateName)
                .toList();
    }

    /** Every state visited anywhere, Map iterations included, in the order first entered. */
    public Set<String> visitedStateNames() {
        Set<String> names = new LinkedHashSet<>();
        history.forEach(r -> names.add(r.stateName()));
        return names;
    }
}
