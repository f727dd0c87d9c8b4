package dev.dmig.plan;

/**
 * Where a plan's identity map comes from, {@code csv}: a file of {@code source_sub,target_sub[,source_username,
 * target_username]} lines, named relative to the plan file; and what happens to a value without a match.
 */
public record Identities(String csv, UnmatchedPolicy onUnmatched) {}
