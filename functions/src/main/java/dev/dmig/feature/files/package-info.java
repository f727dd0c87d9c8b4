/**
 * Amplify Storage files, a feature ({@code FilesFeature}, listed in {@code META-INF/services/dev.dmig.Feature}): a file
 * value's key renamed with its item ({@code FileKeyRewrite}); the buckets checked before the scans, the run's files
 * summed and objects with other content at their new keys stopping a full run ({@code StorageCheck}); each object looked
 * at in both buckets by the scans ({@code ObjectScan}, {@code SourceSizes}); a page's objects journaled, written before
 * its items, checked after a test run and compared by validation, the page's cargo ({@code PageObjects}); the objects a
 * rollback undoes, keeping those an item left in the target still names ({@code ObjectUndo}, {@code TargetNames}); and a
 * later run's use of an object an earlier one wrote ({@code JournalObjects}); its sections of the analysis: each
 * table's file references and their objects ({@code FileTallies}, {@code FileAnalysis}, which also warns of values naming
 * no object and weighs what validating them costs) and the run's ({@code FilesSummary}, which the summary, the dashboard
 * and the report say). Nothing outside this package names it. What stays the core's: the plan's files (read with the
 * sides and the tables), a file value's names ({@code FileKeys}, {@code FileWalk}, which the identities' walk and the
 * source values' check read).
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, rollback, run) and what they hand it (files,
 * journal, plan, store); nothing imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.files;
