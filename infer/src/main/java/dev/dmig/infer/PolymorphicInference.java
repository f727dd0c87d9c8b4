package dev.dmig.infer;

import dev.dmig.plan.ValuePattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A path whose values are IDs of several tables, each value an ID of the table another attribute of its item names
 * ({@code ShareLink.resourceId}: an Evaluation's ID or a Report's, as {@code resourceType} says): proposed as the plan's
 * reference to one of several tables, {@code {"by": "resourceType", "models": {"EVALUATION": "Evaluation", …}}}. The
 * sample keeps each path's values apart from the others', so the table's sampled items are read again, once for all such
 * paths, to see which values go together; the attribute proposed is one whose every value goes with IDs of one table
 * only. Without one, the path is proposed as a reference to the table whose source holds each value,
 * {@code {"oneOf": ["Evaluation", "Report"]}}, when no sampled value is an ID of two of them; else no table is
 * proposed, with a warning: mapped as one table's IDs, the others' would name nothing in the target.
 */
final class PolymorphicInference {
    /** Past this many values an attribute says no table: its values are its items' own, not a type's. */
    static final int MAX_TYPES = 16;
    private static final int EXAMPLES = 3;

    /**
     * A path whose values split between tables: each table's IDs among them, the table with most first; {@code method}
     * how they were checked ({@code sample}, {@code lookup}).
     */
    record Split(PathValues path, Map<String, Set<String>> ids, String method) {
        /** The values that are IDs of some of the tables. */
        Set<String> matched() {
            Set<String> matched = new LinkedHashSet<>();
            ids.values().forEach(matched::addAll);
            return matched;
        }

        /** The values that are IDs of two tables or more: their item's attribute says which they name. */
        List<String> ambiguous() {
            return matched().stream().filter(v -> ids.values().stream().filter(ids -> ids.contains(v)).count() > 1).toList();
        }

        /** The values that are IDs of {@code model} and of none of the other tables. */
        long own(String model) {
            return ids.get(model).stream().filter(v -> ids.values().stream().filter(ids -> ids.contains(v)).count() == 1).count();
        }
    }

    /**
     * What became of a split path: its proposal, or, when no attribute says which table, the path turned down and a
     * warning saying what to do.
     */
    record Found(Split split, ReferenceEvidence evidence, String warning) {}

    private final TableSample sample;
    private final TableReader reader;
    private final Thresholds thresholds;

    PolymorphicInference(TableSample sample, TableReader reader, Thresholds thresholds) {
        this.sample = sample;
        this.reader = reader;
        this.thresholds = thresholds;
    }

    /** Each split path, proposed or turned down; the sampled items are read again once for all of them. */
    List<Found> resolve(List<Split> splits) {
        if (splits.isEmpty()) {
            return List.of();
        }
        List<Types> types = splits.stream().map(Types::new).toList();
        sample.readAgain(reader, item -> {
            ValuePaths values = new ValuePaths(thresholds.maxValuesPerPath());
            values.add(item);
            types.forEach(t -> t.item(item, values.paths().get(t.split.path().path())));
        });
        return types.stream().map(this::found).toList();
    }

    private Found found(Types types) {
        Split split = types.split;
        Map.Entry<String, Map<String, String>> by = types.by();
        if (by == null && split.ambiguous().isEmpty()) {
            // No attribute says which, and no value is an ID of two tables: the table whose source holds each says it.
            List<ProposedPattern> patterns = split.ids().keySet().stream()
                    .map(model -> ProposedPattern.held(model, split.ids().get(model).size())).toList();
            return new Found(split, evidence(split, String.join(", ", split.ids().keySet()), ReferenceEvidence.Kind.PATTERN, null,
                    heldBasis(split), patterns), null);
        }
        if (by == null) {
            String reason = "IDs of several tables (" + String.join(", ", split.ids().keySet().stream().map(m -> m + " " + split.own(m))
                    .toList()) + ") and no attribute of its items says which";
            return new Found(split, evidence(split, String.join(", ", split.ids().keySet()), ReferenceEvidence.Kind.REFERENCE, reason,
                    null, List.of()), warning(split));
        }
        Map<String, Set<String>> valuesByModel = new LinkedHashMap<>();
        split.ids().keySet().forEach(model -> valuesByModel.put(model, new LinkedHashSet<>()));
        by.getValue().forEach((value, model) -> valuesByModel.get(model).add(value));
        List<ProposedPattern> patterns = new ArrayList<>();
        valuesByModel.forEach((model, values) -> patterns.add(ProposedPattern.of(model, split.ids().get(model).size(),
                new ValuePattern.When(by.getKey(), values))));
        return new Found(split, evidence(split, String.join(", ", split.ids().keySet()), ReferenceEvidence.Kind.PATTERN, null,
                basis(types, by.getKey(), by.getValue()), patterns), null);
    }

