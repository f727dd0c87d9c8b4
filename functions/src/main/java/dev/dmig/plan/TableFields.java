package dev.dmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.Features;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fields of a table's entry read beside its own, in this order: the values kept from the source on purpose, and what the run does at the
 * table's keys the target already holds ({@code onConflict}, the plan's when the entry says none); then every feature's
 * ({@code dev.dmig.Feature}), in the features' order. (A table's IDs, references, edits, sizes and its Storage files are
 * read by {@link TablesSection}.)
 */
final class TableFields {
    private static final List<TableField<?>> FIELDS = Stream.concat(Stream.of(
            new TableField<>(KeptSourceValues.FIELD, KeptValues.class, reading -> KeptSourceValues.read(reading)),
            new TableField<>("onConflict", ConflictPolicy.class,
                    reading -> reading.node() == null ? null : ConflictPolicy.read(reading.node(), reading.model(), reading.problems()))),
            Features.at(TableField.class).stream().map(field -> (TableField<?>) field)).toList();

    private TableFields() {}

    /** Every field's keys in a table's entry. */
    static Set<String> keys() {
        Set<String> keys = new HashSet<>();
        FIELDS.forEach(field -> keys.addAll(field.keys()));
        return keys;
    }

    /**
     * Every field of {@code entry} read in turn, all of them whatever the others found; each value under its type, none for
     * null. {@code plan}: the whole plan, for a default it gives every table.
     */
    static Map<Class<?>, Object> read(String model, String idAttribute, IdStrategy ids, JsonNode entry, JsonNode plan,
                                      List<Problem> problems) {
        Map<Class<?>, Object> values = new LinkedHashMap<>();
        for (TableField<?> field : FIELDS) {
            Object value = field.reader().read(new TableField.Reading(model, idAttribute, ids, entry, plan, field.keys().get(0),
                    problems));
            if (value != null) {
                values.put(field.type(), value);
            }
        }
        return values;
    }
}
