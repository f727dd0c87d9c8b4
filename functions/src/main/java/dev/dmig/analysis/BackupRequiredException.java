package dev.dmig.analysis;

/** A target table has no way back (no point-in-time recovery, no fresh backup) and the plan requires one. Nothing was written. */
public final class BackupRequiredException extends RuntimeException {
    public BackupRequiredException(String message) {
        super(message);
    }
}
