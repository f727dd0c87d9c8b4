package dev.dmig.handler;

import dev.dmig.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON line per step invocation (time, level, step, run ID, table, segment, counts, duration),
 * on standard output where Lambda collects it into CloudWatch Logs. Never item contents, never
 * credentials. The CLI, which runs the same handlers in process, sends the lines elsewhere.
 */
public final class StepLog {
    private static volatile Consumer<String> sink = System.out::println;

    private StepLog() {}

    /** Where the lines go from now on (the CLI keeps its terminal for people). */
    public static void redirect(Consumer<String> lines) {
        sink = lines;
    }

    static void info(String step, String runId, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", "INFO");
        line.put("step", step);
        line.put("runId", runId);
        line.putAll(fields);
        sink.accept(Json.text(line));
    }
}
