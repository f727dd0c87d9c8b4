package dev.dmig.migrate;

import dev.dmig.identity.Usernames;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Values mapped by patterns: the first of a mapping's patterns that applies to the item ({@link ValuePattern#appliesTo})
 * and that a value matches, or, for a reference to the table whose source holds each value ({@link ValueMapping#byHolder}),
 * the pattern of the table that holds it ({@link SourceHolders}); and the value built again with each
 * placeholder's part mapped, a model's ID by {@link TargetIds}, an identity by {@link IdentityValues}.
 */
final class PatternValues {
    /** The first of a mapping's patterns that a value matches, and its parts. */
    record Matched(ValuePattern pattern, List<String> parts) {}

    private final TargetIds ids;
    private final IdentityValues identities;
    private final SourceHolders holders;

    PatternValues(TargetIds ids, IdentityValues identities, SourceHolders holders) {
        this.ids = ids;
        this.identities = identities;
        this.holders = holders;
    }

    IdentityValues identities() {
        return identities;
    }

    /**
     * {@code value} built again by the first of the mapping's patterns it matches, each placeholder's part mapped; null
     * when an identity in it has no match and the plan removes such values.
     */
    String mapped(TablePlan table, ReferencePath path, ValueMapping mapping, String value, Map<String, AttributeValue> source) {
        Matched matched = match(table, path, mapping, value, source);
        List<String> parts = matched.parts();
        for (int i = 0; i < parts.size(); i++) {
            PlaceholderTarget target = matched.pattern().placeholders().get(i).target();
            if (target instanceof PlaceholderTarget.Model m) {
                parts.set(i, ids.newId(m.model(), parts.get(i)));
            } else if (target instanceof PlaceholderTarget.Identity identity) {
                String user = identities.mapped(table, path, identity.kind(), parts.get(i), source);
                if (user == null) {
                    return null;
                }
                parts.set(i, user);
            }
        }
        return matched.pattern().render(parts);
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
