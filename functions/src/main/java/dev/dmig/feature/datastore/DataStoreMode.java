package dev.dmig.feature.datastore;

/**
 * What a run does with the conflict-detection fields Amplify DataStore keeps in an item ({@code _version},
 * {@code _lastChangedAt}, {@code _deleted}). Items without them are copied as they are either way.
 */
public enum DataStoreMode {
    /** Soft-deleted rows are not copied; the others get {@code _version} 1 and {@code _lastChangedAt} the run's start. */
    RESET("reset"),
    /** Every row is copied as it is, soft-deleted ones included. */
    KEEP("keep");

    private final String planName;

    DataStoreMode(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    static DataStoreMode fromPlan(String text) {
        for (DataStoreMode mode : values()) {
            if (mode.planName.equals(text)) {
                return mode;
            }
        }
        return null;
    }
}
