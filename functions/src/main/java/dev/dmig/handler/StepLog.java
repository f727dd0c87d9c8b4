package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line per step invocation (step, run ID, table, segment, counts) through the invocation's
 * {@code LambdaLogger} at INFO. The functions log in Lambda's JSON format (the template's
 * {@code LoggingConfig}), so the runtime writes each line as the {@code message} of a JSON record with
 * its timestamp, level and request ID; in process the executor's context passes it to the debug log.
 * Never item contents, never credentials.
 */
final class StepLog {
    private StepLog() {}

    static void info(Context context, String step, String runId, Map<String, ?> fields) {
        StringBuilder line = new StringBuilder(step).append(" runId=").append(runId);
        // Sorted, so that the same step always reads the same way.
        new TreeMap<>(fields).forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        context.getLogger().log(line.toString(), LogLevel.INFO);
    }
}
