package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dmig.json.Json;
import dev.dmig.rollback.RollbackProgress;
import dev.dmig.run.RunManifest;
import java.util.Map;

/** State {@code Rollback}: undoes the run from its journal; loops until done. */
public final class RollbackHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public RollbackHandler() {
        this(Services.fromEnvironment());
    }

    public RollbackHandler(Services services) {
        this.services = services;
    }

    /** {@code failure}: the caught error (Step Functions' {@code {"Error", "Cause"}}), absent on request. */
    record Input(String runId, String executionName, Caught failure) {}

    record Caught(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        RunManifest.Failure reason = in.failure() == null ? null : new RunManifest.Failure(in.failure().error(), in.failure().cause());
        RollbackProgress progress = services.rollback().rollBack(in.runId(), in.executionName(), reason, services.deadline(context));
        StepLog.info(context, "Rollback", in.runId(), Map.of("done", progress.done(), "complete", progress.complete(),
                "deleted", progress.deleted(), "restored", progress.restored(), "failed", progress.failed()));
        return Json.toMap(progress);
    }
}
