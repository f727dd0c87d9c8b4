package dev.dmig.infer;

import java.util.Map;

/**
 * One alternative of a proposed pattern.
 *
 * @param pattern      as the plan writes it, {@code ORDER#{order}}
 * @param placeholders each placeholder that maps, and what it holds (a model, {@code @sub}, {@code @username}); the
 *                     others are copied as they are
 * @param shown        for people: each placeholder named by what it holds, {@code ORDER#<App ID>}
 * @param values       distinct sampled values of this form
 */
public record ProposedPattern(String pattern, Map<String, String> placeholders, String shown, int values) {
    public ProposedPattern {
        placeholders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(placeholders));
    }

    /** Whether some placeholder maps (else the alternative only lets its values through unchanged). */
    public boolean maps() {
        return !placeholders.isEmpty();
    }
}
