package dev.dmig.feature.follow;

/**
 * What a call of the Follow step did: {@code done}, following ended (a cut-over was asked and every change up to then
 * is applied); {@code caughtUp}, the call read every table's stream to its present end; {@code applied}, the changes it
 * applied; {@code lagMillis}, about how old the oldest change not yet applied is (0 when caught up).
 */
public record FollowProgress(boolean done, boolean caughtUp, long applied, long lagMillis) {}