    /**
     * Why the proposal maps each value as it does: each table's own IDs, each value of the attribute with its items and
     * the table it names, the values that are IDs of two tables, and values of the attribute that go with no ID.
     */
    private static String basis(Types types, String attribute, Map<String, String> models) {
        Split split = types.split;
        String tables = String.join(" or ", split.ids().keySet().stream().map(m -> m + " (" + split.own(m) + ")").toList());
        Map<String, Type> seen = types.attributes.get(attribute).values;
        String each = String.join("; ", models.entrySet().stream().map(e -> e.getKey() + ": " + plural(seen.get(e.getKey()).items, "item")
                + ", " + e.getValue() + " IDs").toList());
        List<String> none = seen.entrySet().stream().filter(e -> e.getValue().tables == null).map(Map.Entry::getKey).toList();
        String unnamed = none.isEmpty() ? "" : "; " + attribute + " " + String.join(", ", none) + " goes with no ID of these tables:"
                + " in no table's models, so analysis names its items";
        return "IDs of " + tables + ", as " + attribute + " says (" + each + ")" + ambiguous(split, "mapped as its item's " + attribute
                + " says") + unnamed;
    }

    /** Why a proposal maps each value as an ID of the table whose source holds it: each table's IDs, no attribute saying which. */
    private static String heldBasis(Split split) {
        return "IDs of " + String.join(" or ", split.ids().keySet().stream().map(m -> m + " (" + split.own(m) + ")").toList())
                + ", none of two, and no attribute of its items says which: each mapped as an ID of the table whose source holds it";
    }

    /**
     * The warning of a path whose values are IDs of several tables, none of its items' attributes saying which: it names
     * the tables and their counts, and what to do, since the plan cannot map it yet.
     */
    private static String warning(Split split) {
        String path = split.path().path();
        String tables = String.join(" and ", split.ids().keySet().stream().map(m -> m + " (" + split.own(m) + ")").toList());
        return path + ": its values are IDs of several tables, " + tables + " of " + split.path().values().size() + " values"
                + ambiguous(split, "") + ", and no attribute of its items says which (none whose every value goes with one table's"
                + " IDs only): the plan cannot map it yet, so no table is proposed; list " + path + " in the table's keepSourceValues"
                + " to copy it as it is, or fix the data so that an attribute says which table each value is of";
    }

    /** {@code ; 1 value is an ID of Evaluation and Report ('x'), then}: the values that are IDs of two tables or more. */
    private static String ambiguous(Split split, String then) {
        List<String> ambiguous = split.ambiguous();
        if (ambiguous.isEmpty()) {
            return "";
        }
        Set<String> tables = new LinkedHashSet<>();
        split.ids().forEach((model, ids) -> {
            if (ambiguous.stream().anyMatch(ids::contains)) {
                tables.add(model);
            }
        });
        return "; " + (ambiguous.size() == 1 ? "1 value is an ID of " : ambiguous.size() + " values are IDs of ")
                + String.join(" and ", tables) + " (" + String.join(", ", ambiguous.stream().limit(EXAMPLES).map(v -> "'" + v + "'")
                .toList()) + (ambiguous.size() > EXAMPLES ? ", …" : "") + ")" + (then.isEmpty() ? "" : ", " + then);
    }

