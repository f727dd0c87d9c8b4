/**
 * Records the target already holds, a feature ({@code MatchFeature}, listed in {@code META-INF/services/dev.dmig.Feature}):
 * a table's {@code match} in the plan; its source records paired with the target's live records by their natural keys
 * ({@code RecordPairing}) before the source is scanned, the pairs frozen with the run ({@code MatchedRecords}), whose target
 * IDs become the paired records' new IDs wherever they are referenced; what the analysis says they paired; a paired record
 * kept or written over and an unpaired one skipped; and validation's check that no natural key is held twice. Nothing
 * outside this package names it.
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, plan, validate) and what they hand it (journal,
 * run, store); nothing imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.match;
