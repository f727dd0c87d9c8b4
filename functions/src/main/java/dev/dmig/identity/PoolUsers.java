package dev.dmig.identity;

import dev.dmig.Features;
import dev.dmig.plan.Identities;
import dev.dmig.plan.MigrationPlan;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a tool that proposes a plan ({@code dmig infer}) reads of the user pools, in memory and for the one call: each
 * user's sub and username, and the source's users paired with the target's as analysis pairs them
 * ({@link IdentityPairing}). Nothing of it is stored; the attribute users are paired by never leaves this class (its
 * values are keyed under a secret made for the call, as a run's are), and users left without a pair are named as
 * analysis names them ({@link Usernames}: an email or phone number masked).
 */
public final class PoolUsers {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;

    private PoolUsers() {}

    /** A user of a pool: their sub (null when the pool gives none) and username. */
    public record User(String sub, String username) {}

    /** A source user and the target user paired with them. */
    public record Pair(User source, User target) {}

    /**
     * The pools as read: the source's users, and when a target pool was read, its count of users, the pairs, and the
     * source users without a pair, each with why ({@link PoolPairing.Unpaired}).
     */
    public record Read(String sourcePool, List<User> source, String targetPool, int targetUsers, List<Pair> pairs,
                       List<PoolPairing.Unpaired> unpaired) {
        public Read {
            source = List.copyOf(source);
            pairs = List.copyOf(pairs);
            unpaired = List.copyOf(unpaired);
        }

        public boolean paired() {
            return targetPool != null;
        }
    }

    /** Lists {@code source} whole, and {@code target} (null for none) whole, pairing their users by {@code matchBy}. */
    public static Read read(UserPool source, UserPool target, String matchBy) {
        List<PoolUser> sourceUsers = source.users();
        List<User> users = sourceUsers.stream().map(u -> new User(u.sub(), u.username())).toList();
        if (target == null) {
            return new Read(source.id(), users, null, 0, List.of(), List.of());
        }
        List<PoolUser> targetUsers = target.users();
        UnaryOperator<String> key = keyer();
        IdentityPairing.Paired paired = IdentityPairing.pair(listed(sourceUsers, matchBy, key), listed(targetUsers, matchBy, key), matchBy);
        List<Pair> pairs = paired.pairs().stream().map(p -> new Pair(new User(p.sourceSub(), p.sourceUsername()),
                new User(p.targetSub(), p.targetUsername()))).toList();
        return new Read(source.id(), users, target.id(), targetUsers.size(), pairs,
                paired.unpaired().stream().map(IdentityPairing.Left::shown).toList());
    }

    /**
     * The identity map a run would build from {@code source} and {@code target} now, in memory and for the one call (a
     * preview of what it maps): their users paired by {@code matchBy}, the pairs of {@code given} (the plan's file, named
     * {@code csv}; null for none) first, as analysis pairs them.
     */
    public static IdentityMap map(UserPool source, UserPool target, String matchBy, IdentityMap given, String csv) {
        UnaryOperator<String> key = keyer();
        List<ListedUser> sourceUsers = listed(source.users(), matchBy, key);
        List<ListedUser> targetUsers = listed(target.users(), matchBy, key);
        IdentityPairing.Paired paired = IdentityPairing.pair(sourceUsers, targetUsers, matchBy);
        if (given != null) {
            paired = IdentityPairing.withGiven(paired, given, csv, sourceUsers, targetUsers);
        }
        return new IdentityMap(paired.pairs());
    }

    /**
     * The identity map a preview of a run of {@code plan} maps with, in memory: the pools' users paired as {@link #map}
     * pairs them, and each source user a feature's run pairs again ({@link PoolStandIns}) paired as it would.
     */
    public static IdentityMap preview(MigrationPlan plan, UserPools pools, IdentityMap given) {
        Identities identities = plan.identities();
        UserPool source = pools.pool("source", plan.sourceAccount(), identities.sourcePool());
        UserPool target = pools.pool("target", plan.targetAccount(), identities.targetPool());
        IdentityMap map = map(source, target, identities.matchBy(), given, identities.csv());
        for (PoolStandIns standIns : Features.at(PoolStandIns.class)) {
            List<Pair> pairs = standIns.pairs(plan, source, target);
            if (pairs != null) {
                Map<String, IdentityPair> bySource = new LinkedHashMap<>();
                map.pairs().forEach(pair -> bySource.put(pair.sourceSub(), pair));
                for (Pair pair : pairs) {
                    IdentityPair before = bySource.get(pair.source().sub());
                    bySource.put(pair.source().sub(), new IdentityPair(pair.source().sub(), pair.target().sub(),
                            pair.source().username(), pair.target().username(), before == null ? null : before.sourceIdentityId(),
                            null));
                }
                map = new IdentityMap(List.copyOf(bySource.values()));
            }
        }
        return map;
    }

    private static List<ListedUser> listed(List<PoolUser> users, String matchBy, UnaryOperator<String> key) {
        List<ListedUser> listed = new ArrayList<>(users.size());
        users.forEach(user -> listed.add(ListedUser.of(user, matchBy, key)));
        return listed;
    }

    /** Match keys under a secret of this call's own ({@link RunSecrets#matchKey}), so that the pairing compares keys, never values. */
    private static UnaryOperator<String> keyer() {
        byte[] secret = new byte[KEY_BYTES];
        RANDOM.nextBytes(secret);
        return value -> RunSecrets.matchKey(secret, value);
    }
}
