package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.json.Json;
import dev.dmig.run.RunFiles;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.run.SegmentFailures;
import dev.dmig.validate.ValidationProgress;
import java.util.Map;

/**
 * States {@code Validate} and {@code ValidateSegment}. Validate's first call in an execution hands the run's segments
 * to the {@code ValidateSegments} Map; its next call gives the verdict: counts, content, references and the source
 * (after handing out a second, item-by-item pass when a digest check failed). A run that follows its source hands over to
 * {@code Follow} until its following ended, then is validated so. ValidateSegment (an input with {@code segment}) checks
 * one segment; ValidateTable (an input with {@code table}) checks one table of a run whose tables are written together
 * as soon as its copy is done. ValidateRun (validating an earlier run) does the same as Validate.
 */
public final class ValidateHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public ValidateHandler() {
        this(Services.fromEnvironment());
    }

    public ValidateHandler(Services services) {
        this.services = services;
    }

    /**
     * {@code fanOut}: false keeps the whole validation in this task (ValidateRun); absent or true hands segments out.
     * {@code table}: ValidateTable, one table checked as soon as its copy is done.
     */
    record Input(String runId, String executionName, RunState.Unit segment, Boolean fanOut, String table) {}

    private boolean validated(String runId) {
        return RunFiles.manifest(services.artifacts(), runId).status() == RunStatus.VALIDATED;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        if (in.segment() != null) {
            boolean done = SegmentFailures.recording(services.artifacts(), in.runId(), "ValidateSegment", in.segment().table(),
                    in.segment().segment(), () -> services.validator().validateSegment(in.runId(), in.executionName(),
                            in.segment(), services.deadline(context)));
            return Map.of("done", done);
        }
        if (in.table() != null) {
            return Map.of("done", services.validator().validateTable(in.runId(), in.executionName(), in.table(),
                    services.deadline(context)));
        }
        if (!Boolean.FALSE.equals(in.fanOut()) && services.runGates().holdsValidation(in.runId()) && !validated(in.runId())) {
            // A followed run is validated once following ends, against the source as it is then: Follow first.
            return Map.of("done", true, "passed", false, "failures", 0, "follow", true);
        }
        ValidationProgress progress = services.validator().validate(in.runId(), in.executionName(), services.deadline(context),
                !Boolean.FALSE.equals(in.fanOut()));
        StepLog.info(context, "Validate", in.runId(), Map.of("done", progress.done(), "passed", progress.passed(),
                "failures", progress.failures()));
        return Json.toMap(progress);
    }
}
