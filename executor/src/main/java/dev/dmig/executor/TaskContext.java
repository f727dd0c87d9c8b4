package dev.dmig.executor;

import java.util.List;

/**
 * Where a task runs: the execution, the state, the retry count ({@code $$.State.RetryCount}) and,
 * inside Map iterations, the iteration indexes from the outermost Map inwards.
 */
public record TaskContext(String executionName, String stateName, int retryCount, List<Integer> iterationPath) {
}
