package dev.dmig.validate;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one segment's validation found at one place of the target (an attribute path, or a file reference's object keys):
 * how many values still name the source's users or records, by kind ({@code sub}, {@code username}, {@code identityId},
 * {@code id:<Model>}), how many of them are such a value whole (not a part of one), and the first item or object
 * they were found in. Every count adds up across segments.
 */
final class SourceValueTally {
    public long values;
    public Map<String, Long> kinds = new TreeMap<>();
    public Map<String, Long> whole = new TreeMap<>();
    public String example;

    SourceValueTally() {}

    void add(String kind, boolean wholeValue, String where) {
        values++;
        kinds.merge(kind, 1L, Long::sum);
        if (wholeValue) {
            whole.merge(kind, 1L, Long::sum);
        }
        if (example == null) {
            example = where;
        }
    }

    void add(SourceValueTally other) {
        values += other.values;
        other.kinds.forEach((kind, n) -> kinds.merge(kind, n, Long::sum));
        other.whole.forEach((kind, n) -> whole.merge(kind, n, Long::sum));
        if (example == null) {
            example = other.example;
        }
    }
}
