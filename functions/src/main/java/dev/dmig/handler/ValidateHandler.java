package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.json.Json;
import dev.dmig.validate.ValidationProgress;
import java.util.Map;

/** State {@code Validate}: checks counts, content, references and the source; loops until done. */
public final class ValidateHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public ValidateHandler() {
        this(Services.fromEnvironment());
    }

    public ValidateHandler(Services services) {
        this.services = services;
    }

    record Input(String runId, String executionName) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        ValidationProgress progress = services.validator().validate(in.runId(), in.executionName(), services.deadline(context));
        StepLog.info("Validate", in.runId(), Map.of("done", progress.done(), "passed", progress.passed(),
                "failures", progress.failures()));
        return Json.toMap(progress);
    }
}
