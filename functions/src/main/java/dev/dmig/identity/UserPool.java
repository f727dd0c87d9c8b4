package dev.dmig.identity;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A Cognito user pool as dmig reads it: its users, a page at a time, in the order the pool gives them. Read only:
 * nothing here writes to a pool. Analysis lists both environments' pools to build a run's identity map
 * ({@link PoolListing}); other tools (a plan's inference) may list one whole ({@link #users}).
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

    /** Every user of the pool, in one list: for pools small enough to hold (a plan's inference reads a sample). */
    default List<PoolUser> users() {
        List<PoolUser> users = new ArrayList<>();
        pages(null).forEachRemaining(page -> users.addAll(page.users()));
        return users;
    }
}
