package dev.dmig.identity;

import dev.dmig.PersonalValues;
import dev.dmig.run.Deadline;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One user pool's users listed into a run's artifacts, page after page, across as many calls as it takes: each call
 * goes on from the page the last one saved, and saves where it stopped when its time is up. A pool that no longer
 * takes the saved page token is listed again from its start. What is saved holds every username masked
 * ({@link PersonalValues#masked}) and sealed beside ({@link RunSecrets#seal}, by sub); the users this returns have them
 * as they are.
 */
final class PoolListing {
    /** Pages between two saves of a long listing (60,000 users): a call that dies without saving loses no more. */
    static final int SAVED_EVERY = 1_000;

    /**
     * What is listed so far: the users, the token of the next page, the requests made, and whether the last page was
     * read. Saved: each username masked ({@link PersonalValues#masked}), sealed in {@code sealed} by sub, and {@code keyedBy} naming the match secret of the keys ({@link RunSecrets#matchSecretId}).
     */
    record Listed(String userPoolId, List<ListedUser> users, String next, long requests, boolean done, String keyedBy,
                  String sealed) {
        static Listed start(String userPoolId, String keyedBy) {
            return new Listed(userPoolId, List.of(), null, 0, false, keyedBy, null);
        }
    }

    private PoolListing() {}

    /**
     * The pool's users as listed by the end of this call: all of them when {@code done}. {@code key}: where progress is
     * kept; {@code secrets}: the run's, which key each user's pairing attribute and seal personal usernames.
     */
    static Listed advance(ArtifactStore artifacts, String key, UserPool pool, String matchBy, RunSecrets secrets, Deadline deadline) {
        String keyedBy = secrets.matchSecretId();
        Listed listed = artifacts.getGzipJson(key, Listed.class)
                .filter(l -> l.userPoolId().equals(pool.id()) && keyedBy.equals(l.keyedBy()))
                .map(l -> opened(l, key, secrets)).orElse(Listed.start(pool.id(), keyedBy));
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
                    return save(artifacts, key, secrets, new Listed(pool.id(), users, next, requests, false, keyedBy, null));
                }
                if (!pages.hasNext()) {
                    return save(artifacts, key, secrets, new Listed(pool.id(), users, null, requests, true, keyedBy, null));
                }
                UserPage page = pages.next();
                requests++;
                page.users().forEach(user -> users.add(ListedUser.of(user, matchBy, secrets)));
                next = page.next();
                if (++unsaved == SAVED_EVERY) {
                    save(artifacts, key, secrets, new Listed(pool.id(), users, next, requests, false, keyedBy, null));
                    unsaved = 0;
                }
            }
        } catch (CognitoUserPool.TokenRefusedException expired) {
            // From the first page again (no token, so this cannot recur); the requests made stay counted.
            save(artifacts, key, secrets, new Listed(pool.id(), List.of(), null, requests, false, keyedBy, null));
            return advance(artifacts, key, pool, matchBy, secrets, deadline);
        }
    }

    /** Saves {@code listed} with its usernames masked and sealed; returns it as it was given. */
    private static Listed save(ArtifactStore artifacts, String key, RunSecrets secrets, Listed listed) {
        List<ListedUser> shown = new ArrayList<>(listed.users().size());
        Map<String, String> personal = new HashMap<>();
        for (ListedUser user : listed.users()) {
            if (user.sub() != null && user.username() != null) {
                // Every username sealed by sub, as the frozen map keeps them (PoolMap): a person's handle, often their name.
                personal.put(user.sub(), user.username());
                shown.add(new ListedUser(PersonalValues.masked(user.username()), user.sub(), user.key()));
            } else if (Usernames.isPersonal(user.username())) {
                shown.add(new ListedUser(Usernames.shown(user.username()), user.sub(), user.key()));
            } else {
                shown.add(user);
            }
        }
        artifacts.putGzipJson(key, new Listed(listed.userPoolId(), shown, listed.next(), listed.requests(), listed.done(),
                listed.keyedBy(), secrets.seal(key, personal)));
        return listed;
    }

    /** {@code saved} with its users' usernames as they are. */
    private static Listed opened(Listed saved, String key, RunSecrets secrets) {
        Map<String, String> personal = secrets.open(key, saved.sealed());
        List<ListedUser> users = saved.users().stream().map(u -> u.sub() != null && personal.containsKey(u.sub())
                ? new ListedUser(personal.get(u.sub()), u.sub(), u.key()) : u).toList();
        return new Listed(saved.userPoolId(), users, saved.next(), saved.requests(), saved.done(), saved.keyedBy(), null);
    }
}
