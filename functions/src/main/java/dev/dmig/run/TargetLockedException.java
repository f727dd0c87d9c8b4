package dev.dmig.run;

import dev.dmig.RefusedException;

/** Another run is writing to (or stopped half-way in) the same target environment. Nothing was written. */
public final class TargetLockedException extends RefusedException {
    public TargetLockedException(String message) {
        super("TargetLocked", message);
    }
}
