package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A feature's field in each table's entry of the plan: its key, the type of its value and how it is read. {@link
 * TableFields} lists them; a table's plan holds each one's value, found by its type ({@link TablePlan#feature}).
 *
 * @param key the field's key in a table's entry
 * @param type the value's type, by which the table's plan finds it
 * @param reader reads the field's value, null when the entry does not use the feature
 */
record TableField<T>(String key, Class<T> type, Reader<T> reader) {

    /** What a field is read from: the table's model, its ID attribute and IDs, the field's node (null: absent), the problems. */
    record Reading(String model, String idAttribute, IdStrategy ids, JsonNode node, List<Problem> problems) {}

    /** Reads a field's value, adding every problem, one line naming the table and attribute, to the reading's. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Reading reading);
    }
}
