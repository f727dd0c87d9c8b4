package dev.dmig.identity;

import dev.dmig.run.Deadline;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One user pool's users listed into a run's artifacts, page after page, across as many calls as it takes: each call
 * goes on from the page the last one saved, and saves where it stopped when its time is up. A pool that no longer
 * takes the saved page token is listed again from its start.
 */
final class PoolListing {
    /** Pages between two saves of a long listing (60,000 users): a call that dies without saving loses no more. */
    static final int SAVED_EVERY = 1_000;

    /** What is listed so far: the users, the token of the next page, the requests made, and whether the last page was read. */
    record Listed(String userPoolId, List<ListedUser> users, String next, long requests, boolean done) {
        static Listed start(String userPoolId) {
            return new Listed(userPoolId, List.of(), null, 0, false);
        }
    }

    private PoolListing() {}

    /** The pool's users as listed by the end of this call: all of them when {@code done}. {@code key}: where progress is kept. */
    static Listed advance(ArtifactStore artifacts, String key, UserPool pool, String matchBy, Deadline deadline) {
        Listed listed = artifacts.getGzipJson(key, Listed.class).filter(l -> l.userPoolId().equals(pool.id()))
                .orElse(Listed.start(pool.id()));
        if (listed.done()) {
            return listed;
        }
        List<ListedUser> users = new ArrayList<>(listed.users());
        String next = listed.next();
        long requests = listed.requests();
        int unsaved = 0;
        try {
            Iterator<UserPage> pages = pool.pages(next);
            while (true) {
                if (deadline.passed()) {
                    return save(artifacts, key, new Listed(pool.id(), users, next, requests, false));
                }
                if (!pages.hasNext()) {
                    return save(artifacts, key, new Listed(pool.id(), users, null, requests, true));
                }
                UserPage page = pages.next();
                requests++;
                page.users().forEach(user -> users.add(ListedUser.of(user, matchBy)));
                next = page.next();
                if (++unsaved == SAVED_EVERY) {
                    save(artifacts, key, new Listed(pool.id(), users, next, requests, false));
                    unsaved = 0;
                }
            }
        } catch (CognitoUserPool.TokenRefusedException expired) {
            // From the first page again (no token, so this cannot recur); the requests made stay counted.
            save(artifacts, key, new Listed(pool.id(), List.of(), null, requests, false));
            return advance(artifacts, key, pool, matchBy, deadline);
        }
    }

    private static Listed save(ArtifactStore artifacts, String key, Listed listed) {
        artifacts.putGzipJson(key, listed);
        return listed;
    }
}
