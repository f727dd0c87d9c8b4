package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the work behind a Task state's {@code Resource}. Report a named error by throwing
 * {@link TaskFailedException}; any other exception is reported as the Java Lambda runtime reports an
 * unhandled one (error = the exception's class name). May be called from several threads at once.
 */
@FunctionalInterface
public interface TaskRunner {

    /**
     * Runs one Task state's resource on its input and returns the task's output.
     *
     * @param resource the resource key: the placeholder name for {@code "${Name}"}, else the resource
     * @param input    the task's input after {@code InputPath} and {@code Parameters}; a private copy
     */
    JsonNode run(String resource, JsonNode input, TaskContext context) throws TaskFailedException;
}
