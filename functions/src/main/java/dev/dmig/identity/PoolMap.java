package dev.dmig.identity;

import dev.dmig.PersonalValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's identity map as built from the two user pools, frozen with the run when analysis built it
 * ({@code runs/<id>/identities/map.json.gz}): how it was built, and its pairs, each username masked
 * ({@link PersonalValues#masked}: an email or phone number as dmig shows one, any other its first character) and sealed
 * in {@code sealed} ({@link RunSecrets}, by side and sub): a username is a person's handle, often their name. Every later
 * step, a resumed run and validation read it; the pools are never read again for the run.
 */
record PoolMap(PoolPairing pairing, List<IdentityPair> pairs, String sealed) {
    private static final String SOURCE = "source:";
    private static final String TARGET = "target:";

    /** The map to store at {@code place}: {@code pairs}' usernames masked, and sealed with the run's key. */
    static PoolMap of(PoolPairing pairing, List<IdentityPair> pairs, RunSecrets secrets, String place) {
        Map<String, String> usernames = new HashMap<>();
        List<IdentityPair> shown = pairs.stream().map(p -> {
            if (p.sourceUsername() != null) {
                usernames.put(SOURCE + p.sourceSub(), p.sourceUsername());
            }
            if (p.targetUsername() != null) {
                usernames.put(TARGET + p.targetSub(), p.targetUsername());
            }
            return new IdentityPair(p.sourceSub(), p.targetSub(), masked(p.sourceUsername()), masked(p.targetUsername()),
                    p.sourceIdentityId(), p.targetIdentityId());
        }).toList();
        return new PoolMap(pairing, shown, secrets.seal(place, usernames));
    }

    private static String masked(String username) {
        return username == null ? null : PersonalValues.masked(username);
    }

    /**
     * The pairs with their usernames as they are, for mapping (a map stored before usernames were sealed has them so; one
     * stored before every username was sealed, its other usernames).
     */
    List<IdentityPair> opened(RunSecrets secrets, String place) {
        Map<String, String> personal = secrets.open(place, sealed);
        if (personal.isEmpty()) {
            return pairs;
        }
        return pairs.stream().map(p -> new IdentityPair(p.sourceSub(), p.targetSub(),
                personal.getOrDefault(SOURCE + p.sourceSub(), p.sourceUsername()),
                personal.getOrDefault(TARGET + p.targetSub(), p.targetUsername()), p.sourceIdentityId(), p.targetIdentityId())).toList();
    }
}
