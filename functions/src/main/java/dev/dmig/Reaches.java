package dev.dmig;

import java.util.HashMap;
import java.util.Map;

/**
 * What a process reaches beside its tables and artifacts (the Storage buckets of a plan's files, and which objects runs
 * wrote, from their journals, today), each by the
 * type a feature asks it by: the core's steps carry it to the features' checks and steps without knowing what it holds,
 * and each feature finds its own, as a plan's feature finds its section.
 */
public final class Reaches {
    /** A process that reaches nothing beside its tables: a feature asking finds its own "none". */
    public static final Reaches NONE = new Reaches(Map.of());

    private final Map<Class<?>, Object> byType;

    private Reaches(Map<Class<?>, Object> byType) {
        this.byType = byType;
    }

    /** These, and {@code reached} as what {@code type} is asked for. */
    public <T> Reaches with(Class<T> type, T reached) {
        Map<Class<?>, Object> more = new HashMap<>(byType);
        more.put(type, type.cast(reached));
        return new Reaches(Map.copyOf(more));
    }

    /** What is reached as {@code type}; {@code none} when the process reaches none. */
    public <T> T get(Class<T> type, T none) {
        return type.cast(byType.getOrDefault(type, none));
    }
}
