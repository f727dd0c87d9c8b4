package dev.dmig.plan;

/** What a run does with a file reference whose object is not in the source bucket. */
public enum MissingFilePolicy {
    /** It is a data problem: analysis lists it and the run stops before any write. */
    REFUSE("refuse"),
    /** The reference is copied as it is (renamed like the others), pointing at no object. */
    KEEP("keep");

    private final String planName;

    MissingFilePolicy(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    public static MissingFilePolicy fromPlan(String text) {
        for (MissingFilePolicy policy : values()) {
            if (policy.planName.equals(text)) {
                return policy;
            }
        }
        return null;
    }
}
