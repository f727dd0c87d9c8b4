package dev.dmig.rollback;

/**
 * What Rollback returns to the state machine: loop until done; complete is false if any key could
 * not be restored; {@code writers} counts the run's writers it is still waiting for before undoing.
 */
public record RollbackProgress(boolean done, boolean complete, long deleted, long restored, long failed, int writers) {}
