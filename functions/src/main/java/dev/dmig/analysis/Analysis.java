package dev.dmig.analysis;

import java.util.List;

/**
 * {@code runs/<runId>/analysis.json}: what a migration would move and what stands in its way —
 * counts, sizes, levels, reference fill rates, orphans, conflicts, problems, tables the plan
 * leaves out, and the duration and cost estimate; {@code identities}: the run's identity map and what it matched (null
 * for a plan that maps no identity); {@code files}: its Storage files (null for a plan without file references).
 */
public record Analysis(String runId, String mode, String planDigest, String sourceSuffix, String targetSuffix,
                       String onConflict, String createdAt, List<List<String>> levels, List<TableAnalysis> tables,
                       Totals totals, List<String> unconfiguredTables, List<String> skippedModels,
                       List<String> problems, Estimate estimate, List<String> warnings, IdentitySummary identities,
                       FilesSummary files) {

    /**
     * Sums over all tables; {@code uniquenessConflicts} counts values of {@code unique} attributes that would collide;
     * {@code identical}: the conflicts whose target item is already exactly what the run would write.
     */
    public record Totals(int tables, long items, long bytes, long orphans, long conflicts, long adopted, long problems,
                         long uniquenessConflicts, long identical) {}
}
