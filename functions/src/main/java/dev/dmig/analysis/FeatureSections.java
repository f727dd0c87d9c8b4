package dev.dmig.analysis;

import dev.dmig.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An analysis that keeps the features' sections beside its core's fields, each under its name: the run's ({@link
 * Analysis}, a {@link RunSection} each) and a table's ({@link TableAnalysis}, a {@link ScanTally} each).
 */
public interface FeatureSections {
    /** The features' sections, each under its name. */
    Map<String, Object> sections();

    /**
     * A feature's section, by its name and type; null when there is none (an analysis read back holds it as JSON, read as
     * {@code type} here).
     */
    default <S> S section(String name, Class<S> type) {
        Object section = sections().get(name);
        return section == null || type.isInstance(section) ? type.cast(section) : Json.MAPPER.convertValue(section, type);
    }

    /** {@code sections} as a record keeps them: in their order, none for null. */
    static Map<String, Object> kept(Map<String, Object> sections) {
        return sections == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }
}
