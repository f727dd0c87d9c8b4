package dev.dmig.feature.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.Problem;
import java.util.Optional;

/**
 * Amplify DataStore's delta-sync table ({@code AmplifyDataStore-<api>-<env>}): the log of recent changes that DataStore
 * clients sync from. Copying the source's into the target's hands every client of the target the source's changes, for
 * records the target does not have under those IDs. A plan that lists the table is refused unless its entry says
 * {@code "skip"} itself: {@code true} (what {@code dmig infer} proposes) leaves it alone, {@code false} copies it on purpose.
 * Refused rather than warned: a warning is one line among many, and the run would have written the table by the time
 * anyone read it; saying so in the plan costs one word.
 */
public final class DataStoreSyncTable {
    /** The model name of the table: Amplify names it so in every environment. */
    public static final String MODEL = "AmplifyDataStore";

    private DataStoreSyncTable() {}

    /** The problem with a plan's entry for {@code model}; empty unless it is the sync table and says nothing of {@code skip}. */
    static Optional<Problem> problem(String model, JsonNode entry) {
        if (!model.equals(MODEL) || entry.has("skip")) {
            return Optional.empty();
        }
        return Optional.of(Problem.table(model, "is Amplify DataStore's delta-sync table, which clients sync from: copied, the"
                + " target's clients would be sent the source's changes; give it \"skip\": true (as dmig infer proposes), or"
                + " \"skip\": false to copy it on purpose"));
    }
}
