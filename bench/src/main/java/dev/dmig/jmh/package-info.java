/**
 * JMH micro-benchmarks of the hot paths (the ID function, mapping an item, the analysis' items and source IDs), which
 * print figures and assert nothing.
 */
package dev.dmig.jmh;
