/**
 * Writing the target: ItemTransformer maps an item as the plan says (IDs, references, patterns, identities, file
 * keys, DataStore fields, edits), SegmentMigrator copies one (table, segment) page by page under the journal and
 * checkpoints, PageObjects copies its objects, TestRecords writes the single-record test.
 *
 * <p>Floor 5: imports the root package, identity, ids, journal, plan, run, storage and store. (ArchitectureTest checks
 * it: docs/development.md, "Packages").
 */
package dev.dmig.migrate;
