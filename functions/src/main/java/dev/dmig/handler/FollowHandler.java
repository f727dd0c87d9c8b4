package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.json.Json;
import java.util.Map;

/**
 * State {@code Follow}: a run that follows its source applies the changes made since its streams' marks, until its time
 * is up or, once a cut-over is asked ({@code dmig cutover}), until every change up to then is applied and the target
 * checked against the source as it is then; the {@code Following} Choice calls it again until then.
 */
public final class FollowHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;

    public FollowHandler() {
        this(Services.fromEnvironment());
    }

    public FollowHandler(Services services) {
        this.services = services;
    }

    record Input(String runId, String executionName) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        // Following's state, as the features give it: the handler names none of its classes.
        Map<String, Object> progress = services.state("Follow").call(in.runId(), services.deadline(context));
        StepLog.info(context, "Follow", in.runId(), progress);
        return progress;
    }
}
