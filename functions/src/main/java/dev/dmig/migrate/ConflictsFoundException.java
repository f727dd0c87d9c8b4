package dev.dmig.migrate;

import dev.dmig.RefusedException;

/**
 * Target items already sit at keys this run would write, and the plan says {@code abort}.
 * Raised before any write.
 */
public final class ConflictsFoundException extends RefusedException {
    /** Also the name of a full run refused by the same gate, which ends in state {@code ConflictsFound} without this exception. */
    public static final String ERROR = "ConflictsFound";

    public ConflictsFoundException(String message) {
        super(ERROR, message);
    }
}
