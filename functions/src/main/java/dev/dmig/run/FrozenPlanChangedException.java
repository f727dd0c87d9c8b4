package dev.dmig.run;

/**
 * A run's frozen plan ({@code runs/<id>/plan.json}) is no longer the one it began with: its digest differs from the one
 * its manifest recorded. No step acts on it; the message names the run and how to put the plan back.
 */
final class FrozenPlanChangedException extends RuntimeException {
    public FrozenPlanChangedException(String message) {
        super(message);
    }
}
