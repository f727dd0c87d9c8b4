/**
 * Following the source's writes after a copy: the source tables' DynamoDB Streams read shard by shard (parents before
 * their children), from a mark taken before the copy began, so that every change made since reaches the target.
 *
 * <p>Floor 6: imports store. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.follow;
