package dev.dmig.analysis;

import dev.dmig.RefusedException;

/** A target table has no way back (no point-in-time recovery, no fresh backup) and the plan requires one. Nothing was written. */
public final class BackupRequiredException extends RefusedException {
    public BackupRequiredException(String message) {
        super("BackupRequired", message);
    }
}
