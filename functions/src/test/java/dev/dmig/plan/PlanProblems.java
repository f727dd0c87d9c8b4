package dev.dmig.plan;

import java.util.List;

/** What the tests of a plan's fields (the core's and the features') read plans with: the smallest plan, and a plan's problems as lines. */
public final class PlanProblems {
    private PlanProblems() {}

    /** The problems of {@code json}, a line each; fails when the plan is read without one. */
    public static List<String> problems(String json) {
        try {
            PlanParser.parse(json);
        } catch (PlanInvalidException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("the plan should be rejected");
    }

    /** A plan of {@code tables} (a JSON object) between a development and a production environment, with every default. */
    public static String minimal(String tables) {
        return "{\"source\": {\"tableSuffix\": \"-dev-NONE\"}, \"target\": {\"tableSuffix\": \"-prod-NONE\"}, \"tables\": "
                + tables + "}";
    }
}
