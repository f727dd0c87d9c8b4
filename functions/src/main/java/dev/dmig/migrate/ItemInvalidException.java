package dev.dmig.migrate;

import dev.dmig.plan.Problem;

/** One source item cannot be mapped as the plan says (wrong type, missing ID, too large). */
public final class ItemInvalidException extends RuntimeException {
    private final transient Problem problem;

    public ItemInvalidException(Problem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
