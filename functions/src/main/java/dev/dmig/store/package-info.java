/**
 * Where items and artifacts live, as roles and their AWS implementations: ItemStore / DynamoDbItemStore (scans,
 * batch reads and writes, conditional puts, the sides' accounts), ArtifactStore / S3ArtifactStore (the run's files
 * in the artifacts bucket), the SDK clients, retries and backoff, item keys, sizes and digests.
 *
 * <p>Floor 1: imports the root package and json only. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.store;
