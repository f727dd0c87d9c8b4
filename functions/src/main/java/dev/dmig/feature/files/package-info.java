/**
 * Amplify Storage files, a feature ({@code FilesFeature}, listed in {@code META-INF/services/dev.dmig.Feature}): the
 * objects a rollback undoes beside a journal entry's items ({@code ObjectUndo}), keeping those an item left in the
 * target still names ({@code TargetNames}). Nothing outside this package names it.
 *
 * <p>Floor 9, beside report: imports the steps' seams (rollback) and what they hand it (files, journal, migrate, plan,
 * run, store); nothing imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.files;
