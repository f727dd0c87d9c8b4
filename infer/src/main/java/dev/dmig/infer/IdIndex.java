package dev.dmig.infer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One table's ID set as far as it is known: every ID when its sample is complete, otherwise the
 * sampled IDs plus what lookups have answered since. Each value is looked up at most once. For a
 * single-table design, whose keys are composite ({@code ORDER#<id>}), the IDs are the opaque pieces
 * of its sampled keys, and nothing is looked up.
 */
final class IdIndex {
    private static final int MAX_SIGNATURES = 64;

    private final TableSample sample;
    private final boolean keyPieces;
    /** Its IDs are numbers (a table keyed by N), as their text: values are numbers too, and nothing is looked up. */
    private final boolean numbers;
    private final Set<String> present;
    private final Set<String> absent = new HashSet<>();
    private final Set<String> signatures = new HashSet<>();

    IdIndex(TableSample sample) {
        this(sample, sample.ids(), false, sample.numberKey());
    }

    private IdIndex(TableSample sample, Set<String> ids, boolean keyPieces, boolean numbers) {
        this.sample = sample;
        this.keyPieces = keyPieces;
        this.numbers = numbers;
        this.present = new HashSet<>(ids);
        for (String id : ids) {
            if (signatures.size() == MAX_SIGNATURES) {
                break;
            }
            signatures.add(IdShape.signature(id));
        }
    }

    /** The IDs found inside a single-table design's sampled keys. */
    static IdIndex keyPieces(TableSample sample, Set<String> ids) {
        return new IdIndex(sample, ids, true, false);
    }

    /** Whether the IDs are pieces of composite keys, known from the sample only. */
    boolean keyPieces() {
        return keyPieces;
    }

    /** Whether its IDs are numbers: only numbers are checked against them. */
    boolean numbers() {
        return numbers;
    }

    TableSample sample() {
        return sample;
    }

    String model() {
        return sample.model();
    }

    /** Whether the index answers from what it holds, without asking the table. */
    boolean complete() {
        return keyPieces || sample.complete();
    }

    /** The values known to be IDs without asking the table. */
    Set<String> known(List<String> values) {
        Set<String> hits = new LinkedHashSet<>();
        for (String value : values) {
            if (present.contains(value)) {
                hits.add(value);
            }
        }
        return hits;
    }

    /** The values that are IDs of the table: exact, asking the table about any value not yet known. */
    Set<String> resolve(TableReader reader, List<String> values) {
        if (!complete() && !numbers) {
            List<String> unknown = new ArrayList<>();
            for (String value : values) {
                if (!present.contains(value) && !absent.contains(value)) {
                    unknown.add(value);
                }
            }
            if (!unknown.isEmpty()) {
                Set<String> found = reader.existingIds(sample.table(), unknown);
                for (String value : unknown) {
                    (found.contains(value) ? present : absent).add(value);
                }
            }
        }
        return known(values);
    }

    /** At least half the values have the shape of an ID seen in the table's sample. */
    boolean shapeFits(List<String> values) {
        long fitting = values.stream().filter(v -> signatures.contains(IdShape.signature(v))).count();
        return fitting * 2 >= values.size();
    }
}
