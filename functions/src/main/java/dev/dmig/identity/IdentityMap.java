package dev.dmig.identity;

import dev.dmig.plan.Identities;
import dev.dmig.plan.IdentityKind;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /** Every target sub, username and identity-pool ID: where a source value found there tells of columns swapped. */
    private final Set<String> targets = new HashSet<>();
    private volatile Map<String, IdentityKind> sourceOnly;

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
            targets.add(pair.targetSub());
            if (pair.targetUsername() != null) {
                targets.add(pair.targetUsername());
            }
            if (pair.targetIdentityId() != null) {
                targets.add(pair.targetIdentityId());
            }
        }
    }

    public List<IdentityPair> pairs() {
        return pairs;
    }

    public int size() {
        return pairs.size();
    }

    /**
     * The values that name a source user and no target user: each source sub, username and identity-pool ID, with its
     * kind ({@link IdentityKind#SUB}, {@link IdentityKind#USERNAME}, {@link IdentityKind#IDENTITY_ID}), unless a target
     * user holds the same value (a username kept across pools names the target's user as well); not a username that is an
     * email address or a phone number.
     */
    public Map<String, IdentityKind> sourceOnly() {
        Map<String, IdentityKind> known = sourceOnly;
        if (known == null) {
            // Kept: a process keeps a run's map for its segment tasks, which each ask.
            known = Collections.unmodifiableMap(sourceValues());
            sourceOnly = known;
        }
        return known;
    }

    private Map<String, IdentityKind> sourceValues() {
        Set<String> target = new HashSet<>();
        for (IdentityPair pair : pairs) {
            target.add(pair.targetSub());
            target.add(pair.targetUsername());
            target.add(pair.targetIdentityId());
        }
        Map<String, IdentityKind> values = new LinkedHashMap<>();
        for (IdentityPair pair : pairs) {
            // A username that is an email address or a phone number is also the person's contact detail, which records
            // hold on purpose and the target's user shares: not looked for (an owner value holding one has its sub).
            if (pair.sourceUsername() != null && !target.contains(pair.sourceUsername()) && !Usernames.isPersonal(pair.sourceUsername())) {
                values.put(pair.sourceUsername(), IdentityKind.USERNAME);
            }
            if (pair.sourceIdentityId() != null && !target.contains(pair.sourceIdentityId())) {
                values.put(pair.sourceIdentityId(), IdentityKind.IDENTITY_ID);
            }
            if (!target.contains(pair.sourceSub())) {
                // A sub that is also its user's username (pools that sign in by email) is a sub first.
                values.put(pair.sourceSub(), IdentityKind.SUB);
            }
        }
        return values;
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
     * Whether {@code value}, which has no match, names one of the map's target users instead (for an owner value, by its
     * sub): a source value found in the target's columns, as a file whose columns are swapped holds every one.
     */
    public boolean namesTarget(IdentityKind kind, String value) {
        int split = kind == IdentityKind.OWNER ? value.indexOf("::") : -1;
        return targets.contains(split < 0 ? value : value.substring(0, split));
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
        if (pair == null && identities.csv() != null && namesTarget(kind, value)) {
            return ": it is there as a target user; " + IdentityCsv.SWAPPED_FIX;
        }
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
