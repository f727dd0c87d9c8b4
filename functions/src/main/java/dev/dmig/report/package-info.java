/**
 * The Finalize step and what people read of a run: report.json and report.html (its sections, drawn a part at a
 * time), the execution's timeline.
 *
 * <p>Floor 9: imports the root package, analysis, journal, migrate, plan, rollback, run, store and validate. (ArchitectureTest checks it:
 * docs/development.md, "Packages").
 */
@Face({Finalizer.class, Numbers.class, ReportPage.class, RunReport.class})
package dev.dmig.report;

import dev.dmig.Face;
