package dev.dmig.infer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.dmig.identity.PoolUsers;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The source environment's users as inference knows them: read from its user pool ({@code fromPool}, so a value is
 * checked against real users), or gathered from the values that have Amplify's owner shape ({@code <uuid>::<name>}),
 * which only the shape vouches for. Identity values are recognised by these subs and usernames.
 *
 * @param source    what the users were read from, for the evidence ({@code user pool eu-west-1_AbC}, {@code owner values})
 * @param subs      the users' subs
 * @param usernames the users' usernames
 * @param users     each user known with their sub and username, for the identity map infer writes; empty when only the
 *                  two sets are known
 * @param pools     the user pools as read (the source's, and the target's with the pairs, when given); null when none was
 */
public record KnownUsers(String source, Set<String> subs, Set<String> usernames, boolean fromPool,
                         @JsonIgnore List<PoolUsers.User> users, @JsonIgnore PoolUsers.Read pools) {
    /** No user known: only the owner shape tells identities. */
    static final KnownUsers NONE = new KnownUsers("no users", Set.of(), Set.of(), false, List.of(), null);

    public KnownUsers {
        subs = Set.copyOf(subs);
        usernames = Set.copyOf(usernames);
        users = List.copyOf(users);
    }

    /** The users of a user pool, as ListUsers gives them. */
    public static KnownUsers ofPool(String userPoolId, Collection<String> subs, Collection<String> usernames) {
        return new KnownUsers("user pool " + userPoolId, Set.copyOf(subs), Set.copyOf(usernames), true, List.of(), null);
    }

    /** The users of the source's pool as read, with the target's pool and the pairs when it was read too. */
    public static KnownUsers ofPools(PoolUsers.Read read) {
        List<PoolUsers.User> users = read.source().stream().filter(u -> u.sub() != null).toList();
        Set<String> subs = new LinkedHashSet<>();
        users.forEach(u -> subs.add(u.sub()));
        return new KnownUsers("user pool " + read.sourcePool(), subs, usernames(read.source()), true, users, read);
    }

    /** Users that owner values show, each with the username beside their sub. */
    static KnownUsers ofOwners(Collection<PoolUsers.User> users) {
        Set<String> subs = new LinkedHashSet<>();
        users.forEach(u -> subs.add(u.sub()));
        return new KnownUsers("owner values", subs, usernames(users), false, List.copyOf(new LinkedHashSet<>(users)), null);
    }

    private static Set<String> usernames(Collection<PoolUsers.User> users) {
        Set<String> usernames = new LinkedHashSet<>();
        users.stream().map(PoolUsers.User::username).filter(Objects::nonNull).forEach(usernames::add);
        return usernames;
    }

    /** Whether both pools were read: the plan's identity map is then the pools'. */
    boolean paired() {
        return pools != null && pools.paired();
    }

    boolean sub(String value) {
        return subs.contains(value);
    }

    boolean username(String value) {
        return usernames.contains(value);
    }

    boolean isEmpty() {
        return subs.isEmpty() && usernames.isEmpty();
    }
}
