package dev.dmig.handler;

import dev.dmig.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JSON line per step at info: run ID, step and counts; never item contents or credentials. */
final class StepLog {
    private static final Logger LOG = LoggerFactory.getLogger("dmig.step");

    private StepLog() {}

    static void info(String step, String runId, Map<String, ?> fields) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("runId", runId);
        line.putAll(fields);
        LOG.info(Json.text(line));
    }
}
