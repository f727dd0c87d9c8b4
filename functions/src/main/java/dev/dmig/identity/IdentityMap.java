package dev.dmig.identity;

import dev.dmig.plan.Identities;
import dev.dmig.plan.IdentityKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Source identities → target identities, one to one. A username is matched by the usernames the map gives, or,
 * when it is a source sub, by that user's pair: pools that sign users in by email give each user their sub as
 * username ({@code <sub>::<sub>} owners).
 */
public final class IdentityMap {
    public static final IdentityMap EMPTY = new IdentityMap(List.of());

    private final List<IdentityPair> pairs;
    private final Map<String, IdentityPair> bySub = new HashMap<>();
    private final Map<String, IdentityPair> byUsername = new HashMap<>();
    private final Map<String, IdentityPair> byIdentityId = new HashMap<>();

    /** {@code pairs}: one per user, no sub or username twice on either side ({@link IdentityCsv} checks so). */
    public IdentityMap(List<IdentityPair> pairs) {
        this.pairs = List.copyOf(pairs);
        for (IdentityPair pair : pairs) {
            bySub.put(pair.sourceSub(), pair);
            if (pair.sourceUsername() != null) {
                byUsername.put(pair.sourceUsername(), pair);
            }
            if (pair.sourceIdentityId() != null) {
                byIdentityId.put(pair.sourceIdentityId(), pair);
            }
        }
    }

    public List<IdentityPair> pairs() {
        return pairs;
    }

    public int size() {
        return pairs.size();
    }

    /** The target's value for a source value of this kind; null when the map has no match. */
    public String map(IdentityKind kind, String value) {
        return switch (kind) {
            case SUB -> sub(value);
            case USERNAME -> username(value);
            case OWNER -> owner(value);
            case IDENTITY_ID -> identityId(value);
        };
    }

    /**
     * What a message about {@code value}, which has no match, tells the user to do, after the map's name: the plan's way
     * to match a user ({@link Identities#howToMatch}), or, for an owner or username whose sub the map has but whose
     * username it does not, that the usernames are what is missing (a file of subs alone serves only pools where each
     * user's username is their sub).
     */
    public String advice(IdentityKind kind, String value, Identities identities) {
        // Only an owner value names both: a username alone does not say whose it is.
        int split = kind == IdentityKind.OWNER ? value.indexOf("::") : -1;
        IdentityPair pair = split < 0 ? null : bySub.get(value.substring(0, split));
        if (pair == null) {
            return "; " + identities.howToMatch();
        }
        String map = identities.csv() != null ? identities.csv() : "the map";
        if (pairs.stream().allMatch(p -> p.sourceUsername() == null)) {
            return ": its sub is there, but " + map + " gives subs alone (" + String.join(",", IdentityCsv.SUBS) + ", which serves"
                    + " only pools where each user's username is their sub); add the columns " + String.join(",", IdentityCsv.ALL.subList(2, 4))
                    + " with each user's usernames";
        }
        if (pair.sourceUsername() == null) {
            return ": its sub is there, but its line gives no usernames; add them (" + String.join(",", IdentityCsv.ALL) + ")";
        }
        return ": its sub is there with another username, " + Usernames.shown(pair.sourceUsername()) + "; check that user's"
                + " source_username";
    }

    private String sub(String sourceSub) {
        IdentityPair pair = bySub.get(sourceSub);
        return pair == null ? null : pair.targetSub();
    }

    private String identityId(String sourceIdentityId) {
        IdentityPair pair = byIdentityId.get(sourceIdentityId);
        return pair == null ? null : pair.targetIdentityId();
    }

    private String username(String sourceUsername) {
        IdentityPair pair = byUsername.get(sourceUsername);
        if (pair != null) {
            return pair.targetUsername();
        }
        return sub(sourceUsername);
    }

    /** {@code <sub>::<username>} (split at the first {@code ::}, both parts of one user), else a sub, else a username. */
    private String owner(String value) {
        int split = value.indexOf("::");
        if (split < 0) {
            String sub = sub(value);
            return sub != null ? sub : username(value);
        }
        IdentityPair pair = bySub.get(value.substring(0, split));
        if (pair == null) {
            return null;
        }
        String username = value.substring(split + 2);
        String target = username.equals(pair.sourceUsername()) ? pair.targetUsername()
                : username.equals(pair.sourceSub()) ? pair.targetSub() : null;
        return target == null ? null : pair.targetSub() + "::" + target;
    }
}
