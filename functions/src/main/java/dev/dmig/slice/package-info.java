/**
 * A slice of the source (--root): the records of one tenant and everything that refers to it or it refers to, found
 * in rounds.
 *
 * <p>Floor 6: imports the root package, migrate, plan, run and store. (ArchitectureTest checks it: docs/development.md,
 * "Packages").
 */
package dev.dmig.slice;
