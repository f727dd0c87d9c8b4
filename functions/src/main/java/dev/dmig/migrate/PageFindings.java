package dev.dmig.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check of the copies found in their values ({@link PageCheck}): per place (an attribute path) and kind, how many
 * values and the first item they were found in. Kept in each checkpoint as the pages are written, so that a redone page
 * counts once, and added up across pages, segments and tables; the check that makes them says what the kinds mean.
 */
public final class PageFindings {
    /** {@code count} values of {@code kind} at {@code path}, the first in {@code example}. */
    public record Found(String path, String kind, long count, String example) {}

    private final Map<String, Found> found = new LinkedHashMap<>();

    /** Counts one value of {@code kind} at {@code path}, found in {@code example} (kept when it is the first). */
    public void add(String path, String kind, String example) {
        add(new Found(path, kind, 1, example));
    }

    /** Adds {@code other}'s count to the same place and kind's, keeping the first example. */
    public void add(Found other) {
        found.merge(path(other), other, (was, more) -> new Found(was.path(), was.kind(), was.count() + more.count(),
                was.example() != null ? was.example() : more.example()));
    }

    private static String path(Found found) {
        return found.path() + '\n' + found.kind();
    }

    /** Everything found, by path then kind. */
    public List<Found> list() {
        List<Found> all = new ArrayList<>(found.values());
        all.sort(Comparator.comparing(Found::path).thenComparing(Found::kind));
        return List.copyOf(all);
    }

    /** The sum of two lists of findings; null (not looked for) when either is. */
    public static List<Found> sum(List<Found> one, List<Found> other) {
        if (one == null || other == null) {
            return null;
        }
        PageFindings sum = new PageFindings();
        one.forEach(sum::add);
        other.forEach(sum::add);
        return sum.list();
    }
}
