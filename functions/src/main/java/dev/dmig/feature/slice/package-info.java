/**
 * A slice of the source, a feature ({@code SliceFeature}, listed in {@code META-INF/services/dev.dmig.Feature}): the
 * source as a run with roots sees it, its slice's members only, and the test run of a slice (all of it). Nothing
 * outside this package names it.
 *
 * <p>Floor 8: imports the steps' seams (run, migrate) and what they hand it (store); nothing imports it.
 * (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.slice;
