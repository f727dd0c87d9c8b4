package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.json.Json;
import dev.dmig.rollback.Recovery;
import dev.dmig.store.AwsClients;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Target of the EventBridge rule on the state machine's executions that end FAILED, TIMED_OUT or
 * ABORTED ("Step Functions Execution Status Change"): hands the execution to {@link Recovery}, which
 * rolls back a run that such an ending left half-written. Not a state of the state machine.
 */
public final class RecoverHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static volatile SfnClient stepFunctions;

    private final Services services;
    private final Recovery.Executions executions;

    public RecoverHandler() {
        this(Services.fromEnvironment(), null);
    }

    /** {@code executions}: how to start the rollback execution; null starts it on the event's state machine. */
    public RecoverHandler(Services services, Recovery.Executions executions) {
        this.services = services;
        this.executions = executions;
    }

    /** The event's {@code detail}; Step Functions sends input, error and cause as strings (input may be left out). */
    record Detail(String executionArn, String stateMachineArn, String name, String status, String input, String error,
                  String cause) {}

    record Event(Detail detail) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Detail detail = Json.convert(payload, Event.class).detail();
        if (detail == null || detail.name() == null || detail.status() == null) {
            throw new IllegalArgumentException("not a Step Functions execution status change event: no detail.name/status");
        }
        Recovery.Executions start = executions != null ? executions : onStateMachine(detail.stateMachineArn(), context);
        Recovery.Action action = new Recovery(services.artifacts()).recover(new Recovery.Ended(detail.name(), detail.status(),
                detail.input(), detail.error(), detail.cause()), start);
        StepLog.info(context, "Recover", detail.name(), Map.of("status", detail.status(), "action", action.name()));
        return Map.of("execution", detail.name(), "action", action.name());
    }

    private static Recovery.Executions onStateMachine(String stateMachineArn, Context context) {
        return (name, input) -> {
            try {
                client().startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(Json.text(input)));
            } catch (ExecutionAlreadyExistsException e) {
                // Started by an earlier delivery of the same event with the same name and input: nothing to do.
                StepLog.info(context, "Recover", name, Map.of("alreadyStarted", true));
            }
        };
    }

    private static SfnClient client() {
        SfnClient client = stepFunctions;
        if (client == null) {
            synchronized (RecoverHandler.class) {
                if (stepFunctions == null) {
                    stepFunctions = AwsClients.stepFunctions(AwsClients.Connection.defaults(2));
                }
                client = stepFunctions;
            }
        }
        return client;
    }
}
