package dev.dmig.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tables Amplify keeps for itself in an app's environment, which a plan lists to leave alone: DataStore's delta-sync
 * table ({@code AmplifyDataStore}), the log its clients sync from. Inference neither reads it (its keys would pass
 * for references) nor counts it among the models a target environment must have.
 */
final class AmplifyTables {
    /** DataStore's delta-sync table's model name: Amplify names it so in every environment. */
    static final String DATASTORE_SYNC = "AmplifyDataStore";

    private AmplifyTables() {}

    /** Takes Amplify's own tables out of {@code models} (model → table name), returning their models. */
    static List<String> skipped(Map<String, String> models) {
        List<String> skipped = new ArrayList<>();
        if (models.remove(DATASTORE_SYNC) != null) {
            skipped.add(DATASTORE_SYNC);
        }
        return skipped;
    }
}
