package dev.dmig.identity;

/**
 * One user in both environments: their sub and username in the source's user pool and in the target's
 * (the usernames null when the map gives subs alone), and their identity-pool IDs ({@code <region>:<uuid>}, null
 * when the map gives none for them).
 */
record IdentityPair(String sourceSub, String targetSub, String sourceUsername, String targetUsername,
                           String sourceIdentityId, String targetIdentityId) {

    public IdentityPair(String sourceSub, String targetSub, String sourceUsername, String targetUsername) {
        this(sourceSub, targetSub, sourceUsername, targetUsername, null, null);
    }
}
