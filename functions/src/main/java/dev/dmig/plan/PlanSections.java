package dev.dmig.plan;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan's sections read after the tables, every feature's in the features' order ({@code dev.dmig.Feature}: Storage's
 * buckets and {@code files}, then the identity map's sources and what becomes of an identity without a match). (The
 * sides, run settings and tables are the core's.)
 */
final class PlanSections {
    private static final List<PlanSection<?>> FEATURES = dev.dmig.Features.at(PlanSection.class).stream()
            .<PlanSection<?>>map(section -> section).toList();

    private PlanSections() {}

    /** Every section's top-level keys. */
    static Set<String> keys() {
        Set<String> keys = new HashSet<>();
        FEATURES.forEach(section -> keys.addAll(section.keys()));
        return keys;
    }

    /** Every section read in turn, all of them whatever the others found; each value under its type, none for null. */
    static Map<Class<?>, Object> read(PlanSection.Reading reading) {
        Map<Class<?>, Object> values = new LinkedHashMap<>();
        for (PlanSection<?> section : FEATURES) {
            Object value = section.reader().read(reading);
            if (value != null) {
                values.put(section.type(), value);
            }
        }
        return values;
    }
}
