package dev.dmig.analysis;

import dev.dmig.Features;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunGate;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import java.util.List;

/**
 * The gates around a run's steps ({@link RunGate}), every feature's ({@code dev.dmig.Feature}: following's), in the
 * features' order. Made once per process from its stores.
 */
public final class RunGates {
    private static final List<RunGate.Feature> GATES = Features.at(RunGate.Feature.class);

    private final List<RunGate> gates;

    public RunGates(RunGate.Parts parts) {
        this.gates = GATES.stream().map(gate -> gate.of(parts)).toList();
    }

    /** Every gate's refusal of {@code request}, before anything is read. */
    public void refuse(RunRequest request) {
        gates.forEach(gate -> gate.refuse(request));
    }

    /** Every gate's check of {@code plan}, which the run of {@code request} opens or goes on with. */
    public void opening(RunRequest request, MigrationPlan plan) {
        gates.forEach(gate -> gate.opening(request, plan));
    }

    /** {@code state} as every gate leaves it, one after the other. */
    public RunState called(RunRequest request, RunState state, Deadline deadline) {
        RunState called = state;
        for (RunGate gate : gates) {
            called = gate.called(request, called, deadline);
        }
        return called;
    }

    /** Whether any gate holds the validation of {@code runId} back until its feature's state has ended. */
    public boolean holdsValidation(String runId) {
        return gates.stream().anyMatch(gate -> gate.holdsValidation(runId));
    }
}
