package dev.dmig.infer;

import dev.dmig.plan.DataStoreSyncTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tables Amplify keeps for itself in an app's environment, which a plan lists to leave alone: DataStore's delta-sync
 * table ({@link DataStoreSyncTable}), the log its clients sync from. Inference neither reads it (its keys would pass
 * for references) nor counts it among the models a target environment must have.
 */
final class AmplifyTables {
    private AmplifyTables() {}

    /** Takes Amplify's own tables out of {@code models} (model → table name), returning their models. */
    static List<String> skipped(Map<String, String> models) {
        List<String> skipped = new ArrayList<>();
        if (models.remove(DataStoreSyncTable.MODEL) != null) {
            skipped.add(DataStoreSyncTable.MODEL);
        }
        return skipped;
    }
}
