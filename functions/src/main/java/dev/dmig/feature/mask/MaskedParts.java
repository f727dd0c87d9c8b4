package dev.dmig.feature.mask;

import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.ValuePattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The parts of a composite value a rule masks ({@code USER#{email}}, written as a reference's pattern): its patterns,
 * tried in order, each placeholder the rule names masked as its kind and the others kept. The value matched is the value
 * as the run writes it, its IDs already mapped, so that the rule reads alone.
 */
public record MaskedParts(List<Alternative> alternatives) {
    public MaskedParts {
        alternatives = List.copyOf(alternatives);
    }

    /** One pattern and the rules of its masked placeholders, by name. */
    public record Alternative(ValuePattern pattern, Map<String, MaskRule> parts) {
        public Alternative {
            parts = Map.copyOf(parts);
        }
    }

    /** The patterns as the plan wrote them: {@code USER#{email}, PROFILE}. */
    String describe() {
        return alternatives.stream().map(alternative -> alternative.pattern().text()).collect(Collectors.joining(", "));
    }

    /** The rules of every masked part, in the patterns' order. */
    List<MaskRule> rules() {
        List<MaskRule> rules = new ArrayList<>();
        for (Alternative alternative : alternatives) {
            for (ValuePattern.Placeholder placeholder : alternative.pattern().placeholders()) {
                MaskRule part = alternative.parts().get(placeholder.name());
                if (part != null) {
                    rules.add(part);
                }
            }
        }
        return rules;
    }

    /** The first alternative {@code value} matches and its parts; null when none does. */
    Matched match(String value) {
        for (Alternative alternative : alternatives) {
            List<String> parts = alternative.pattern().match(value);
            if (parts != null) {
                return new Matched(alternative, parts);
            }
        }
        return null;
    }

    /** The kinds of the parts of {@code value} the rule masks, one per masked part; none when no pattern takes it. */
    List<MaskKind> kinds(String value) {
        Matched matched = match(value);
        if (matched == null) {
            return List.of();
        }
        return matched.alternative().pattern().placeholders().stream().map(p -> matched.alternative().parts().get(p.name()))
                .filter(java.util.Objects::nonNull).map(MaskRule::kind).toList();
    }

    /**
     * {@code value} built again with each masked part replaced by {@code f}; refused with why (never the value, which is
     * personal) when it matches none of the patterns ({@link IllegalArgumentException}).
     */
    String masked(String value, BiFunction<MaskRule, String, String> f) {
        Matched matched = match(value);
        if (matched == null) {
            throw new IllegalArgumentException("its value matches none of its mask's patterns " + describe()
                    + "; add a pattern it has (a last {\"pattern\": \"{other}\"} keeps the others as they are)");
        }
        List<String> parts = matched.parts();
        List<ValuePattern.Placeholder> placeholders = matched.alternative().pattern().placeholders();
        for (int i = 0; i < parts.size(); i++) {
            MaskRule part = matched.alternative().parts().get(placeholders.get(i).name());
            if (part != null) {
                parts.set(i, f.apply(part, parts.get(i)));
            }
        }
        return matched.alternative().pattern().render(parts);
    }

    /**
     * How many values at {@code path} of {@code mapped} are a value {@code source} held there whose pattern masks a part
     * (not a {@code constant} alone, which may equal its source on purpose): a composite value left as it was, which the
     * analysis refuses and validation fails.
     */
    int unmasked(ReferencePath path, Map<String, AttributeValue> source, Map<String, AttributeValue> mapped) {
        Set<String> held = new HashSet<>();
        for (AttributeValue value : MaskWalk.values(source, path)) {
            Matched matched = value.s() == null ? null : match(value.s());
            if (matched != null && matched.alternative().parts().values().stream().anyMatch(part -> part.kind() != MaskKind.CONSTANT)) {
                held.add(value.s());
            }
        }
        return held.isEmpty() ? 0 : (int) MaskWalk.values(mapped, path).stream().filter(value -> held.contains(value.s())).count();
    }

    /** The alternative a value matched, and its parts. */
    record Matched(Alternative alternative, List<String> parts) {}
}
