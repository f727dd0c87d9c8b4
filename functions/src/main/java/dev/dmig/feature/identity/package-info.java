/**
 * Identities, a feature ({@code IdentityFeature}, listed in {@code META-INF/services/dev.dmig.Feature}): the run's
 * identity map, built from the user pools (over as many Analyze calls as it takes) or read from the plan's file before
 * the source is scanned, a file whose columns are swapped refused ({@code IdentityMapCheck}); what the analysis says of
 * it, its section {@code identities} ({@code IdentitySummary}); and an item holding an identity without a match left
 * behind under {@code onUnmatched: drop} ({@code IdentityWriteRule}). Nothing outside this package names it.
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, plan) and what they hand it (identity, run,
 * store); nothing imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.identity;
