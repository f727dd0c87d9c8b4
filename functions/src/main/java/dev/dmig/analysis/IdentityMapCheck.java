package dev.dmig.analysis;

import dev.dmig.identity.IdentityMaps;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunManifest;
import java.util.List;

/**
 * The run's identity map, built from the user pools (over as many calls as it takes) or read, before anything is scanned;
 * in the analysis, what it matched and the ListUsers requests it took.
 */
final class IdentityMapCheck implements RunCheck {
    private final RunCheck.Parts parts;

    private IdentityMapCheck(RunCheck.Parts parts) {
        this.parts = parts;
    }

    /** Every plan: one without identities has no map to build. */
    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        checks.add(new IdentityMapCheck(parts));
    }

    @Override
    public boolean ready(RunManifest manifest, Deadline deadline) {
        return IdentityMaps.build(parts.artifacts(), parts.userPools(), manifest, parts.plan(), deadline);
    }

    /** The ListUsers requests the map took (ceil(users / 60) per pool, and one per pool to check it first) in the estimate. */
    @Override
    public Analysis summarized(Analysis analysis) {
        var pairing = IdentityMaps.pairing(parts.artifacts(), parts.plan(), parts.runId());
        return analysis.withIdentities(analysis.estimate().withUserPoolRequests(pairing == null ? 0 : pairing.requests()),
                IdentitySummary.of(parts.artifacts(), parts.runId(), parts.plan(), analysis.tables()));
    }
}
