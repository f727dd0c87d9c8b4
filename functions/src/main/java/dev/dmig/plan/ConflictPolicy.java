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

    static ConflictPolicy fromPlan(String text) {
        for (ConflictPolicy policy : values()) {
            if (policy.planName.equals(text)) {
                return policy;
            }
        }
        return null;
    }
}
