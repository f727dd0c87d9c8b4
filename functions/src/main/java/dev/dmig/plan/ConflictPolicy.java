package dev.dmig.plan;

/** What a run does about target items already present at the keys it would write. */
public enum ConflictPolicy {
    /** Analysis lists them and the run stops before any write. */
    ABORT("abort"),
    /** They are left as they are and counted as skipped. */
    SKIP("skip"),
    /** They are replaced; their pre-images go into the journal so rollback restores them. */
    OVERWRITE("overwrite");

    private final String planName;

    ConflictPolicy(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    /**
     * The policy {@code node} names, read for the plan ({@code model} null) or a table's entry; null, after a problem, when it
     * names none.
     */
    static ConflictPolicy read(com.fasterxml.jackson.databind.JsonNode node, String model, java.util.List<Problem> problems) {
        ConflictPolicy policy = node.isTextual() ? fromPlan(node.asText()) : null;
        if (policy == null) {
            String message = "onConflict must be \"abort\", \"skip\" or \"overwrite\", not " + node;
            problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, "onConflict", message.substring(
                    "onConflict ".length())));
        }
        return policy;
    }

    static ConflictPolicy fromPlan(String text) {
        for (ConflictPolicy policy : values()) {
            if (policy.planName.equals(text)) {
                return policy;
            }
        }
        return null;
    }
}
