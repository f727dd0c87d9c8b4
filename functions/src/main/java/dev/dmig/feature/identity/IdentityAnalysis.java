package dev.dmig.feature.identity;

import dev.dmig.analysis.OrphanExample;
import java.util.List;

/**
 * How one identity reference is used in the source: its path as analysis reports it ({@code owner},
 * {@code PK{sub}}), what it holds ({@code @owner}, {@code @sub}, {@code @username}), how many values it holds, and
 * how many of those the identity map has no match for, with examples (item and value), and of those how many name one of
 * the map's target users instead ({@code namingTargets}: a file whose columns are swapped). A table's section
 * {@code identities} of {@code analysis.json} is a list of them ({@link IdentityTallies#REFERENCES}).
 */
public record IdentityAnalysis(String path, String kind, long values, long unmatched, List<OrphanExample> unmatchedExamples,
                               long namingTargets) {}
