/**
 * Undoing a run from its journal (Rollback; what a feature undoes beside the items, an UndoStep its folder adds,
 * listed in UndoSteps), children's tables first, and the recovery path after an
 * execution ended past its own failure path (Recovery).
 *
 * <p>Floor 8: imports the root package, analysis, identity, journal, json, migrate, plan, run and store.
 * (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face({Recovery.class, RollbackResult.class, UndoStep.class})
package dev.dmig.rollback;

import dev.dmig.Face;
