package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.json.Json;
import dev.dmig.migrate.TestResult;
import java.util.Map;

/** State {@code TestRecords}: migrates a few records (with their parents when asked) and checks them. */
public final class TestRecordsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public TestRecordsHandler() {
        this(Services.fromEnvironment());
    }

    public TestRecordsHandler(Services services) {
        this.services = services;
    }

    record Input(String runId) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        TestResult.Summary summary = services.testRecords().run(in.runId()).summary();
        StepLog.info(context, "TestRecords", in.runId(), Map.of("passed", summary.passed(), "written", summary.written(),
                "alreadyPresent", summary.alreadyPresent(), "records", summary.records()));
        return Json.toMap(summary);
    }
}
