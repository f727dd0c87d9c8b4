package dev.dmig.run;

/** A writer of a run found the run's fence up: a rollback has begun, so it stops before writing. */
public final class RunFencedException extends RuntimeException {
    public RunFencedException(String message) {
        super(message);
    }
}
