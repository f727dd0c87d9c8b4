package dev.dmig.identity;

import dev.dmig.plan.MigrationPlan;
import java.util.List;

/**
 * A feature whose run puts users of its own in the target's pool in place of the source's (masked ones), and pairs each
 * source user with them ({@link IdentityMaps#pairAgain}): for a preview of what a run maps, the pairs it would make,
 * creating no one (a user the target's pool holds already, else a stand-in that shows what the run would write).
 * Asked by {@link PoolUsers#preview}.
 */
public interface PoolStandIns {
    /** The source pool's users each paired as the feature's run would pair them; null when the plan does not use it. */
    List<PoolUsers.Pair> pairs(MigrationPlan plan, UserPool source, UserPool target);
}
