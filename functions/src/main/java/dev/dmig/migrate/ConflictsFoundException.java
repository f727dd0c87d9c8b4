package dev.dmig.migrate;

/**
 * Target items already sit at keys this run would write, and the plan says {@code abort}.
 * Raised before any write.
 */
public final class ConflictsFoundException extends RuntimeException {
    public ConflictsFoundException(String message) {
        super(message);
    }
}
