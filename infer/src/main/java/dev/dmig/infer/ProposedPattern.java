package dev.dmig.infer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dmig.plan.ValuePattern;
import java.util.List;
import java.util.Map;

/**
 * One alternative of a proposed pattern.
 *
 * @param pattern      as the plan writes it, {@code ORDER#{order}}
 * @param placeholders each placeholder that maps, and what it holds (a model, {@code @sub}, {@code @username},
 *                     {@code @identityId}); the others are copied as they are
 * @param shown        for people: each placeholder named by what it holds, {@code ORDER#<App ID>}
 * @param values       distinct sampled values of this form
 * @param examples     for the catch-all alternative, a few of the values it keeps; empty for the others
 * @param fixed        the pieces written as literal text where a placeholder would have held too few values (fewer than a
 *                     reference's count) that are IDs of no table read and no user's; empty for the others
 * @param when         the items it applies to, by another attribute's values (a reference to one of several tables, the
 *                     plan's {@code "by"}); null for every item
 */
record ProposedPattern(String pattern, Map<String, String> placeholders, String shown, int values, List<String> examples,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> fixed, ValuePattern.When when) {
    /** The alternative that takes, last, the few values of no other form, and keeps them as they are. */
    public static final String CATCH_ALL = "{other}";

    public ProposedPattern {
        placeholders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(placeholders));
        examples = List.copyOf(examples);
        fixed = List.copyOf(fixed);
    }

    public ProposedPattern(String pattern, Map<String, String> placeholders, String shown, int values, List<String> examples,
                           List<String> fixed) {
        this(pattern, placeholders, shown, values, examples, fixed, null);
    }

    public ProposedPattern(String pattern, Map<String, String> placeholders, String shown, int values) {
        this(pattern, placeholders, shown, values, List.of(), List.of());
    }

    /**
     * A whole value that is an ID of {@code model} in the items {@code when} says, its placeholder named after the model:
     * one table of a reference to one of several tables.
     */
    static ProposedPattern of(String model, int values, ValuePattern.When when) {
        String name = placeholder(model);
        return new ProposedPattern("{" + name + "}", Map.of(name, model), "<" + model + " ID> when " + when, values, List.of(),
                List.of(), when);
    }

    /**
     * The alternative of a reference to the table whose source holds each value ({@code "oneOf"}) that maps a value as an ID
     * of {@code model}, which {@code values} sampled values are.
     */
    static ProposedPattern held(String model, int values) {
        String name = placeholder(model);
        return new ProposedPattern("{" + name + "}", Map.of(name, model), "<" + model + " ID> where " + model + " holds it", values,
                List.of(), List.of(), null);
    }

    /** The placeholder a whole value of {@code model} is named by: the model's name, as a placeholder may spell it. */
    private static String placeholder(String model) {
        String name = model.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    /** The catch-all alternative of {@code values} values, a few of them as {@code examples}. */
    static ProposedPattern catchAll(int values, List<String> examples) {
        return new ProposedPattern(CATCH_ALL, Map.of(), "<other>", values, examples, List.of());
    }

    /** Whether some placeholder maps (else the alternative only lets its values through unchanged). */
    public boolean maps() {
        return !placeholders.isEmpty();
    }

    /** Whether this is the catch-all alternative. */
    public boolean catchAll() {
        return pattern.equals(CATCH_ALL) && placeholders.isEmpty();
    }
}
