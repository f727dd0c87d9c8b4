/**
 * The sample Amplify app: its schema, plan, tables, users and files, and its dev data generated deterministically at
 * any scale (SampleData), for the demo, the tests and the benchmarks. Imports nothing of dmig.
 */
package dev.dmig.sample;
