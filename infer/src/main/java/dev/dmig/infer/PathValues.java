package dev.dmig.infer;

import dev.dmig.PersonalAttributes;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a sample holds at one path in plan syntax ({@code a}, {@code a.b}, {@code a[]},
 * {@code a[].b}): its distinct non-empty strings (the first {@code maxValues}, in scan order) and
 * counts of everything else found there; the types of its values, and how many of its strings are email addresses or
 * phone numbers ({@link PersonalAttributes}), counted over every string seen, kept or not.
 */
final class PathValues {
    private final String path;
    private final int maxValues;
    private final Set<String> values = new LinkedHashSet<>();
    private final Set<String> numbers = new LinkedHashSet<>();
    /** The shapes of the values seen ({@link #shape}), at most {@code 2 * maxValues}. */
    private final Set<String> shapes = new java.util.HashSet<>();
    /** Values kept past {@code maxValues} because their shape was new. */
    private int beyond;
    private boolean truncated;
    private int items;
    private int occurrences;
    private int empty;
    private int nonString;
    private final Set<AttributeValue.Type> types = EnumSet.noneOf(AttributeValue.Type.class);
    private int emails;
    private int phones;

    PathValues(String path, int maxValues) {
        this.path = path;
        this.maxValues = maxValues;
    }

    void string(String value) {
        occurrences++;
        if (PersonalAttributes.email(value)) {
            emails++;
        } else if (PersonalAttributes.phone(value)) {
            phones++;
        }
        if (values.contains(value)) {
            return;
        }
        boolean newShape = shapes.size() < 2 * maxValues && shapes.add(shape(value));
        if (values.size() < maxValues) {
            values.add(value);
        } else if (newShape && beyond < maxValues) {
            // Past the cap, a value of a shape not seen yet is kept all the same: the rare value a pattern must take.
            values.add(value);
            beyond++;
        } else {
            truncated = true;
        }
    }

    /**
     * A value's shape: its separators ({@link FilePatterns#SEPARATORS}, which take in references' own), each piece
     * between them kept when it is a word ({@code USER}, {@code @everyone}, {@code jpg}) and a placeholder otherwise, so
     * that {@code USER#<sub>} values have one shape, and {@code @everyone} another.
     */
    static String shape(String value) {
        List<String> parts = PatternInference.cut(value, FilePatterns.SEPARATORS);
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            shape.append(i % 2 == 1 || ValueForms.word(part) ? part : ValueForms.SLOT);
        }
        return shape.toString();
    }

    /** How many shapes its values have shown: a round of reading that adds none to any path has found nothing new. */
    int shapes() {
        return shapes.size();
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

    /** A value of {@code type} here (NULL is none). */
    void seen(AttributeValue.Type type) {
        types.add(type);
    }

    /** The types of the values seen here, NULL left out. */
    Set<AttributeValue.Type> types() {
        return types;
    }

    /** Non-empty strings here that are email addresses, repeats included. */
    int emails() {
        return emails;
    }

    /** Non-empty strings here that are phone numbers as people write them, repeats included. */
    int phones() {
        return phones;
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
