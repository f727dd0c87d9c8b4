package dev.dmig.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Literal text around placeholders, as a composite value is built: {@code ORDER#{id}},
 * {@code {projectId}#{createdAt}}. A value matches when it is the literals in order with a non-empty
 * part between each, split at the leftmost place that fits; each part is mapped by its placeholder's
 * target and the value is built again around the mapped parts. A brace doubled (<code>{{</code>,
 * <code>}}</code>) writes a literal brace. {@code when}: the pattern applies only to the items whose attribute holds
 * one of the values it names (another attribute says which table the value's ID is of: a polymorphic reference); null
 * for every item.
 */
public record ValuePattern(String text, List<String> literals, List<Placeholder> placeholders, Pattern regex, When when) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** One placeholder: its name in the pattern and what its part maps to. */
    public record Placeholder(String name, PlaceholderTarget target) {}

    /** The items a pattern applies to: those whose top-level {@code attribute} is one of {@code values}. */
    public record When(String attribute, Set<String> values) {
        public When {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        /** Whether {@code item}'s attribute is one of the values (a string, or a number as written). */
        public boolean holds(Map<String, AttributeValue> item) {
            AttributeValue value = item.get(attribute);
            if (value == null) {
                return false;
            }
            String text = value.type() == AttributeValue.Type.S ? value.s() : value.type() == AttributeValue.Type.N ? value.n() : null;
            return text != null && values.contains(text);
        }

        @Override
        public String toString() {
            return attribute + " is " + String.join(" or ", values);
        }
    }

    /** This pattern, applying only to the items {@code when} says. */
    public ValuePattern when(When when) {
        return new ValuePattern(text, literals, placeholders, regex, when);
    }

    /** Whether the pattern applies to {@code item} ({@link #when}). */
    public boolean appliesTo(Map<String, AttributeValue> item) {
        return when == null || when.holds(item);
    }

    /** The pattern as messages name it: its text, and to which items it applies when not to all. */
    public String described() {
        return when == null ? text : text + " (when " + when + ")";
    }

    public ValuePattern {
        literals = List.copyOf(literals);
        placeholders = List.copyOf(placeholders);
    }

    /** Whether some placeholder changes its part (a pattern whose parts are all kept copies the value as it is). */
    public boolean mapsSomething() {
        return placeholders.stream().anyMatch(p -> !(p.target() instanceof PlaceholderTarget.Kept));
    }

    /** The parts of {@code value}, one per placeholder, or null when the value does not have this pattern's form. */
    public List<String> match(String value) {
        Matcher matcher = regex.matcher(value);
        if (!matcher.matches()) {
            return null;
        }
        List<String> parts = new ArrayList<>(placeholders.size());
        for (int i = 1; i <= placeholders.size(); i++) {
            parts.add(matcher.group(i));
        }
        return parts;
    }

    /** The value with these parts, one per placeholder, in place. */
    public String render(List<String> parts) {
        StringBuilder value = new StringBuilder(literals.get(0));
        for (int i = 0; i < parts.size(); i++) {
            value.append(parts.get(i)).append(literals.get(i + 1));
        }
        return value.toString();
    }

    /** The names of the placeholders, in order. */
    public List<String> names() {
        return placeholders.stream().map(Placeholder::name).toList();
    }

    /**
     * Parses {@code text}; {@code targets} gives the target of each placeholder that maps (the others are kept).
     * Throws {@link IllegalArgumentException} with the reason when the text is not a pattern.
     */
    public static ValuePattern parse(String text, Map<String, PlaceholderTarget> targets) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '}') {
                throw new IllegalArgumentException("'}' at position " + (i + 1) + " closes no placeholder (write }} for a literal brace)");
            } else if (c == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'{' at position " + (i + 1) + " is not closed (write {{ for a literal brace)");
                }
                String name = text.substring(i + 1, close);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("placeholder {" + name + "} must be a name of letters, digits and _");
                }
                if (names.contains(name)) {
                    throw new IllegalArgumentException("placeholder {" + name + "} appears twice");
                }
                if (!names.isEmpty() && literal.isEmpty()) {
                    throw new IllegalArgumentException("placeholders {" + names.get(names.size() - 1) + "} and {" + name
                            + "} have no text between them, so a value cannot be split");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                names.add(name);
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
        List<Placeholder> placeholders = new ArrayList<>();
        StringBuilder regex = new StringBuilder(Pattern.quote(literals.get(0)));
        for (int p = 0; p < names.size(); p++) {
            placeholders.add(new Placeholder(names.get(p), targets.getOrDefault(names.get(p), PlaceholderTarget.KEPT)));
            regex.append("(.+?)").append(Pattern.quote(literals.get(p + 1)));
        }
        return new ValuePattern(text, literals, placeholders, Pattern.compile(regex.toString(), Pattern.DOTALL), null);
    }

    /**
     * The whole value as one part, mapped by {@code target}: a placeholder without a name, which analysis reports under the
     * path alone; {@code text}: how the plan wrote it ({@code @owner}).
     */
    public static ValuePattern whole(String text, PlaceholderTarget target) {
        return new ValuePattern(text, List.of("", ""), List.of(new Placeholder("", target)), Pattern.compile("(.+)", Pattern.DOTALL),
                null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValuePattern that && text.equals(that.text) && placeholders.equals(that.placeholders)
                && java.util.Objects.equals(when, that.when);
    }

    @Override
    public int hashCode() {
        return (text.hashCode() * 31 + placeholders.hashCode()) * 31 + java.util.Objects.hashCode(when);
    }

    @Override
    public String toString() {
        return text;
    }
}
