package dev.dmig.infer;

import dev.dmig.identity.PoolPairing;
import dev.dmig.identity.PoolUsers;
import java.util.List;
import java.util.Locale;

/**
 * What a plan's identity map needs that only its user can give: the users the two pools cannot pair, and the
 * identity-pool IDs, which no user pool holds. Said as warnings, naming users as analysis names them (an email or
 * phone number masked, with the sub), never by their email.
 */
final class IdentityMapAdvice {
    /** Source users without a pair named in a warning; the rest are counted. */
    private static final int NAMED = 3;

    private IdentityMapAdvice() {}

    static void warnings(List<InferredTable> tables, KnownUsers users, List<String> warnings) {
        List<ReferenceEvidence> proposals = tables.stream().flatMap(t -> t.references().stream()).toList();
        if (users.paired() && proposals.stream().anyMatch(ReferenceEvidence::mapsIdentities)) {
            PoolUsers.Read pools = users.pools();
            warnings.add(String.format(Locale.ROOT, "identity references proposed: the plan builds its identity map from the"
                    + " user pools %s and %s, pairing users by email as analysis will: %,d of %,d source users paired with %,d"
                    + " users of %s", pools.sourcePool(), pools.targetPool(), pools.pairs().size(), pools.source().size(),
                    pools.targetUsers(), pools.targetPool()));
            if (!pools.unpaired().isEmpty()) {
                List<PoolPairing.Unpaired> named = pools.unpaired().subList(0, Math.min(NAMED, pools.unpaired().size()));
                warnings.add(pools.unpaired().size() + " source users have no pair ("
                        + String.join("; ", named.stream().map(u -> u.username() + ", " + u.reason()).toList())
                        + (pools.unpaired().size() > named.size() ? "; …" : "") + "): analysis stops at their values"
                        + " (identities.onUnmatched refuse): give each the same email in both pools, or pair them in a file the"
                        + " plan names (\"csv\": \"" + InferredPlan.IDENTITIES_CSV + "\"; --identities-out writes one with the pools'"
                        + " pairs, theirs left to fill in), or set identities.onUnmatched");
            }
        }
        if (proposals.stream().anyMatch(ReferenceEvidence::mapsIdentityIds)) {
            warnings.add("identity IDs proposed (@identityId, <region>:<uuid>): only " + InferredPlan.IDENTITIES_CSV + " maps them,"
                    + " in its columns source_identity_id,target_identity_id; they are an identity pool's, which no user pool holds,"
                    + " so give each user's dev and prod identity IDs there");
        }
    }
}
