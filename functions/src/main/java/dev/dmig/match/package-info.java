/**
 * Records the target already holds: a source record paired with one by the values of its table's {@code match}
 * attributes ({@link dev.dmig.match.RecordPairing}), the pairs frozen with the run ({@link dev.dmig.match.MatchedRecords}),
 * whose target IDs become the paired records' new IDs wherever they are referenced.
 *
 * <p>Floor 4: imports plan, run and store. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.match;
