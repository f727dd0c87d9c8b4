package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dmig.analysis.RunGates;
import dev.dmig.json.Json;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.LambdaConcurrency;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.SegmentFailures;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * States {@code Analyze} and {@code AnalyzeSegment}. Analyze opens the run and checks the plan; for dry and full runs
 * its first call hands the source's segments to the {@code AnalyzeSegments} Map and its next call summarizes.
 * AnalyzeSegment (an input with {@code segment}) reads one segment of the source: for the analysis, or, with a
 * {@code round}, for a round of a slice's descendants; or, marked {@code target}, one segment of a target table for the
 * values of its {@code unique} attributes.
 */
public final class AnalyzeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Services services;
    private final Deployment deployment;

    public AnalyzeHandler() {
        this(Services.fromEnvironment(), Deployment.fromEnvironment(System.getenv()));
    }

    public AnalyzeHandler(Services services) {
        this(services, Deployment.NONE);
    }

    public AnalyzeHandler(Services services, Deployment deployment) {
        this.services = services;
        this.deployment = deployment;
    }

    /**
     * {@code input}: the execution input (or the previous Analyze result when it loops); or, for AnalyzeSegment,
     * {@code runId} and the {@code segment} to read.
     */
    record Input(Map<String, Object> input, String executionName, String executionStart, String runId, RunState.Unit segment) {
        /** When the execution started ({@code $$.Execution.StartTime}); null when the state machine does not say. */
        Instant started() {
            try {
                return executionStart == null ? null : Instant.parse(executionStart);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        Input in = Json.convert(payload, Input.class);
        if (in.segment() != null) {
            RunState.Unit unit = in.segment();
            // A failure of a target unit names the target, not the source segment of the same number.
            boolean done = SegmentFailures.recording(services.artifacts(), in.runId(), "AnalyzeSegment",
                    unit.ofTarget() ? unit.table() + " (target)" : unit.table(), unit.segment(), () -> {
                        if (unit.round() != null) {
                            return services.analyzer().scanFirst(in.runId(), unit, services.deadline(context));
                        }
                        return unit.ofTarget()
                                ? services.analyzer().analyzeTargetSegment(in.runId(), unit.table(), unit.segment(),
                                        unit.totalSegments(), services.deadline(context))
                                : services.analyzer().analyzeSegment(in.runId(), unit.table(), unit.segment(),
                                        unit.totalSegments(), services.deadline(context));
                    });
            return Map.of("done", done);
        }
        Map<String, Object> input = deployment.prepare(in.input() == null ? Map.of() : in.input());
        RunRequest request = Json.convert(input, RunRequest.class);
        RunGates gates = services.runGates();
        gates.refuse(request);
        // Read before the run is opened: a role that may not read it is refused with nothing held.
        OptionalInt budget = services.lambdaConcurrency().budget();
        // The gates' checks of the plan, after the deployment's: a refusal leaves nothing written or held.
        Consumer<MigrationPlan> check = plan -> {
            deployment.check(plan);
            gates.opening(request, plan);
        };
        Deadline deadline = services.deadline(context);
        RunState state = gates.called(request, LambdaConcurrency.limit(services.analyzer(check).analyze(request,
                in.executionName(), in.started(), deadline, true), budget), deadline);
        StepLog.info(context, "Analyze", state.runId(), Map.of("mode", state.mode().text(), "done", state.done(),
                "blockingConflicts", state.blockingConflicts()));
        return Json.toMap(state);
    }
}
