package dev.dmig.run;

import dev.dmig.RefusedException;

/**
 * A rollback asked of a run whose data moved and passed validation, without {@code "confirm": true}: such a run is
 * finished, and only a person undoes it. Nothing was written, the run and its target's lock are as they were.
 */
public final class ConfirmationRequiredException extends RefusedException {
    public ConfirmationRequiredException(String message) {
        super("ConfirmationRequired", message);
    }

    /** The refusal of a rollback of {@code run} asked without confirmation; {@code fix}: how to ask with it. */
    public static String rollbackOf(RunManifest run, String fix) {
        return "run " + run.runId() + " " + (run.status() == RunStatus.SUCCEEDED ? "succeeded" : "passed its validation")
                + ": rolling it back deletes the items it created in the target tables (*" + run.targetSuffix()
                + ") and puts back those it overwrote; " + fix + " (nothing was written)";
    }
}
