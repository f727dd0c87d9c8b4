package dev.dmig.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers "which of these IDs have no item in that table", remembering the IDs it has seen exist
 * (up to a cap, so memory stays flat however large the tables) to spare repeated lookups of
 * popular parents.
 */
public final class KnownKeys {
    private final ItemStore items;
    private final int cap;
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    public KnownKeys(ItemStore items, int cap) {
        this.items = items;
        this.cap = cap;
    }

    public Set<String> missing(TableInfo table, Collection<String> ids) {
        Set<String> seen = known.computeIfAbsent(table.name(), t -> ConcurrentHashMap.newKeySet());
        List<String> unknown = ids.stream().distinct().filter(id -> !seen.contains(id)).toList();
        if (unknown.isEmpty()) {
            return Set.of();
        }
        Set<String> existing = items.existingHashKeys(table, unknown);
        for (String id : existing) {
            if (size.incrementAndGet() <= cap) {
                seen.add(id);
            }
        }
        Set<String> missing = new HashSet<>(unknown);
        missing.removeAll(existing);
        return missing;
    }
}
