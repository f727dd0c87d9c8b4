package dev.dmig.migrate;

import dev.dmig.RefusedException;
import java.util.List;

/**
 * Target items already sit at keys this run would write, and the plan says {@code abort}; or source records match
 * records the target already holds, and their table's {@code match.whenMatched} is {@code fail} (one line each in
 * {@link #problemLines()}). Raised before any write.
 */
public final class ConflictsFoundException extends RefusedException {
    /** Also the name of a full run refused by the same gate, which ends in state {@code ConflictsFound} without this exception. */
    public static final String ERROR = "ConflictsFound";

    private final List<String> lines;

    public ConflictsFoundException(String message) {
        this(message, null);
    }

    public ConflictsFoundException(String message, List<String> lines) {
        super(ERROR, message);
        this.lines = lines == null ? null : List.copyOf(lines);
    }

    @Override
    public List<String> problemLines() {
        return lines;
    }
}
