package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The features' fields of a table's entry, read in this order after the table's own: the identities' policy for
 * values without a match, the values kept from the source on purpose, the pairing with the target's records, and what
 * the run does at the table's keys the target already holds ({@code onConflict}, the plan's when the entry says none). A new
 * feature with a field in each table adds its {@link TableField} here. (A table's IDs, references, edits, sizes, its
 * DataStore fields and its Storage files are the core's, read by {@link TablesSection}.)
 */
final class TableFields {
    private static final List<TableField<?>> FEATURES = List.of(
            new TableField<>("onUnmatched", UnmatchedPolicy.class,
                    reading -> IdentitiesSection.tableOnUnmatched(reading.model(), reading.node(), reading.problems())),
            new TableField<>(KeptSourceValues.FIELD, KeptValues.class, reading -> KeptSourceValues.read(reading)),
            new TableField<>(MatchSection.FIELD, Match.class,
                    reading -> MatchSection.read(reading.model(), reading.idAttribute(), reading.node(), reading.problems())),
            new TableField<>("onConflict", ConflictPolicy.class,
                    reading -> reading.node() == null ? null : ConflictPolicy.read(reading.node(), reading.model(), reading.problems())));

    private TableFields() {}

    /** Every field's key in a table's entry. */
    static Set<String> keys() {
        Set<String> keys = new HashSet<>();
        FEATURES.forEach(field -> keys.add(field.key()));
        return keys;
    }

    /** Every field of {@code entry} read in turn, all of them whatever the others found; each value under its type, none for null. */
    static Map<Class<?>, Object> read(String model, String idAttribute, IdStrategy ids, JsonNode entry, List<Problem> problems) {
        Map<Class<?>, Object> values = new LinkedHashMap<>();
        for (TableField<?> field : FEATURES) {
            Object value = field.reader().read(new TableField.Reading(model, idAttribute, ids, entry.get(field.key()), problems));
            if (value != null) {
                values.put(field.type(), value);
            }
        }
        return values;
    }
}
