package dev.dmig.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers "which of these IDs have no item in that table", remembering the most recently seen IDs
 * that exist (at most {@code cap} of them, so memory stays flat however large the tables) to spare
 * repeated lookups of popular parents.
 */
public final class KnownKeys {
    /** Enough for the parents a page or two of children refer to, and for the popular ones across pages. */
    public static final int DEFAULT_CAP = 20_000;

    private final ItemStore items;
    private final Map<String, Boolean> known;

    public KnownKeys(ItemStore items, int cap) {
        this.items = items;
        this.known = new LinkedHashMap<>(Math.min(cap, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > cap;
            }
        };
    }

    public Set<String> missing(TableInfo table, Collection<String> ids) {
        List<String> unknown;
        synchronized (known) {
            unknown = ids.stream().distinct().filter(id -> known.get(entry(table, id)) == null).toList();
        }
        if (unknown.isEmpty()) {
            return Set.of();
        }
        Set<String> existing = items.existingHashKeys(table, unknown);
        synchronized (known) {
            existing.forEach(id -> known.put(entry(table, id), Boolean.TRUE));
        }
        Set<String> missing = new HashSet<>(unknown);
        missing.removeAll(existing);
        return missing;
    }

    /** How many IDs are remembered now. */
    public int size() {
        synchronized (known) {
            return known.size();
        }
    }

    private static String entry(TableInfo table, String id) {
        return table.name() + '\n' + id;
    }
}
