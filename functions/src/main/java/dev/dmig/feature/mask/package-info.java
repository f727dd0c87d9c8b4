/**
 * Masking personal values, a feature ({@code MaskFeature}, listed in {@code META-INF/services/dev.dmig.Feature}): a table's
 * {@code mask} and the plan's in the plan, each masked value a fake drawn from an HMAC-SHA-256 of it under the user's key
 * (read from the environment variable the plan names, never written), the rewrite of the items (whole values, a composite
 * value's parts by its patterns, key attributes by kinds that keep values apart, a preserved ID and every reference to it
 * alike), what the analysis counts and refuses (a personal attribute nobody decided about), and validation's check that
 * no masked value is its source's and that no source value the run masks is anywhere else in what it wrote, the target
 * or its artifacts (found by keyed prints the analysis keeps).
 * Nothing outside this package names it.
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, plan, validate) and what they hand it (store);
 * nothing imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.mask;
