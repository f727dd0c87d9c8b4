/**
 * A tenant's slice of the source ({@code --root MODEL:ID}), a feature ({@code SliceFeature}, listed in
 * {@code META-INF/services/dev.dmig.Feature}): finding it before the analysis (the roots, their descendants in rounds of
 * scans, their ancestors, docs/slices.md), the source as a run with roots sees it, its slice's members only, and the
 * test run of a slice (all of it). Nothing outside this package names it.
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, run) and what they hand it (plan, store);
 * nothing imports it.
 * (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.slice;
