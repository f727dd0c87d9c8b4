/**
 * Following the source's writes after a copy, a feature ({@code FollowFeature}, listed first in {@code
 * META-INF/services/dev.dmig.Feature}): the source tables' DynamoDB Streams read shard by shard (parents before their
 * children), from a mark taken before the copy began, and every change made since applied to the target as the copy
 * maps items, journaled first ({@link dev.dmig.feature.follow.Follower}); its gates around the Analyze call and the
 * validation, its state {@code Follow}, its refusal of a copy that would outlast the streams, and its check of what it
 * removed. What it stores of a run (its checkpoints, the team's decisions, the items it left) is the run's, read by the
 * CLI, the rollback and the report ({@code run.FollowCheckpoint}, {@code run.FollowStatus}, {@code run.FollowDecisions},
 * {@code journal.FollowedItems}). Nothing outside this package names it.
 *
 * <p>Floor 9, beside report: imports the steps' seams (analysis, migrate, validate, run, journal) and what they hand it
 * (store); nothing imports it. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
package dev.dmig.feature.follow;
