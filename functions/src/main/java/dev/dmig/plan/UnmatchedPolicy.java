package dev.dmig.plan;

/** What a run does with an identity value the identity map has no match for. */
public enum UnmatchedPolicy {
    /** It is a data problem: analysis lists it and the run stops before any write. */
    REFUSE("refuse"),
    /** The value is copied as it is (it still names the source's user). */
    KEEP("keep"),
    /** The value is left out: the attribute, or the element of its list or set. */
    REMOVE("remove"),
    /**
     * The item holding it is left behind, counted, as a record of a user who has no match (the profile of a user without
     * a production account); references to it dangle, as to any record not copied.
     */
    DROP("drop");

    private final String planName;

    UnmatchedPolicy(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    /** The values a plan may give, for messages: {@code "refuse", "keep", "remove" or "drop"}. */
    public static String choices() {
        StringBuilder text = new StringBuilder();
        UnmatchedPolicy[] all = values();
        for (int i = 0; i < all.length; i++) {
            text.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append('"').append(all[i].planName).append('"');
        }
        return text.toString();
    }

    public static UnmatchedPolicy fromPlan(String text) {
        for (UnmatchedPolicy policy : values()) {
            if (policy.planName.equals(text)) {
                return policy;
            }
        }
        return null;
    }
}
