/**
 * The benchmark harness behind {@code dmig bench}: the same generated data copied by a plain
 * parallel Scan + BatchWriteItem loop (the store's ceiling) and by a full dmig migration through
 * the state machine, each in a fresh JVM so that its heap and RSS are its own.
 */
package dev.dmig.bench;
