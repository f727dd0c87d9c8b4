package dev.dmig.validate;

import dev.dmig.plan.KeptValues;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An attribute of a table's target items (by path, as in the target), or the object keys of one of its file references
 * ({@code objectKeys}), that still holds values naming the source's users or records after the run: {@code values} of
 * them, by kind ({@code sub}, {@code username}, {@code identityId}, {@code id:<Model>}), {@code whole} those that are such
 * a value whole rather than hold one, and the first target item (its key) or object it was found in, emails and phone
 * numbers masked. {@code keptBy}: what in the plan keeps them as they are ({@code keepSourceValues}, or
 * {@code identities.onUnmatched} for the values of an identity reference it keeps); null when nothing does: then the
 * table fails validation.
 */
public record SourceValueFinding(String path, boolean objectKeys, long values, Map<String, Long> kinds, Map<String, Long> whole,
                                 String example, String keptBy) {
    static final String KEEP_FIELD = "keepSourceValues";

    public SourceValueFinding {
        kinds = Map.copyOf(kinds);
        whole = Map.copyOf(whole);
    }

    /** The findings of {@code model}'s parts, each with what in the plan keeps it, if anything: attributes first, then objects. */
    static List<SourceValueFinding> of(MigrationPlan plan, String model, List<SegmentCheck> parts) {
        Map<String, SourceValueTally> values = new TreeMap<>();
        Map<String, SourceValueTally> objects = new TreeMap<>();
        for (SegmentCheck part : parts) {
            if (part.model.equals(model)) {
                part.sourceValues.forEach((path, tally) -> values.computeIfAbsent(path, p -> new SourceValueTally()).add(tally));
                part.sourceValueObjects.forEach((path, tally) -> objects.computeIfAbsent(path, p -> new SourceValueTally()).add(tally));
            }
        }
        List<SourceValueFinding> findings = new ArrayList<>();
        TablePlan table = plan.table(model);
        values.forEach((path, tally) -> findings.add(new SourceValueFinding(path, false, tally.values, tally.kinds,
                tally.whole, tally.example, keptBy(plan, table, path))));
        objects.forEach((path, tally) -> findings.add(new SourceValueFinding(path, true, tally.values, tally.kinds,
                tally.whole, tally.example, keptBy(plan, table, path))));
        return findings;
    }

    /**
     * What keeps the values at {@code path} as they are: a {@code keepSourceValues} path it is at or under, or what of a
     * feature's plan keeps them on purpose ({@link SourceNames.Feature#keptBy}: an identity reference's values under
     * {@code onUnmatched: keep}, copied as they are when the map has no match); null when nothing does.
     */
    static String keptBy(MigrationPlan plan, TablePlan table, String path) {
        for (ReferencePath kept : KeptValues.of(table)) {
            String text = kept.text();
            if (path.equals(text) || path.startsWith(text + ".") || path.startsWith(text + "[")) {
                return KEEP_FIELD;
            }
        }
        return SourceNames.keptByFeatures(plan, table, path).orElse(null);
    }

    /** Whether the plan maps the values at this path at all: a reference, a pattern, a file's pattern (a plain key is copied). */
    private boolean mappedIn(TablePlan table) {
        return table.references().keySet().stream().anyMatch(p -> p.text().equals(path))
                || table.mappings().keySet().stream().anyMatch(p -> p.text().equals(path))
                || table.files().keySet().stream().anyMatch(p -> p.text().equals(path) && table.files().get(p).mapping() != null);
    }

    /**
     * Where and what, in a line: {@code table Task, attribute assignee: 477 values are source users' subs} or {@code table
     * Photo, objects of image.key: 3 object keys hold source users' identity IDs}.
     */
    public String describe(String model) {
        return "table " + model + (objectKeys ? ", objects of " : ", attribute ") + path + ": " + what();
    }

    /** What was found, in a few words: {@code 477 values are source users' subs, 3 hold source IDs of Project}. */
    String what() {
        List<String> parts = new ArrayList<>();
        String noun = objectKeys ? "object keys" : "values";
        boolean first = true;
        List<Map.Entry<String, Long>> most = kinds.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).toList();
        for (Map.Entry<String, Long> kind : most) {
            long n = kind.getValue();
            long asWhole = whole.getOrDefault(kind.getKey(), 0L);
            String verb = asWhole == n ? (n == 1 ? "is" : "are") : asWhole == 0 ? (n == 1 ? "holds" : "hold") : "are or hold";
            String counted = String.format(Locale.ROOT, "%,d", n);
            String subject = first ? counted + " " + (n == 1 ? noun.substring(0, noun.length() - 1) : noun) : counted;
            parts.add(subject + " " + verb + " " + kindName(kind.getKey(), n == 1));
            first = false;
        }
        return String.join(", ", parts);
    }

    private static String kindName(String kind, boolean one) {
        if (kind.startsWith(SourceValueCheck.ID_KIND)) {
            return (one ? "a source ID of " : "source IDs of ") + kind.substring(SourceValueCheck.ID_KIND.length());
        }
        // A feature's kind (a source user's sub), said as it says it; one of a feature this build lacks, by its name.
        return SourceNames.kind(kind).map(known -> known.said(one)).orElse((one ? "a source value of kind " : "source values of kind ") + kind);
    }

    /**
     * The one line a finding nothing keeps fails its table with: {@code table Task, attribute assignee: 477 values are source
     * users' subs; the plan does not map this attribute (first: item id=…); …}.
     */
    String failure(MigrationPlan plan, String model) {
        TablePlan table = plan.table(model);
        boolean mapped = mappedIn(table);
        if (objectKeys) {
            return describe(model) + "; the plan " + (mapped ? "maps these keys, but not these values" : "does not map these keys")
                    + " (first: " + example + "); map them with a pattern on " + path + ", or list " + path + " in the table's "
                    + KEEP_FIELD + " to copy them as they are";
        }
        return describe(model) + "; the plan " + (mapped ? "maps this attribute, but not these values" : "does not map this attribute")
                + " (first: item " + example + "); map it in the plan, or list it in the table's " + KEEP_FIELD + " to copy it as it is";
    }
}
