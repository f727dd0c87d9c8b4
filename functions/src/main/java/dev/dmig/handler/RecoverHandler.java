package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dmig.json.Json;
import dev.dmig.rollback.Recovery;
import dev.dmig.store.AwsClients;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Target of the EventBridge rule on the state machine's executions that end FAILED, TIMED_OUT or ABORTED ("Step
 * Functions Execution Status Change"), and of the schedule that sends it a sweep ("Scheduled Event"): hands the
 * execution, or every run left unfinished, to {@link Recovery}. Each event is checked against Step Functions'
 * own account of the execution first, so an event anyone could send is only acted on when it is true. Not a state of
 * the state machine.
 */
public final class RecoverHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;
    private final Recovery.Executions executions;
    private final Clock clock;

    public RecoverHandler() {
        this(Services.fromEnvironment(), new StepFunctionsExecutions(AwsClients.stepFunctions(AwsClients.Connection.defaults(4)),
                stateMachineArn(System.getenv())));
    }

    /** {@code executions}: the stack's state machine, which events are checked against and rollbacks started on. */
    public RecoverHandler(Services services, Recovery.Executions executions) {
        this(services, executions, Clock.systemUTC());
    }

    /** {@code clock}: what a sweep tells how long ago an execution ended by. */
    public RecoverHandler(Services services, Recovery.Executions executions, Clock clock) {
        this.services = services;
        this.executions = executions;
        this.clock = clock;
    }

    /** The event's {@code detail}; Step Functions sends input, error and cause as strings (input may be left out). */
    record Detail(String executionArn, String stateMachineArn, String name, String status, String input, String error,
                  String cause) {}

    record Event(String source, @JsonProperty("detail-type") String detailType, Detail detail) {
        boolean scheduled() {
            return "aws.events".equals(source) && "Scheduled Event".equals(detailType);
        }
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Event event = Json.convert(payload, Event.class);
        Recovery recovery = new Recovery(services.artifacts(), clock);
        Recovery.Finisher finisher = (runId, execution) -> services.finalizer()
                .finish(runId, execution, "succeeded", null, services.deadline(context)).done();
        if (event.scheduled()) {
            List<Recovery.Decision> decisions = recovery.sweep(executions, finisher);
            decisions.forEach(decision -> log(context, decision.runId(), decision));
            return Map.of("swept", decisions.size(), "acted", decisions.stream()
                    .filter(d -> d.action() != Recovery.Action.NOTHING).count());
        }
        Detail detail = event.detail();
        Recovery.Decision decision = detail == null || detail.name() == null || detail.status() == null
                ? new Recovery.Decision(null, Recovery.Action.IGNORED,
                        "not a Step Functions execution status change (no detail.name and detail.status) nor a scheduled sweep")
                : recovery.recover(new Recovery.Execution(detail.executionArn(), detail.stateMachineArn(), detail.name(),
                        detail.status(), detail.input(), detail.error(), detail.cause(), null), executions, finisher);
        log(context, detail == null ? null : detail.name(), decision);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("execution", detail == null ? null : detail.name());
        result.put("action", decision.action().name());
        result.put("reason", decision.reason());
        return result;
    }

    /** Every decision goes to the log, an ignored event's reason with it: the record of what recovery was told and did. */
    private static void log(Context context, String subject, Recovery.Decision decision) {
        StepLog.info(context, "Recover", decision.runId() != null ? decision.runId() : String.valueOf(subject),
                Map.of("action", decision.action().name(), "reason", decision.reason()));
    }

    private static String stateMachineArn(Map<String, String> env) {
        String arn = env.get(Deployment.STATE_MACHINE_ARN);
        if (arn == null || arn.isBlank()) {
            throw new IllegalStateException(Deployment.STATE_MACHINE_ARN + " is not set: the recover function checks every event"
                    + " against the stack's state machine and acts on none without it (infra/template.yaml sets it)");
        }
        return arn.trim();
    }
}
