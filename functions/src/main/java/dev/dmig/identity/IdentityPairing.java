package dev.dmig.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs the users of two pools by the attribute that says they are the same person: a source user and a target user
 * pair when each is the only user of their pool with that value. A value two users of one pool hold pairs none of
 * them (which would be the one?), and says so; so the pairs are one to one. A given file's pairs come first: they
 * replace the pools' pair of the same source user, and a pools' pair whose target user the file gives to another
 * source user is left out.
 */
final class IdentityPairing {
    private IdentityPairing() {}

    /** The pairs, and the source users without one. */
    public record Paired(List<IdentityPair> pairs, List<Left> unpaired) {}

    /** A source user left without a pair, and why (naming other users by {@link ListedUser#label}). */
    public record Left(ListedUser user, String reason) {
        /** As analysis keeps and people read it: the user by their label ({@link ListedUser#label}), never their email. */
        PoolPairing.Unpaired shown() {
            return new PoolPairing.Unpaired(user.label(), reason);
        }
    }

    /** Pairs {@code source}'s users with {@code target}'s by their {@code matchBy} keys. */
    public static Paired pair(List<ListedUser> source, List<ListedUser> target, String matchBy) {
        Map<String, List<ListedUser>> sourceByKey = byKey(source);
        Map<String, List<ListedUser>> targetByKey = byKey(target);
        List<IdentityPair> pairs = new ArrayList<>();
        List<Left> unpaired = new ArrayList<>();
        for (ListedUser user : source) {
            String reason = null;
            List<ListedUser> twins = user.key() == null ? List.of() : sourceByKey.get(user.key());
            List<ListedUser> matches = user.key() == null ? List.of() : targetByKey.getOrDefault(user.key(), List.of());
            if (user.sub() == null) {
                reason = "has no sub";
            } else if (user.key() == null) {
                reason = "has no " + matchBy;
            } else if (twins.size() > 1) {
                reason = twins.size() + " users of the source pool have this " + matchBy + " (" + labels(twins) + ")";
            } else if (matches.isEmpty()) {
                reason = "no user of the target pool has this " + matchBy;
            } else if (matches.size() > 1) {
                reason = matches.size() + " users of the target pool have this " + matchBy + " (" + labels(matches) + ")";
            } else if (matches.get(0).sub() == null) {
                reason = "its target user " + matches.get(0).label() + " has no sub";
            }
            if (reason != null) {
                unpaired.add(new Left(user, reason));
            } else {
                ListedUser match = matches.get(0);
                pairs.add(new IdentityPair(user.sub(), match.sub(), user.username(), match.username()));
            }
        }
        return new Paired(pairs, unpaired);
    }

    /**
     * {@code paired} with {@code given}'s pairs first (named {@code csv} in reasons); a given pair without usernames gets
     * them from the listings when both subs are there.
     */
    public static Paired withGiven(Paired paired, IdentityMap given, String csv, List<ListedUser> source, List<ListedUser> target) {
        Map<String, String> sourceNames = names(source);
        Map<String, String> targetNames = names(target);
        List<IdentityPair> pairs = new ArrayList<>();
        Set<String> givenSources = new HashSet<>();
        Set<String> givenTargets = new HashSet<>();
        for (IdentityPair pair : given.pairs()) {
            givenSources.add(pair.sourceSub());
            givenTargets.add(pair.targetSub());
            boolean named = pair.sourceUsername() != null || !sourceNames.containsKey(pair.sourceSub())
                    || !targetNames.containsKey(pair.targetSub());
            pairs.add(named ? pair : new IdentityPair(pair.sourceSub(), pair.targetSub(), sourceNames.get(pair.sourceSub()),
                    targetNames.get(pair.targetSub()), pair.sourceIdentityId(), pair.targetIdentityId()));
        }
        List<Left> unpaired = new ArrayList<>();
        for (IdentityPair pair : paired.pairs()) {
            if (givenSources.contains(pair.sourceSub())) {
                continue;
            }
            if (givenTargets.contains(pair.targetSub())) {
                unpaired.add(new Left(new ListedUser(pair.sourceUsername(), pair.sourceSub(), null), "its target user "
                        + Usernames.label(pair.targetUsername(), pair.targetSub()) + " is paired with another user by " + csv));
            } else {
                pairs.add(pair);
            }
        }
        paired.unpaired().stream().filter(u -> u.user().sub() == null || !givenSources.contains(u.user().sub())).forEach(unpaired::add);
        return new Paired(pairs, unpaired);
    }

    private static Map<String, String> names(List<ListedUser> users) {
        Map<String, String> names = new HashMap<>();
        users.forEach(u -> names.put(u.sub(), u.username()));
        return names;
    }

    private static Map<String, List<ListedUser>> byKey(List<ListedUser> users) {
        Map<String, List<ListedUser>> byKey = new LinkedHashMap<>();
        users.stream().filter(u -> u.key() != null).forEach(u -> byKey.computeIfAbsent(u.key(), k -> new ArrayList<>(1)).add(u));
        return byKey;
    }

    private static String labels(List<ListedUser> users) {
        List<String> names = users.stream().limit(3).map(ListedUser::label).toList();
        return String.join(", ", names) + (users.size() > names.size() ? ", …" : "");
    }
}
