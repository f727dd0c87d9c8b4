package dev.dmig.migrate;

import dev.dmig.Features;
import dev.dmig.identity.Usernames;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Values mapped by patterns: the first of a mapping's patterns that applies to the item ({@link ValuePattern#appliesTo})
 * and that a value matches, or, for a reference to the table whose source holds each value ({@link ValueMapping#byHolder}),
 * the pattern of the table that holds it ({@link SourceHolders}); and the value built again with each
 * placeholder's part mapped, a model's ID by {@link TargetIds}, another kind's (an identity) by the feature that maps
 * that kind ({@link PlaceholderValues}). One per transformer ({@link RewriteParts#patterns}), which the rewrites share
 * (Storage files' keys are mapped by it too).
 */
public final class PatternValues {
    /** The first of a mapping's patterns that a value matches, and its parts. */
    record Matched(ValuePattern pattern, List<String> parts) {}

    private static final List<PlaceholderValues.Feature> FEATURES = Features.at(PlaceholderValues.Feature.class);

    private final TargetIds ids;
    /** The features' mappings of parts, by the type of placeholder target each maps. */
    private final Map<Class<?>, PlaceholderValues> values = new HashMap<>();
    private final SourceHolders holders;

    PatternValues(TargetIds ids, MigrationPlan plan, RunMappings run) {
        this.ids = ids;
        this.holders = run.holders();
        for (PlaceholderValues.Feature feature : FEATURES) {
            PlaceholderValues mapping = feature.of(plan, run);
            values.putIfAbsent(mapping.target(), mapping);
        }
    }

    /**
     * {@code value} built again by the first of the mapping's patterns it matches, each placeholder's part mapped; null
     * when a feature removes the whole value for a part (an identity without a match, where the plan removes such values).
     */
    public String mapped(TablePlan table, ReferencePath path, ValueMapping mapping, String value, Map<String, AttributeValue> source) {
        Matched matched = match(table, path, mapping, value, source);
        List<String> parts = matched.parts();
        for (int i = 0; i < parts.size(); i++) {
            PlaceholderTarget target = matched.pattern().placeholders().get(i).target();
            if (target instanceof PlaceholderTarget.Model m) {
                parts.set(i, ids.newId(m.model(), parts.get(i)));
            } else if (!(target instanceof PlaceholderTarget.Kept)) {
                String part = valuesOf(table, path, target, parts.get(i), source).mapped(table, path, target, parts.get(i), source);
                if (part == null) {
                    return null;
                }
                parts.set(i, part);
            }
        }
        return matched.pattern().render(parts);
    }

    /** The feature's mapping of {@code target}'s parts; refused naming the item where this build has none. */
    private PlaceholderValues valuesOf(TablePlan table, ReferencePath path, PlaceholderTarget target, String part,
                                       Map<String, AttributeValue> source) {
        PlaceholderValues mapping = values.get(target.getClass());
        if (mapping == null) {
            throw ValueWalk.invalid(table, path.text(), source, "'" + ValueWalk.shortened(Usernames.shownValue(part))
                    + "' is held by a placeholder of a kind (" + target.getClass().getSimpleName() + ") that this build of dmig does not map");
        }
        return mapping;
    }

    /** The first of a mapping's patterns that {@code value} matches, and its parts; refused naming the item when none does. */
    Matched match(TablePlan table, ReferencePath path, ValueMapping mapping, String value, Map<String, AttributeValue> item) {
        if (mapping.byHolder()) {
            return held(table, path, mapping, value, item);
        }
        for (ValuePattern pattern : mapping.alternatives()) {
            if (!pattern.appliesTo(item)) {
                continue;
            }
            List<String> parts = pattern.match(value);
            if (parts != null) {
                return new Matched(pattern, parts);
            }
        }
        // An email or phone number a user typed where a key belongs is shown masked.
        ItemInvalidException invalid = ValueWalk.invalid(table, path.text(), item, "'" + ValueWalk.shortened(Usernames.shownValue(value))
                + "' " + (mapping.alternatives().size() == 1 ? "does not match its pattern " : "matches none of its patterns ")
                + mapping.describe());
        throw new ItemInvalidException(invalid.problem(), value);
    }

    /**
     * The pattern of the one table whose source holds {@code value}; the first table's for a value none holds (an orphan,
     * counted as that table's); refused naming the item and the tables when several hold it.
     */
    private Matched held(TablePlan table, ReferencePath path, ValueMapping mapping, String value, Map<String, AttributeValue> item) {
        List<ValuePattern> holding = mapping.alternatives().stream()
                .filter(pattern -> holders.holds(ValueMapping.modelOf(pattern), value)).toList();
        if (holding.size() > 1) {
            List<String> models = holding.stream().map(ValueMapping::modelOf).toList();
            ItemInvalidException invalid = ValueWalk.invalid(table, path.text(), item, "'" + ValueWalk.shortened(Usernames.shownValue(value))
                    + "' is the ID of a record in each of " + String.join(" and ", models) + " in the source, so which it names"
                    + " cannot be told; say it by another attribute of the item ({\"by\": <attribute>, \"models\": {…}}) or make the"
                    + " IDs differ");
            // Not a value no pattern takes: no pattern added to the list would tell which table it names.
            throw invalid;
        }
        ValuePattern pattern = holding.isEmpty() ? mapping.alternatives().get(0) : holding.get(0);
        return new Matched(pattern, new java.util.ArrayList<>(List.of(value)));
    }
}
