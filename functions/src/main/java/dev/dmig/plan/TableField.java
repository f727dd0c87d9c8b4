package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A feature's field in each table's entry of the plan: its keys, the type of its value and how it is read. {@link
 * TableFields} lists the core's and asks every feature for its own ({@code dev.dmig.Feature}); a table's plan holds each
 * one's value, found by its type ({@link TablePlan#feature}).
 *
 * @param keys the field's keys in a table's entry, its own first (most read one)
 * @param type the value's type, by which the table's plan finds it
 * @param reader reads the field's value, null when the entry does not use the feature
 */
public record TableField<T>(List<String> keys, Class<T> type, Reader<T> reader) {

    public TableField {
        keys = List.copyOf(keys);
    }

    /** A field of one key. */
    public TableField(String key, Class<T> type, Reader<T> reader) {
        this(List.of(key), type, reader);
    }

    /**
     * What a field is read from: the table's model, its ID attribute and IDs, its whole entry, the whole plan (for a
     * default the plan gives every table), the field's own key, and the problems.
     */
    public record Reading(String model, String idAttribute, IdStrategy ids, JsonNode entry, JsonNode plan, String key,
                          List<Problem> problems) {
        /** The field's own node in the entry; null when absent. */
        public JsonNode node() {
            return entry.get(key);
        }
    }

    /** Reads a field's value, adding every problem, one line naming the table and attribute, to the reading's. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Reading reading);
    }
}
