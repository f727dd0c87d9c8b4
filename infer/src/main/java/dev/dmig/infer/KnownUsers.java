package dev.dmig.infer;

import java.util.Collection;
import java.util.Set;

/**
 * The source environment's users as inference knows them: read from its user pool ({@code fromPool}, so a value is
 * checked against real users), or gathered from the values that have Amplify's owner shape ({@code <uuid>::<name>}),
 * which only the shape vouches for. Identity values are recognised by these subs and usernames.
 *
 * @param source    what the users were read from, for the evidence ({@code user pool eu-west-1_AbC}, {@code owner values})
 * @param subs      the users' subs
 * @param usernames the users' usernames
 */
public record KnownUsers(String source, Set<String> subs, Set<String> usernames, boolean fromPool) {
    /** No user known: only the owner shape tells identities. */
    static final KnownUsers NONE = new KnownUsers("no users", Set.of(), Set.of(), false);

    public KnownUsers {
        subs = Set.copyOf(subs);
        usernames = Set.copyOf(usernames);
    }

    /** The users of a user pool, as ListUsers gives them. */
    public static KnownUsers ofPool(String userPoolId, Collection<String> subs, Collection<String> usernames) {
        return new KnownUsers("user pool " + userPoolId, Set.copyOf(subs), Set.copyOf(usernames), true);
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
