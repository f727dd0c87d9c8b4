package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One attempt at one state, as the history shows it: a retried state has one record per attempt.
 * {@code iterationPath} holds the Map iteration indexes from the outermost Map inwards (empty at the
 * top level); {@code output} is set when the attempt succeeded, {@code error} and {@code cause}
 * when it failed. Listeners receive the record of an attempt still running with a null {@code end}.
 */
public record StateRecord(long id, String stateName, String stateType, List<Integer> iterationPath,
                          int retryCount, JsonNode input, JsonNode output, String error, String cause,
                          Instant start, Instant end) {

    public boolean failed() {
        return end != null && output == null;
    }

    StateRecord succeeded(JsonNode result, Instant at) {
        return new StateRecord(id, stateName, stateType, iterationPath, retryCount, input, result, null, null, start, at);
    }

    StateRecord failed(String failure, String failureCause, Instant at) {
        return new StateRecord(id, stateName, stateType, iterationPath, retryCount, input, null, failure, failureCause,
                start, at);
    }
}
