/**
 * Identities, a feature ({@code IdentityFeature}, listed in {@code META-INF/services/dev.dmig.Feature}): the plan's
 * {@code identities} and a table's {@code onUnmatched} ({@code IdentitiesSection}), what becomes of an identity without a
 * match ({@code UnmatchedPolicy}, the plan's and the table's, whose {@code remove} a key attribute refuses, a
 * {@code plan.PlanCheck.Feature}); the run's identity map, built from the
 * user pools (over as many Analyze calls as it takes) or read from the plan's file before the source is scanned, a file
 * whose columns are swapped refused ({@code IdentityMapCheck}); a source user's sub the plan would hash as a record ID
 * ({@code HashedUsers}); what the analysis says of the map, its section {@code identities} ({@code IdentitySummary});
 * an item holding an identity without a match left behind under {@code onUnmatched: drop}, and why
 * ({@code IdentityWriteRule}); the warnings and the report's table of the values without a match
 * ({@code UnmatchedIdentities}); an identity in a value mapped by the run's identity map, whole or a pattern's part
 * ({@code IdentityValues}, the core's pattern rewrite asks it as a {@code migrate.PlaceholderValues}), and an item's
 * identities walked with whether the map has each ({@code IdentityWalk}, through the transformer's
 * {@code migrate.PlaceholderWalk}), which the tallies ({@code IdentityTallies}, each reference's counts an
 * {@code IdentityAnalysis}) and the write rule read. Nothing outside this package names it. The maps themselves and the
 * user pools ({@code dev.dmig.identity}), the map's sources as the plan holds them ({@code plan.Identities},
 * {@code plan.UserPoolRef}), the placeholders the plan's value mappings parse ({@code plan.IdentityKind}) and
 * validation's search for the source's users are the core's, which the CLI, infer and bench use too.
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, plan) and what they hand it (identity, run,
 * store); nothing imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.identity;
