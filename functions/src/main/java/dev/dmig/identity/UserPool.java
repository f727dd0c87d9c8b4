package dev.dmig.identity;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Cognito user pool as dmig reads it: its users, a page at a time, in the order the pool gives them. Analysis lists
 * both environments' pools to build a run's identity map ({@link PoolListing}); other tools (a plan's inference) may list
 * one whole ({@link #users}). The one write is a run's own users: a feature creates them in the target's pool, and the
 * run's rollback deletes them ({@link #create}, {@link #delete}); a source's pool refuses both.
 */
public interface UserPool {
    /** The pool's ID, for messages. */
    String id();

    /**
     * The pool's pages from the one {@code token} names (null: the first), each naming the next; read lazily, one
     * request a page (the first {@code hasNext} may answer before any request: there is always a first page). A pool that
     * may not be read, or does not exist, fails the first request in one line.
     */
    Iterator<UserPage> pages(String token);

    /**
     * The attributes the pool's users sign in with in place of a username ({@code email}, {@code phone_number}; none for a
     * pool that signs users in by username): a user created there is given one of them as their username, and the pool
     * names them by their sub.
     */
    default List<String> usernameAttributes() {
        return List.of();
    }

    /**
     * Creates a user named {@code username} with {@code attributes}, no password and no message sent (Cognito's
     * AdminCreateUser, MessageAction SUPPRESS): the user as the pool made them, with their sub. Refused in one line for a
     * pool dmig may only read.
     */
    default PoolUser create(String username, Map<String, String> attributes) {
        throw new IllegalStateException("user pool " + id() + " is read only: dmig creates no user in it");
    }

    /** Deletes the user named {@code username}; false when the pool has no such user. Refused as {@link #create} is. */
    default boolean delete(String username) {
        throw new IllegalStateException("user pool " + id() + " is read only: dmig deletes no user from it");
    }

    /** Every user of the pool, in one list: for pools small enough to hold (a plan's inference reads a sample). */
    default List<PoolUser> users() {
        List<PoolUser> users = new ArrayList<>();
        pages(null).forEachRemaining(page -> users.addAll(page.users()));
        return users;
    }
}
