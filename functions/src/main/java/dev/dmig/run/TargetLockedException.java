package dev.dmig.run;

/** Another run is writing to (or stopped half-way in) the same target environment. Nothing was written. */
public final class TargetLockedException extends RuntimeException {
    public TargetLockedException(String message) {
        super(message);
    }
}
