package dev.dmig.feature.identity;

import dev.dmig.analysis.RunSection;
import dev.dmig.analysis.TableAnalysis;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.identity.PoolPairing;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunFiles;
import dev.dmig.store.ArtifactStore;
import java.util.Collection;
import java.util.List;

/**
 * The run's identity map and what it did: the file it came from and its users (one pair each), or, built from the
 * two user pools, how ({@code pools}); what happens to a value without a match ({@code onUnmatched}), and the identity
 * values found in the source, and of them those without a match.
 */
public record IdentitySummary(String csv, int users, String onUnmatched, long values, long unmatched, PoolPairing pools) {
    /** Its section of the analysis, {@code identities}: one line, said after {@code identities:} and as the report's {@code Users}. */
    static final RunSection<IdentitySummary> SECTION = new RunSection<>("identities", IdentitySummary.class, "identities", "Users",
            summary -> List.of(summary.describe()));

    /** A map given as a file. */
    public IdentitySummary(String csv, int users, String onUnmatched, long values, long unmatched) {
        this(csv, users, onUnmatched, values, unmatched, null);
    }

    /** The run's identity map and the identity values of its tables; null for a plan that maps no identity. */
    static IdentitySummary of(ArtifactStore artifacts, String runId, MigrationPlan plan, Collection<TableAnalysis> tables) {
        if (plan.identities() == null) {
            return null;
        }
        long values = 0;
        long unmatched = 0;
        for (TableAnalysis table : tables) {
            for (IdentityAnalysis identity : IdentityTallies.of(table)) {
                values += identity.values();
                unmatched += identity.unmatched();
            }
        }
        int users = IdentityMaps.of(artifacts, RunFiles.manifest(artifacts, runId), plan).size();
        return new IdentitySummary(plan.identities().csv(), users, UnmatchedPolicy.of(plan).planName(), values, unmatched,
                IdentityMaps.pairing(artifacts, plan, runId));
    }

    /**
     * One line for people: {@code 12 users in identities.csv; 4,417 identity values, 1 without a match (onUnmatched:
     * refuse)}, or, from the pools, how their users were paired in place of the file.
     */
    public String describe() {
        String map = pools != null ? pools.describe() : users + (users == 1 ? " user" : " users") + " in " + csv;
        return map + "; " + count(values) + " identity values, "
                + (unmatched == 0 ? "every one matched" : count(unmatched) + " without a match (onUnmatched: " + onUnmatched + ")");
    }

    private static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
