package dev.dmig.feature.identity;

import dev.dmig.analysis.Analysis;
import dev.dmig.analysis.RunCheck;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunManifest;
import java.util.List;
import java.util.Locale;

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

    /**
     * The ListUsers requests the map took (ceil(users / 60) per pool, and one per pool to check it first) in the estimate;
     * a file whose columns are swapped refused, whatever {@code onUnmatched} says ({@link #swapped}).
     */
    @Override
    public Analysis summarized(Analysis analysis) {
        swapped(analysis);
        var pairing = IdentityMaps.pairing(parts.artifacts(), parts.plan(), parts.runId());
        return analysis.withEstimate(analysis.estimate().withUserPoolRequests(pairing == null ? 0 : pairing.requests()))
                .withSection(IdentitySummary.SECTION.name(), IdentitySummary.of(parts.artifacts(), parts.runId(), parts.plan(), analysis.tables()));
    }

    /**
     * Refuses, in one line, an identity file whose columns are swapped: more of the source's identity values name its
     * target users than its source users. Under {@code keep} every one would be copied as it is, a development user in
     * production; under {@code refuse}, each item would be refused for what is one mistake.
     */
    private void swapped(Analysis analysis) {
        String csv = parts.plan().identities() == null ? null : parts.plan().identities().csv();
        if (csv == null) {
            return;
        }
        long matched = 0;
        long namingTargets = 0;
        String first = null;
        for (TableAnalysis table : analysis.tables()) {
            for (IdentityAnalysis identity : IdentityTallies.of(table)) {
                matched += identity.values() - identity.unmatched();
                namingTargets += identity.namingTargets();
                if (first == null && identity.namingTargets() > 0) {
                    first = "table " + table.model() + ", attribute " + identity.path();
                }
            }
        }
        if (namingTargets > matched) {
            throw new PlanInvalidException(List.of(Problem.plan(String.format(Locale.ROOT, "%s has its columns swapped: %,d of the"
                    + " source's identity values (first: %s) are its target users, %,d its source users; %s", csv, namingTargets,
                    first, matched, IdentityCsv.SWAPPED_FIX))));
        }
    }
}
