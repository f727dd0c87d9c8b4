/**
 * The Analyze step: Analyzer opens the run, checks the plan against the live tables, scans every segment
 * (SegmentAnalyzer, with what each feature counts of a page, a ScanCheck listed in ScanChecks; what a feature needs
 * of the call as a whole, before the scans, once the levels are known, in analysis.json and before the first write, a
 * RunCheck listed in RunChecks) and sums the parts into analysis.json: counts, levels, orphans, conflicts, the
 * features' sections of the run (Analysis.section, each declared by a RunSection, which the summary and the report say:
 * the identity map's, the Storage files', a match's) and of each table (TableAnalysis.section, each a ScanTally's: the
 * file references', the identity values', DataStore's rows), estimates and warnings (a feature's: Warnings), and what
 * validating a table costs (a feature's part: CheckCost).
 *
 * <p>Floor 7: imports the root package, identity, journal, json, migrate, plan, run and store.
 * (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face({Analysis.class, CheckCost.class, ConflictExample.class, CountedKeys.class, DependencyLevels.class, Estimate.class,
        FindingsTable.class, OrphanExample.class,
        ReferenceAnalysis.class, RunCheck.class, RunSection.class, ScanCheck.class, ScanTally.class,
        SegmentScan.class, TableAnalysis.class, TargetEffects.class, TimeToLiveAnalysis.class,
        UniquenessAnalysis.class, Warnings.class})
package dev.dmig.analysis;

import dev.dmig.Face;
