package dev.dmig.analysis;

import dev.dmig.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The features' sections an analysis keeps beside its core's fields, by name ({@link Analysis#section}, {@link
 * TableAnalysis#section}): held as given, or as JSON where the analysis was read back.
 */
final class FeatureSections {
    private FeatureSections() {}

    /** {@code sections} as a record keeps them: in their order, none for null. */
    static Map<String, Object> kept(Map<String, Object> sections) {
        return sections == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** The section {@code name} of {@code sections}, as {@code type}; null when there is none. */
    static <S> S section(Map<String, Object> sections, String name, Class<S> type) {
        Object section = sections.get(name);
        return section == null || type.isInstance(section) ? type.cast(section) : Json.MAPPER.convertValue(section, type);
    }
}
