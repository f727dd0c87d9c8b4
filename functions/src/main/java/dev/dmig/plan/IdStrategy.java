package dev.dmig.plan;

/** How a table's own IDs (and references to it) are carried over. */
public enum IdStrategy {
    /** New ID = the spec's UUIDv8 of (namespace, model, old ID). */
    SHA256("sha256"),
    /** IDs are copied unchanged; references to the table are copied unchanged too. */
    PRESERVE("preserve");

    private final String planName;

    IdStrategy(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    static IdStrategy fromPlan(String text) {
        for (IdStrategy strategy : values()) {
            if (strategy.planName.equals(text)) {
                return strategy;
            }
        }
        return null;
    }
}
