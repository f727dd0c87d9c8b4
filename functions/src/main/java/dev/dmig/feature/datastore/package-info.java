/**
 * Amplify DataStore, a feature ({@code DataStoreFeature}, listed in {@code META-INF/services/dev.dmig.Feature}): its plan
 * fields, the rewrite of its rows' fields, its rule for soft-deleted rows, what the analysis counts and checks of its
 * rows, and its warnings. Nothing outside this package names it.
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, plan) and what they hand it (store); nothing
 * imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.datastore;
