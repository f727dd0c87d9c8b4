package dev.dmig.run;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;

/**
 * What a feature asks of a run around its steps: of an Analyze call, a request it refuses before anything is read, the
 * plan a run opens or goes on with (before it is opened: reads only, so that a refusal leaves nothing written or held),
 * and the call's state once the call is done (following: its streams' marks taken before any copy, the state saying it
 * follows); of Validate, whether the run's validation waits for the feature's own state (following, until its
 * cut-over). The handlers ask every gate of the list ({@code analysis.RunGates}) at those points.
 */
public interface RunGate {
    /** Refuses {@code request} before anything is read (a slice cannot be followed); none by default. */
    default void refuse(RunRequest request) {}

    /** Refuses {@code plan}, which the run of {@code request} opens or goes on with, before it is opened; reads only. */
    default void opening(RunRequest request, MigrationPlan plan) {}

    /** {@code state}, the call's as it ends (its Maps sized), as the feature leaves it; {@code state} by default. */
    default RunState called(RunRequest request, RunState state, Deadline deadline) {
        return state;
    }

    /**
     * Whether the validation of {@code runId} waits: Validate hands over to the feature's state first, and validates the
     * run once that state has ended (following: once its cut-over is reached); false by default.
     */
    default boolean holdsValidation(String runId) {
        return false;
    }

    /** What a gate is made of: the process's stores. */
    record Parts(ItemStore items, ArtifactStore artifacts) {}

    /** A feature's gate, made once per process. */
    @FunctionalInterface
    interface Feature {
        RunGate of(Parts parts);
    }
}
