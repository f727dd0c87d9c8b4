package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.json.Json;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import java.util.Map;

/** State {@code Analyze}: opens the run, checks the plan, and for dry and full runs scans the source. */
public final class AnalyzeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public AnalyzeHandler() {
        this(Services.fromEnvironment());
    }

    public AnalyzeHandler(Services services) {
        this.services = services;
    }

    /** {@code input}: the execution input (or the previous Analyze result when it loops). */
    record Input(RunRequest input, String executionName) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        RunState state = services.analyzer().analyze(in.input(), in.executionName(), services.deadline(context));
        StepLog.info("Analyze", state.runId(), Map.of("mode", state.mode().text(), "done", state.done(),
                "blockingConflicts", state.blockingConflicts()));
        return Json.toMap(state);
    }
}
