package dev.dmig.plan;

/** What a run does with an identity value the identity map has no match for. */
public enum UnmatchedPolicy {
    /** It is a data problem: analysis lists it and the run stops before any write. */
    REFUSE("refuse"),
    /** The value is copied as it is (it still names the source's user). */
    KEEP("keep"),
    /** The value is left out: the attribute, or the element of its list or set. */
    REMOVE("remove");

    private final String planName;

    UnmatchedPolicy(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    static UnmatchedPolicy fromPlan(String text) {
        for (UnmatchedPolicy policy : values()) {
            if (policy.planName.equals(text)) {
                return policy;
            }
        }
        return null;
    }
}
