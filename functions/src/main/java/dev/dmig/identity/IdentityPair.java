package dev.dmig.identity;

/**
 * One user in both environments: their sub and username in the source's user pool and in the target's
 * (the usernames null when the map gives subs alone).
 */
public record IdentityPair(String sourceSub, String targetSub, String sourceUsername, String targetUsername) {}
