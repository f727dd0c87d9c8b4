/**
 * Writing the target: ItemTransformer maps an item as the plan says, running the table's chain of Rewrites, one
 * feature's each (TableIdRewrite, ReferenceRewrite, PatternRewrite, whose PatternValues map a placeholder's part
 * of a kind a feature maps by its PlaceholderValues (identities), the features', EditRewrite; Rewrites lists them in
 * order; PlaceholderWalk reads an item's parts of one kind as they do) with what the run fixed once (RunMappings: its start, identity map, held
 * IDs and each feature's own value, PairedIds giving records the target's IDs, WithheldIds the tables whose source IDs the
 * artifacts keep none of), what is done at each item's key decided
 * by the WriteRules (WriteAt), SegmentMigrator copies one (table, segment) page by page under the journal and
 * checkpoints, its PageCargo (made by the features' PageCargo.Source: the Storage files' objects) travelling with each
 * page, the objects a source item's file values name walked by a feature's FileObjects and read through the features'
 * FileSources, TestRecords writes the single-record test.
 *
 * <p>Floor 5: imports the root package, files, identity, idmapping, journal, plan, run and store. (ArchitectureTest checks
 * it: docs/development.md, "Packages").
 */
@Face({BatchWriter.class, Checkpoint.class, ConflictsFoundException.class, FaultInjector.class, FeatureState.class, FileObjects.class, FileSources.class,
        ItemInvalidException.class, ItemTransformer.class, LateArrivalException.class, LeftBehind.class,
        PageCargo.class, PairedIds.class, PatternValues.class, PlaceholderValues.class, PlaceholderWalk.class, Rewrite.class, RewriteParts.class, RunMappings.class,
        SegmentStalledException.class, TableThrottledException.class, TestPicks.class, TestResult.class,
        ValueWalk.class, WriteAt.class, WriteGuard.class, WriteRate.class, WriteRule.class, WithheldIds.class,
        WriteWindows.class, WrittenSoFar.class})
package dev.dmig.migrate;

import dev.dmig.Face;
