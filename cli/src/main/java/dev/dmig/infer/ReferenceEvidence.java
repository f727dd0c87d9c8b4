package dev.dmig.infer;

import java.util.List;

/**
 * One path checked against one table's IDs, proposed or turned down, with what was seen.
 *
 * @param path            the path in plan syntax
 * @param model           the table whose IDs the values were checked against
 * @param checked         distinct non-empty string values checked
 * @param matched         how many of them are IDs of {@code model}
 * @param matchRate       matched / checked
 * @param items           sampled items with a non-empty string at the path
 * @param occurrences     non-empty strings at the path, repeats included
 * @param emptyValues     NULL and "" values at the path (a reference leaves them alone)
 * @param nonStringValues other types at the path (a reference path must not meet them)
 * @param valuesTruncated more distinct values were seen than checked
 * @param method          {@code sample} (the table was read in full) or {@code lookup} (values looked up by key)
 * @param confidence      the lower bound of the 95% Wilson interval of the match rate: low for few values
 * @param level           {@code high} (≥ 0.9), {@code medium} (≥ 0.7) or {@code low}
 * @param examples        a few matched values
 * @param unresolved      a few values that are not IDs of {@code model} (orphans, for a proposed reference)
 * @param alsoMatches     other tables whose IDs the values also are (an ambiguous proposal)
 * @param reason          why it was turned down; null when proposed
 */
public record ReferenceEvidence(String path, String model, int checked, int matched, double matchRate, int items,
                                int occurrences, int emptyValues, int nonStringValues, boolean valuesTruncated,
                                String method, double confidence, String level, List<String> examples,
                                List<String> unresolved, List<String> alsoMatches, String reason) {

    public boolean proposed() {
        return reason == null;
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
}
