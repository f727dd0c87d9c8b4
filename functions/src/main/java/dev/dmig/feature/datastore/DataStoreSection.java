package dev.dmig.feature.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.PlanSection;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TableField;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The plan's and a table's {@code datastore}, and a table's {@code syncable}: what becomes of Amplify DataStore's fields
 * in the items copied. The delta-sync table itself is {@link DataStoreSyncTable}'s.
 */
final class DataStoreSection {
    static final String FIELD = "datastore";
    static final String SYNCABLE = "syncable";

    /** A table's fields, with the plan's {@code datastore} as its default. */
    static final TableField<DataStoreTable> TABLE = new TableField<>(List.of(FIELD, SYNCABLE), DataStoreTable.class,
            DataStoreSection::table);
    /** The plan's {@code datastore}, every table's default: its problem said once, here. */
    static final PlanSection<DataStoreMode> PLAN = new PlanSection<>(DataStoreMode.class, Set.of(FIELD),
            reading -> mode(reading.root().get(FIELD), null, DataStoreMode.RESET, reading.problems()));

    private DataStoreSection() {}

    /** The table's fields; null when they are the default ({@link DataStoreTable#of} gives it). */
    private static DataStoreTable table(TableField.Reading reading) {
        DataStoreSyncTable.problem(reading.model(), reading.entry()).ifPresent(reading.problems()::add);
        Syncable syncable = syncable(reading.entry(), reading.model(), reading.problems());
        // The plan's own problem is said once, by PLAN.
        DataStoreMode fallback = mode(reading.plan().get(FIELD), null, DataStoreMode.RESET, new ArrayList<>());
        DataStoreTable table = new DataStoreTable(tableMode(reading.entry(), reading.model(), syncable, fallback, reading.problems()),
                syncable);
        return table.equals(DataStoreTable.DEFAULT) ? null : table;
    }

    /**
     * A table's {@code syncable}: what its entry says of DataStore; {@link Syncable#UNSAID} when it says nothing (or
     * something other than true or false, a problem).
     */
    static Syncable syncable(JsonNode entry, String model, List<Problem> problems) {
        JsonNode node = entry.get(SYNCABLE);
        if (node == null) {
            return Syncable.UNSAID;
        }
        if (!node.isBoolean()) {
            problems.add(Problem.attribute(model, SYNCABLE, SYNCABLE + " must be true or false, not " + node));
            return Syncable.UNSAID;
        }
        return node.asBoolean() ? Syncable.YES : Syncable.NO;
    }

    /**
     * A table's mode: its own {@code datastore}, else the plan's ({@code fallback}). A table that says it does not sync
     * ({@code "syncable": false}) keeps its rows as they are, since DataStore's rules are for tables that sync: its
     * {@code _version} and {@code _lastChangedAt} are its app's own, and a row with {@code _deleted} is a row. Saying
     * {@code "datastore": "reset"} beside it is a problem.
     */
    static DataStoreMode tableMode(JsonNode entry, String model, Syncable syncable, DataStoreMode fallback, List<Problem> problems) {
        DataStoreMode own = mode(entry.get(FIELD), model, fallback, problems);
        if (syncable != Syncable.NO) {
            return own;
        }
        if (entry.has(FIELD) && own == DataStoreMode.RESET) {
            problems.add(Problem.attribute(model, FIELD, "is \"reset\" and the table says \"syncable\": false: DataStore's"
                    + " rules (a reset of _version and _lastChangedAt, soft-deleted rows left behind) apply only to a table that syncs;"
                    + " remove \"datastore\", or make the table \"syncable\": true"));
        }
        return DataStoreMode.KEEP;
    }

    /** {@code datastore}, the plan's ({@code model} null) or a table's; {@code fallback} when it is not given or is wrong. */
    static DataStoreMode mode(JsonNode node, String model, DataStoreMode fallback, List<Problem> problems) {
        if (node == null) {
            return fallback;
        }
        DataStoreMode mode = node.isTextual() ? DataStoreMode.fromPlan(node.asText()) : null;
        if (mode == null) {
            String message = "datastore must be \"reset\" or \"keep\", not " + node;
            problems.add(model == null ? Problem.plan(message) : Problem.attribute(model, FIELD, message));
            return fallback;
        }
        return mode;
    }
}
