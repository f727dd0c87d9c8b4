package dev.dmig.infer;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * One path checked against one table's IDs, against the environment's users, or for IDs inside composite values;
 * proposed or turned down, with what was seen.
 *
 * @param path            the path in plan syntax
 * @param model           the table whose IDs the values were checked against; for an identity, what the plan maps
 *                        ({@code @owner}, {@code @sub}, {@code @username}); for a pattern, what its placeholders hold;
 *                        for a file, the bucket whose keys the values were checked against
 * @param checked         distinct non-empty string values checked
 * @param matched         how many of them are IDs of {@code model}
 * @param matchRate       matched / checked
 * @param items           sampled items with a non-empty string at the path
 * @param occurrences     non-empty strings at the path, repeats included
 * @param emptyValues     NULL and "" values at the path (a reference leaves them alone)
 * @param nonStringValues other types at the path (a reference path must not meet them)
 * @param valuesTruncated more distinct values were seen than checked
 * @param method          {@code sample} (the table was read in full) or {@code lookup} (values looked up by key); for a
 *                        file, {@code listing} (or {@code capped listing}: the bucket holds more keys than were listed);
 *                        {@code schema} for what the app's schema declares (the counts are then the sample's bearing it out)
 * @param confidence      the lower bound of the 95% Wilson interval of the match rate: low for few values
 * @param level           {@code high} (≥ 0.9), {@code medium} (≥ 0.7) or {@code low}; {@code declared} for the schema's
 * @param examples        a few matched values
 * @param unresolved      a few values that are not IDs of {@code model} (orphans, for a proposed reference)
 * @param alsoMatches     other tables whose IDs the values also are (an ambiguous proposal)
 * @param reason          why it was turned down; null when proposed
 * @param kind            a whole value that is an ID, a user's identity, IDs inside composite values, or an object of the
 *                        side's Storage bucket
 * @param basis           for an identity or a pattern, what the values were found to be ({@code <sub>::<username>, by
 *                        shape only}, {@code ORDER#<App ID>}); for the schema's, what declares it and what the sample shows
 * @param patterns        for a pattern, its alternatives in the order the plan tries them; for a file, the pattern
 *                        that renames its objects with their records, when one was found
 * @param file            for a file, how its values name the objects of the bucket ({@code model})
 */
record ReferenceEvidence(String path, String model, int checked, int matched, double matchRate, int items,
                                int occurrences, int emptyValues, int nonStringValues, boolean valuesTruncated,
                                String method, double confidence, String level, List<String> examples,
                                List<String> unresolved, List<String> alsoMatches, String reason, Kind kind, String basis,
                                List<ProposedPattern> patterns, ProposedFile file) {

    /** What a proposal maps: a whole value by a model, a user's identity, the IDs inside a composite value, or a file. */
    public enum Kind {
        REFERENCE, IDENTITY, PATTERN, FILE;

        @JsonValue
        public String planName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReferenceEvidence {
        examples = List.copyOf(examples);
        unresolved = List.copyOf(unresolved);
        alsoMatches = List.copyOf(alsoMatches);
        patterns = List.copyOf(patterns);
    }

    public boolean proposed() {
        return reason == null;
    }

    /** Whether the app's schema declares it (rather than the data suggesting it). */
    public boolean declared() {
        return "schema".equals(method);
    }

    /** Whether the proposal maps users' identities, so that the plan needs an identity map. */
    public boolean mapsIdentities() {
        return kind == Kind.IDENTITY || patterns.stream().anyMatch(p -> p.placeholders().values().stream().anyMatch(t -> t.startsWith("@")));
    }

    /** Whether the proposal maps identity-pool IDs ({@code @identityId}), which only an identity map's file gives. */
    public boolean mapsIdentityIds() {
        String identityId = dev.dmig.plan.IdentityKind.IDENTITY_ID.planName();
        return (kind == Kind.IDENTITY && identityId.equals(model))
                || patterns.stream().anyMatch(p -> p.placeholders().containsValue(identityId));
    }

    /**
     * What the plan says for the path, in one line: the model or identity ({@code Contacts}, {@code @owner}), or each
     * alternative of the pattern with what its placeholders hold ({@code ORDER#{order} order=App | PROFILE}), or the
     * table each value of another attribute names ({@code by resourceType: EVALUATION=Evaluation, REPORT=Report}), or a
     * file's format ({@code file key prefix=public/}).
     */
    public String target() {
        if (kind == Kind.FILE) {
            return "file " + file.format() + (file.prefix().isEmpty() ? "" : " prefix=" + file.prefix())
                    + (patterns.isEmpty() ? "" : " " + alternatives());
        }
        if (kind != Kind.PATTERN) {
            return model;
        }
        if (!oneOf().isEmpty()) {
            return "one of " + String.join(", ", oneOf()) + ", the table whose source holds each value";
        }
        String by = by();
        return by == null ? alternatives() : "by " + by + ": " + String.join(", ", patterns.stream().flatMap(p -> p.when().values()
                .stream().map(v -> v + "=" + p.placeholders().values().iterator().next())).toList());
    }

    /**
     * The attribute that says which table each value is an ID of, when the pattern is a reference to one of several tables
     * (every alternative a whole value of one model, for the items whose same attribute holds some values): the plan's
     * {@code "by"}. Null for any other pattern.
     */
    /**
     * The tables of a reference to the table whose source holds each value (every alternative a whole value of one model,
     * for every item, two or more): the plan's {@code "oneOf"}. Empty for any other.
     */
    public List<String> oneOf() {
        if (kind != Kind.PATTERN || patterns.size() < 2 || !patterns.stream().allMatch(p -> p.when() == null && p.placeholders().size() == 1
                && p.pattern().equals("{" + p.placeholders().keySet().iterator().next() + "}")
                && !p.placeholders().values().iterator().next().startsWith("@"))) {
            return List.of();
        }
        return patterns.stream().map(p -> p.placeholders().values().iterator().next()).toList();
    }

    public String by() {
        if (kind != Kind.PATTERN || patterns.isEmpty()) {
            return null;
        }
        String attribute = patterns.get(0).when() == null ? null : patterns.get(0).when().attribute();
        boolean each = patterns.stream().allMatch(p -> p.when() != null && p.when().attribute().equals(attribute)
                && p.placeholders().size() == 1 && p.pattern().equals("{" + p.placeholders().keySet().iterator().next() + "}")
                && !p.placeholders().values().iterator().next().startsWith("@"));
        return each ? attribute : null;
    }

    private String alternatives() {
        return String.join(" | ", patterns.stream().map(p -> p.pattern() + p.placeholders().entrySet().stream()
                .map(e -> " " + e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(""))
                + (p.when() == null ? "" : " when " + p.when())).toList());
    }

    /** The 95% Wilson score interval's lower bound of matched out of checked. */
    static double confidence(int matched, int checked) {
        if (checked == 0) {
            return 0;
        }
        double z = 1.959964;
        double n = checked;
        double p = matched / n;
        double centre = p + z * z / (2 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return (centre - spread) / (1 + z * z / n);
    }

    static String level(double confidence) {
        return confidence >= 0.9 ? "high" : confidence >= 0.7 ? "medium" : "low";
    }

    /** The level, no higher than medium when the values were judged by their shape only. */
    static String level(double confidence, boolean shapeOnly) {
        String level = level(confidence);
        return shapeOnly && level.equals("high") ? "medium" : level;
    }
}
