/**
 * Following the source's writes after a copy: the source tables' DynamoDB Streams read shard by shard (parents before
 * their children), from a mark taken before the copy began, and every change made since applied to the target as the
 * copy maps items, journaled first ({@link dev.dmig.follow.Follower}). Listed as a feature ({@link
 * dev.dmig.follow.FollowFeature}): its gates around the Analyze call and the validation, and its state, {@code Follow},
 * are what the handlers reach it through.
 *
 * <p>Floor 6: imports migrate, journal, files, run, store. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face({FollowDecisions.class, FollowStatus.class, StreamMarks.class})
package dev.dmig.follow;

import dev.dmig.Face;
