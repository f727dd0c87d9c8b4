package dev.dmig.feature.mask;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValuePattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a rule that masks parts of a composite value, written as a reference's pattern whose placeholders name kinds
 * instead of models: {@code {"pattern": "USER#{email}", "email": "email"}}, or a list of such alternatives, tried in
 * order (a placeholder not named is kept). Each part's kind makes text, and is read as a whole value's rule is, at the
 * part's path as analysis names it ({@code PK{email}}). Every problem is one line naming the table and the path.
 */
final class MaskPatterns {
    static final String PATTERN = "pattern";
    static final String EXAMPLE = "{\"pattern\": \"USER#{email}\", \"email\": \"email\"}";
    /** The kinds a part may be masked as: those that make text (a part is text in the value). */
    private static final Set<MaskKind> TEXT = Set.of(MaskKind.EMAIL, MaskKind.GIVEN_NAME, MaskKind.FAMILY_NAME,
            MaskKind.FULL_NAME, MaskKind.PHONE, MaskKind.USERNAME, MaskKind.ADDRESS, MaskKind.TEXT, MaskKind.DATE,
            MaskKind.CONSTANT);

    private MaskPatterns() {}

    /** The rule {@code node} gives {@code path}; empty after adding why to {@code problems}. */
    static Optional<MaskRule> read(String model, ReferencePath path, JsonNode node, List<Problem> problems) {
        List<JsonNode> entries = new ArrayList<>();
        if (node.isObject()) {
            entries.add(node);
        } else {
            node.forEach(entries::add);
        }
        if (entries.isEmpty()) {
            problems.add(Problem.attribute(model, path.text(), "mask has an empty list of patterns; give at least one, like "
                    + EXAMPLE));
            return Optional.empty();
        }
        int before = problems.size();
        List<MaskedParts.Alternative> alternatives = new ArrayList<>();
        for (JsonNode entry : entries) {
            alternative(model, path, entry, problems).ifPresent(alternatives::add);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        MaskedParts parts = new MaskedParts(alternatives);
        if (parts.rules().isEmpty()) {
            String first = alternatives.get(0).pattern().text();
            problems.add(Problem.attribute(model, path.text(), "mask pattern" + (alternatives.size() == 1 ? " '" + first
                    + "' masks" : "s " + parts.describe() + " mask") + " nothing: name a placeholder and its kind, like " + EXAMPLE));
            return Optional.empty();
        }
        MaskRule first = parts.rules().get(0);
        return Optional.of(new MaskRule(path, first.kind(), null, MaskRule.DEFAULT_RANGE, MaskRule.DEFAULT_DAYS, parts));
    }

    private static Optional<MaskedParts.Alternative> alternative(String model, ReferencePath path, JsonNode entry,
                                                                 List<Problem> problems) {
        JsonNode text = entry.get(PATTERN);
        if (!entry.isObject() || text == null || !text.isTextual() || text.asText().isEmpty()) {
            problems.add(Problem.attribute(model, path.text(), "a mask pattern must be an object with \"pattern\", like "
                    + EXAMPLE + ", not " + entry));
            return Optional.empty();
        }
        ValuePattern pattern;
        try {
            pattern = ValuePattern.parse(text.asText(), Map.of());
        } catch (IllegalArgumentException e) {
            problems.add(Problem.attribute(model, path.text(), "mask pattern '" + text.asText() + "' does not parse: "
                    + e.getMessage()));
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, MaskRule> parts = new LinkedHashMap<>();
        entry.fields().forEachRemaining(field -> {
            if (field.getKey().equals(PATTERN)) {
                return;
            }
            if (!pattern.names().contains(field.getKey())) {
                problems.add(Problem.attribute(model, path.text(), "mask pattern '" + pattern.text() + "' has no placeholder {"
                        + field.getKey() + "}" + (pattern.names().isEmpty() ? "" : " (its placeholders: "
                        + String.join(", ", pattern.names()) + ")")));
                return;
            }
            ReferencePath at = new ReferencePath(TablePlan.placeholderPath(path, field.getKey()), path.steps());
            MaskSection.kinded(model, at, field.getValue(), problems).ifPresent(part -> {
                if (TEXT.contains(part.kind()) && (part.constant() == null || part.constant().s() != null)) {
                    parts.put(field.getKey(), part);
                } else {
                    problems.add(Problem.attribute(model, at.text(), "is a part of a composite value, which is text: mask it"
                            + " as a kind that makes text (\"email\", \"givenName\", \"familyName\", \"fullName\", \"phone\","
                            + " \"username\", \"address\", \"text\", \"date\" or a \"constant\" string), not "
                            + part.kind().planName() + (part.constant() == null ? "" : " " + part.constant().n())));
                }
            });
        });
        return problems.size() > before ? Optional.empty() : Optional.of(new MaskedParts.Alternative(pattern, parts));
    }
}
