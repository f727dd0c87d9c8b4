/**
 * Amplify Storage files, a feature ({@code FilesFeature}, listed in {@code META-INF/services/dev.dmig.Feature}): its parts
 * of the plan, the sides' buckets and the plan's {@code files} ({@code FilesSection}, the plan's {@code Storage}) and a
 * table's {@code files} ({@code FileReferences}, the table's {@code TableFiles}), with the object keys dmig refuses
 * ({@code ObjectKeys}); a file value's names, its object's in both buckets and the value that names it there
 * ({@code FileKeys}), walked for a source item ({@code FileWalk}, the steps' {@code FileObjects}, which validation's
 * look for the source's values and the bench read); a file value's key renamed with its item ({@code FileKeyRewrite});
 * the buckets checked before the scans, the run's files summed and objects with other content at their new keys stopping a full run ({@code StorageCheck}); each object looked
 * at in both buckets by the scans ({@code ObjectScan}, {@code SourceSizes}); a page's objects journaled, written before
 * its items, checked after a test run and compared by validation, the page's cargo ({@code PageObjects}); the objects a
 * rollback undoes, keeping those an item left in the target still names ({@code ObjectUndo}, {@code TargetNames}); and a
 * later run's use of an object an earlier one wrote ({@code JournalObjects}); its sections of the analysis: each
 * table's file references and their objects ({@code FileTallies}, {@code FileAnalysis}, which also warns of values naming
 * no object and weighs what validating them costs) and the run's ({@code FilesSummary}, which the summary, the dashboard
 * and the report say). Nothing outside this package names it. What stays the core's: the values of its plan parts
 * ({@code Storage}, {@code TableFiles}, {@code FileReference}), which the stores of the buckets, the core's walk of
 * placeholders (an identity in a file's key) and masking read; the mapper of values by patterns it renames keys with.
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, rollback, run) and what they hand it (files,
 * journal, plan, store); nothing imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.files;
