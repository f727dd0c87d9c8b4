package dev.dmig.migrate;

import dev.dmig.plan.Problem;

/**
 * One source item cannot be mapped as the plan says (wrong type, missing ID, too large); {@code unmatched}, when the
 * problem is a value none of its path's patterns takes, is that value (null otherwise), from which analysis writes the
 * alternative that would take it.
 */
public final class ItemInvalidException extends RuntimeException {
    private final transient Problem problem;
    private final String unmatched;

    public ItemInvalidException(Problem problem) {
        this(problem, null);
    }

    public ItemInvalidException(Problem problem, String unmatched) {
        super(problem.toString());
        this.problem = problem;
        this.unmatched = unmatched;
    }

    public Problem problem() {
        return problem;
    }

    /** The value no pattern of its path takes; null for a problem of another kind. */
    public String unmatched() {
        return unmatched;
    }
}
