package dev.dmig.identity;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identity map a run was started with, frozen under the run ({@code runs/<runId>/identities.csv}) when it
 * opened: every step, retry and resumed execution reads that copy, never the file the plan names again. Kept per
 * process for the last few runs (by run ID and the time the run opened, so a run ID used again after its artifacts
 * were deleted is another run), so a container's segment tasks read and parse it once.
 */
public final class IdentityMaps {
    private static final int KEPT = 4;
    private static final Map<String, IdentityMap> LOADED = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IdentityMap> eldest) {
            return size() > KEPT;
        }
    };

    private IdentityMaps() {}

    /** The run's identity map; {@link IdentityMap#EMPTY} for a plan that maps no identity. */
    public static IdentityMap of(ArtifactStore artifacts, RunManifest manifest, MigrationPlan plan) {
        if (plan.identities() == null) {
            return IdentityMap.EMPTY;
        }
        String runId = manifest.runId();
        String key = artifacts.location() + "/" + runId + "@" + manifest.createdAt();
        synchronized (LOADED) {
            IdentityMap known = LOADED.get(key);
            if (known != null) {
                return known;
            }
        }
        byte[] text = artifacts.get(RunLayout.identities(runId)).orElseThrow(() -> new RunInputInvalidException("run " + runId
                + ": the plan maps identities by " + plan.identities().csv() + ", but the run holds no identity map ("
                + RunLayout.identities(runId) + "); start the run with dmig analyze, test or migrate, which upload the file"));
        IdentityMap map = IdentityCsv.parse(plan.identities().csv(), text);
        synchronized (LOADED) {
            LOADED.put(key, map);
        }
        return map;
    }
}
