package dev.dmig.analysis;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The check of one table's {@code unique} attributes, fed a part at a time: first every source part's values
 * ({@link SegmentScan#unique}), then every target part's ({@link TargetValues#values}). Only the source's values stay,
 * one entry per value hash (~300 bytes each); a part, once added, can be let go, and a target value is only looked up.
 */
final class UniquenessJoin {
    /** Heap one value of the source takes while the join runs: its hash as a key, its entry, the map's node. */
    static final long BYTES_PER_VALUE = 300;

    /** The items holding one value in the source: each one's entry ({@link UniqueValues#entry}). */
    private static final class Holders {
        final String first;
        List<String> more;

        Holders(String first) {
            this.first = first;
        }

        int count() {
            return more == null ? 1 : 1 + more.size();
        }

        List<String> all() {
            List<String> all = new ArrayList<>(count());
            all.add(first);
            if (more != null) {
                all.addAll(more);
            }
            return all;
        }
    }

    private final Map<String, Map<String, Holders>> source = new LinkedHashMap<>();
    private final Map<String, Long> existing = new HashMap<>();
    private final Map<String, List<String>> existingExamples = new HashMap<>();

    /**
     * The tables of {@code models} whose source values of {@code unique} attributes would take more than half of
     * {@code heapBytes} in the join, by their size estimates: the summary holds one table's at once, and a function that
     * runs out of memory there fails late and says nothing useful. Each problem says what to change.
     */
    static List<Problem> tooLarge(MigrationPlan plan, Collection<String> models, Map<String, SizeEstimate> sizes, long heapBytes) {
        List<Problem> problems = new ArrayList<>();
        for (String model : models) {
            List<String> attributes = plan.table(model).unique();
            SizeEstimate size = sizes.get(model);
            if (attributes.isEmpty() || size == null) {
                continue;
            }
            long needed = size.items() * attributes.size() * BYTES_PER_VALUE;
            if (needed > heapBytes / 2) {
                problems.add(Problem.table(model, String.format(Locale.ROOT, "its unique attributes (%s) are checked in one "
                        + "process's memory, ~%d bytes a value: ~%,d items need ~%s, more than half of the %s this one has; "
                        + "give Analyze more memory (MemorySize on Lambda, up to 10,240 MB; -Xmx when run locally) or leave "
                        + "\"unique\" out for this table", String.join(", ", attributes), BYTES_PER_VALUE, size.items(),
                        gigabytes(needed), gigabytes(heapBytes))));
            }
        }
        return problems;
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    UniquenessJoin(List<String> attributes) {
        attributes.forEach(attribute -> source.put(attribute, new HashMap<>()));
    }

    /** One source part's values; every source part comes before the first target part. */
    void addSource(Map<String, List<String>> values) {
        source.forEach((attribute, byHash) -> {
            for (String entry : values.getOrDefault(attribute, List.of())) {
                String hash = UniqueValues.split(entry)[0];
                Holders holders = byHash.get(hash);
                if (holders == null) {
                    byHash.put(hash, new Holders(entry));
                } else {
                    if (holders.more == null) {
                        holders.more = new ArrayList<>(2);
                    }
                    holders.more.add(entry);
                }
            }
        });
    }

    /**
     * One target part's values: a value some source item brings that another target item already holds. The item at
     * the run's own mapped key is the same record, not a second holder of the value.
     */
    void addTarget(Map<String, List<String>> values) {
        source.forEach((attribute, byHash) -> {
            for (String entry : values.getOrDefault(attribute, List.of())) {
                String[] there = UniqueValues.split(entry);
                Holders holders = byHash.get(there[0]);
                if (holders == null || holders.all().stream().anyMatch(h -> UniqueValues.split(h)[1].equals(there[1]))) {
                    continue;
                }
                existing.merge(attribute, 1L, Long::sum);
                List<String> examples = existingExamples.computeIfAbsent(attribute, a -> new ArrayList<>());
                if (examples.size() < SegmentScan.EXAMPLES) {
                    examples.add("source item " + UniqueValues.split(holders.first)[2] + " would bring a value of " + attribute
                            + " that target item " + there[2] + " already holds");
                }
            }
        });
    }

    /** Per attribute, in the plan's order: values shared within the source, and values another target item holds. */
    List<UniquenessAnalysis> result() {
        List<UniquenessAnalysis> results = new ArrayList<>();
        source.forEach((attribute, byHash) -> {
            long duplicates = 0;
            List<String> shared = new ArrayList<>();
            for (Holders holders : byHash.values()) {
                if (holders.count() > 1) {
                    duplicates += holders.count() - 1;
                    if (shared.size() < SegmentScan.EXAMPLES) {
                        shared.add("items " + String.join(", ", holders.all().stream().limit(3)
                                .map(h -> UniqueValues.split(h)[2]).toList()) + " share one value of " + attribute + " in the source");
                    }
                }
            }
            results.add(new UniquenessAnalysis(attribute, duplicates, existing.getOrDefault(attribute, 0L),
                    examples(shared, existingExamples.getOrDefault(attribute, List.of()))));
        });
        return results;
    }

    /** At most {@link SegmentScan#EXAMPLES} examples, taken from both kinds in turn. */
    private static List<String> examples(List<String> shared, List<String> held) {
        List<String> examples = new ArrayList<>();
        for (int i = 0; examples.size() < SegmentScan.EXAMPLES && (i < shared.size() || i < held.size()); i++) {
            if (i < shared.size()) {
                examples.add(shared.get(i));
            }
            if (i < held.size() && examples.size() < SegmentScan.EXAMPLES) {
                examples.add(held.get(i));
            }
        }
        return examples;
    }
}