    private ReferenceEvidence evidence(Split split, String model, ReferenceEvidence.Kind kind, String reason, String basis,
                                       List<ProposedPattern> patterns) {
        PathValues path = split.path();
        Set<String> matched = split.matched();
        int checked = path.values().size();
        double confidence = ReferenceEvidence.confidence(matched.size(), checked);
        List<String> unresolved = path.values().stream().filter(v -> !matched.contains(v)).limit(EXAMPLES).toList();
        return new ReferenceEvidence(path.path(), model, checked, matched.size(), TableInference.round((double) matched.size() / checked, 4),
                path.items(), path.occurrences(), path.emptyCount(), path.nonStringCount(), path.truncated(), split.method(),
                TableInference.round(confidence, 3), ReferenceEvidence.level(confidence), matched.stream().limit(EXAMPLES).toList(),
                unresolved, List.of(), reason, kind, basis, patterns, null);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /**
     * One split path's items as read again: by each top-level attribute of theirs, each of its values with the tables
     * the IDs of its items are of.
     */
    private static final class Types {
        /** Of two attributes that say which table, the one of fewer values, then by name: the same plan every time. */
        private static final Comparator<Map.Entry<String, Map<String, String>>> FEWEST_VALUES =
                Comparator.<Map.Entry<String, Map<String, String>>>comparingInt(e -> e.getValue().size()).thenComparing(Map.Entry::getKey);

        private final Split split;
        /** The path's own top-level attribute, which cannot say which table its values are of. */
        private final String own;
        /** Items holding an ID of one of the tables at the path. */
        private int idItems;
        private final Map<String, Attribute> attributes = new LinkedHashMap<>();

        Types(Split split) {
            this.split = split;
            this.own = split.path().path().split("[.\\[]", 2)[0];
        }

        void item(Map<String, AttributeValue> item, PathValues at) {
            if (at == null || at.values().isEmpty()) {
                return;
            }
            Set<String> tables = tables(at.values());
            if (tables != null) {
                idItems++;
            }
            item.forEach((name, value) -> {
                String text = value.type() == AttributeValue.Type.S ? value.s() : value.type() == AttributeValue.Type.N ? value.n() : null;
                if (!name.equals(own) && text != null && !text.isEmpty()) {
                    attributes.computeIfAbsent(name, n -> new Attribute()).count(text, tables);
                }
            });
        }

        /**
         * The tables every value of the item that is an ID of one is an ID of (empty: its values are IDs of different
         * tables); null when none is an ID of any.
         */
        private Set<String> tables(Set<String> values) {
            Set<String> tables = null;
            for (String value : values) {
                Set<String> of = new LinkedHashSet<>();
                split.ids().forEach((model, ids) -> {
                    if (ids.contains(value)) {
                        of.add(model);
                    }
                });
                if (!of.isEmpty()) {
                    if (tables == null) {
                        tables = of;
                    } else {
                        tables.retainAll(of);
                    }
                }
            }
            return tables;
        }

        /**
         * The attribute that says which table, with the table each of its values names: held by every item with an ID,
         * each of its values going with IDs of one table only, every table named, and fewer values than the IDs (an
         * attribute of the items' own values would name each one's table by chance); the one of fewest values. Null for none.
         */
        Map.Entry<String, Map<String, String>> by() {
            int ids = split.matched().size();
            Map.Entry<String, Map<String, String>> best = null;
            for (Map.Entry<String, Attribute> entry : attributes.entrySet()) {
                Attribute attribute = entry.getValue();
                Map<String, String> models = attribute.covered < idItems ? null : attribute.models();
                if (models == null || !Set.copyOf(models.values()).equals(split.ids().keySet()) || models.size() >= ids) {
                    continue;
                }
                Map.Entry<String, Map<String, String>> candidate = Map.entry(entry.getKey(), models);
                if (best == null || FEWEST_VALUES.compare(candidate, best) < 0) {
                    best = candidate;
                }
            }
            return best;
        }
    }

    /** One top-level attribute's values (up to {@link #MAX_TYPES}) beside a split path's IDs. */
    private static final class Attribute {
        /** Items with an ID at the path that hold this attribute. */
        private int covered;
        private boolean tooMany;
        private final Map<String, Type> values = new LinkedHashMap<>();

        void count(String value, Set<String> tables) {
            if (tooMany) {
                return;
            }
            Type type = values.computeIfAbsent(value, v -> new Type());
            if (values.size() > MAX_TYPES) {
                tooMany = true;
                values.clear();
                return;
            }
            type.items++;
            if (tables != null) {
                covered++;
                type.tables = type.tables == null ? new LinkedHashSet<>(tables) : type.tables;
                type.tables.retainAll(tables);
            }
        }

        /** The table each value names, the values that go with no ID left out; null when a value goes with two tables' IDs. */
        Map<String, String> models() {
            if (tooMany) {
                return null;
            }
            Map<String, String> models = new LinkedHashMap<>();
            for (Map.Entry<String, Type> entry : values.entrySet()) {
                Set<String> tables = entry.getValue().tables;
                if (tables != null && tables.size() != 1) {
                    return null;
                }
                if (tables != null) {
                    models.put(entry.getKey(), tables.iterator().next());
                }
            }
            return models;
        }
    }

    /** One value of an attribute: its items with a value at the path, and the tables all their IDs are of (null: none yet). */
    private static final class Type {
        private int items;
        private Set<String> tables;
    }
}
