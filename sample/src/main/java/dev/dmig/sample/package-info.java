/**
 * The sample Amplify app: its schema, plan, tables, users and files, and its dev data generated deterministically at
 * any scale (SampleData), for the demo, the tests and the benchmarks. Imports nothing of dmig.
 *
 * <p>Its face, what other modules may name (docs/development.md, "Faces"): its public types; it cannot carry the
 * {@code @Face} mark, which is the functions module's.
 */
package dev.dmig.sample;
