package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dmig.json.Json;
import dev.dmig.rollback.RollbackProgress;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunState;
import dev.dmig.run.SegmentFailures;
import java.util.Map;

/**
 * States {@code Rollback}, {@code RollbackRun} and {@code RollbackSegment}. Rollback undoes the run from its journal,
 * a level at a time, looping until done; for a large run it hands each level's (table, segment) units to the
 * {@code RollbackSegments} Map. RollbackSegment (an input with {@code segment}) undoes one of them.
 */
public final class RollbackHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public RollbackHandler() {
        this(Services.fromEnvironment());
    }

    public RollbackHandler(Services services) {
        this.services = services;
    }

    /**
     * {@code failure}: the caught error (Step Functions' {@code {"Error", "Cause"}}), absent on request; {@code fanOut}:
     * false keeps the whole rollback in this task, absent or true hands a large run's levels out.
     */
    record Input(String runId, String executionName, Caught failure, RunState.Unit segment, Boolean fanOut) {}

    record Caught(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        if (in.segment() != null) {
            boolean done = SegmentFailures.recording(services.artifacts(), in.runId(), SegmentFailures.ROLLBACK_SEGMENT,
                    in.segment().table(), in.segment().segment(), () -> services.rollback().rollBackSegment(in.runId(), in.executionName(),
                            in.segment(), services.deadline(context)));
            return Map.of("done", done);
        }
        RunManifest.Failure reason = in.failure() == null ? null : new RunManifest.Failure(in.failure().error(), in.failure().cause());
        RollbackProgress progress = services.rollback().rollBack(in.runId(), in.executionName(), reason, services.deadline(context),
                !Boolean.FALSE.equals(in.fanOut()));
        StepLog.info(context, "Rollback", in.runId(), Map.of("done", progress.done(), "complete", progress.complete(),
                "deleted", progress.deleted(), "restored", progress.restored(), "failed", progress.failed(),
                "validated", progress.validated()));
        return Json.toMap(progress);
    }
}
