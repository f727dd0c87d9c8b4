package dev.dmig.plan;

import java.util.List;

/**
 * How a reference maps a value that is more than an ID: one {@link ValuePattern}, or several alternatives of
 * which the first the value matches applies. A value that matches none is a data problem. {@code byHolder}: the
 * alternatives are whole-value patterns of several tables ({@code {"oneOf": ["Evaluation", "Report"]}}), of which the one
 * whose table's source holds the value applies.
 */
public record ValueMapping(List<ValuePattern> alternatives, boolean byHolder) {

    public ValueMapping {
        alternatives = List.copyOf(alternatives);
    }

    public ValueMapping(List<ValuePattern> alternatives) {
        this(alternatives, false);
    }

    /** The patterns as the plan wrote them, for messages: {@code ORDER#{id}, PROFILE}. */
    public String describe() {
        return String.join(", ", alternatives.stream().map(ValuePattern::described).toList())
                + (byHolder ? " (the table whose source holds the value)" : "");
    }

    /** The model of {@code pattern}'s one placeholder, for a whole-value pattern of a table ({@link #byHolder}). */
    public static String modelOf(ValuePattern pattern) {
        return ((PlaceholderTarget.Model) pattern.placeholders().get(0).target()).model();
    }

    /** Whether some placeholder holds an identity. */
    public boolean mapsIdentities() {
        return alternatives.stream().flatMap(p -> p.placeholders().stream())
                .anyMatch(p -> p.target() instanceof PlaceholderTarget.Identity);
    }

    /** The models whose IDs some placeholder holds. */
    public List<String> models() {
        return alternatives.stream().flatMap(p -> p.placeholders().stream())
                .map(ValuePattern.Placeholder::target)
                .filter(PlaceholderTarget.Model.class::isInstance)
                .map(t -> ((PlaceholderTarget.Model) t).model())
                .distinct().toList();
    }
}
