package dev.dmig.infer;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a sample holds at one path in plan syntax ({@code a}, {@code a.b}, {@code a[]},
 * {@code a[].b}): its distinct non-empty strings (the first {@code maxValues}, in scan order) and
 * counts of everything else found there.
 */
final class PathValues {
    private final String path;
    private final int maxValues;
    private final Set<String> values = new LinkedHashSet<>();
    private final Set<String> numbers = new LinkedHashSet<>();
    private boolean truncated;
    private int items;
    private int occurrences;
    private int empty;
    private int nonString;

    PathValues(String path, int maxValues) {
        this.path = path;
        this.maxValues = maxValues;
    }

    void string(String value) {
        occurrences++;
        if (!values.contains(value)) {
            if (values.size() < maxValues) {
                values.add(value);
            } else {
                truncated = true;
            }
        }
    }

    /** A number (N) here, as its text: counted as a value that is not a string, and kept as a key a table may hold. */
    void number(String value) {
        nonString++;
        if (numbers.size() < maxValues) {
            numbers.add(value);
        }
    }

    /** Distinct numbers, as their text ({@code 7}), in the order first seen: IDs of a table keyed by numbers, maybe. */
    Set<String> numbers() {
        return numbers;
    }

    void empty() {
        empty++;
    }

    void nonString() {
        nonString++;
    }

    void countItem() {
        items++;
    }

    String path() {
        return path;
    }

    /** Distinct non-empty strings, in the order first seen. */
    Set<String> values() {
        return values;
    }

    /** More distinct values were seen than kept. */
    boolean truncated() {
        return truncated;
    }

    /** Sampled items with at least one non-empty string here. */
    int items() {
        return items;
    }

    /** Non-empty strings seen here, repeats included. */
    int occurrences() {
        return occurrences;
    }

    /** NULL and {@code ""} values: a reference leaves them as they are. */
    int emptyCount() {
        return empty;
    }

    /** Numbers, booleans, binaries, maps, lists and sets found here: values a reference path must not meet. */
    int nonStringCount() {
        return nonString;
    }
}
