package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A feature's top-level part of the plan, read after the tables: its keys, the type of its value and how it is read.
 * {@link PlanSections} lists the core's and asks every feature for its own ({@code dev.dmig.Feature}); the plan holds each one's value, found by its type ({@link MigrationPlan#section}).
 *
 * @param type the value's type, by which the plan finds it
 * @param keys the plan's top-level keys the section reads
 * @param reader reads the value, null when the plan does not use the feature
 */
public record PlanSection<T>(Class<T> type, Set<String> keys, Reader<T> reader) {

    /** What a section is read from: the plan's root, its sides, its tables as read, and the problems found so far. */
    public record Reading(JsonNode root, SidesSection sides, Map<String, TablePlan> tables, List<Problem> problems) {}

    /** Reads a section's value, adding every problem, one line naming the table and attribute, to the reading's. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Reading reading);
    }
}
