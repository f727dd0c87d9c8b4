package dev.dmig.identity;

import dev.dmig.plan.Identities;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunInputInvalidException;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity map of a run, in one place. A map given as a file is frozen under the run
 * ({@code runs/<runId>/identities.csv}) when it opens; a map from the user pools is built by analysis
 * ({@link #build}) and frozen with the run ({@code runs/<runId>/identities/map.json.gz}), the file's lines first when
 * the plan gives both, its usernames that are emails or phone numbers masked and sealed ({@link RunSecrets}). Every step, retry and resumed execution reads the frozen map, never the file or the pools again.
 * Kept per process for the last few runs (by run ID and the time the run opened, so a run ID used again after its
 * artifacts were deleted is another run), so a container's segment tasks read and parse it once.
 */
public final class IdentityMaps {
    private static final int KEPT = 4;
    /** ListUsers requests made before a run opens: one per pool, to refuse a pool dmig may not read with nothing written. */
    static final int CHECK_REQUESTS = 2;
    private static final String[] SIDES = {"source", "target"};
    private static final Map<String, IdentityMap> LOADED = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IdentityMap> eldest) {
            return size() > KEPT;
        }
    };

    private IdentityMaps() {}

    /**
     * Reads the first page of each pool the plan names, so that a pool dmig may not read, or that does not exist, is
     * refused in one line before a run opens; a plan without pools needs nothing.
     */
    public static void check(UserPools pools, MigrationPlan plan) {
        Identities identities = plan.identities();
        if (identities != null && identities.fromPools()) {
            // The first page is asked for whatever its iterator knows (the SDK's says it has one before asking).
            pools.pool(SIDES[0], plan.sourceAccount(), identities.sourcePool()).pages(null).next();
            pools.pool(SIDES[1], plan.targetAccount(), identities.targetPool()).pages(null).next();
        }
    }

    /**
     * Builds the run's map from the plan's user pools if it is not built yet: lists both pools (going on from where an
     * earlier call stopped), pairs their users, freezes the map, and deletes the listings and the secret of their match
     * keys, every version. False when {@code deadline} came first: call again. A plan whose map is a file has it frozen
     * already, and is checked.
     */
    public static boolean build(ArtifactStore artifacts, UserPools pools, RunManifest manifest, MigrationPlan plan, Deadline deadline) {
        Identities identities = plan.identities();
        if (identities == null) {
            return true;
        }
        String runId = manifest.runId();
        RunSecrets secrets = new RunSecrets(artifacts, runId);
        List<String> kept = identities.fromPools() ? artifacts.list(RunLayout.prefix(runId) + "identities/") : List.of();
        if (!identities.fromPools() || kept.contains(RunLayout.poolMap(runId))) {
            forgetListings(artifacts, runId, secrets, kept);
            of(artifacts, manifest, plan);
            return true;
        }
        UserPool sourcePool = pools.pool(SIDES[0], plan.sourceAccount(), identities.sourcePool());
        PoolListing.Listed source = PoolListing.advance(artifacts, RunLayout.userPoolListing(runId, SIDES[0]), sourcePool,
                identities.matchBy(), secrets, deadline);
        if (!source.done()) {
            return false;
        }
        UserPool targetPool = pools.pool(SIDES[1], plan.targetAccount(), identities.targetPool());
        PoolListing.Listed target = PoolListing.advance(artifacts, RunLayout.userPoolListing(runId, SIDES[1]), targetPool,
                identities.matchBy(), secrets, deadline);
        if (!target.done()) {
            return false;
        }
        IdentityPairing.Paired paired = IdentityPairing.pair(source.users(), target.users(), identities.matchBy());
        int given = 0;
        if (identities.csv() != null) {
            IdentityMap file = IdentityCsv.parse(identities.csv(), frozenFile(artifacts, runId, identities));
            given = file.size();
            paired = IdentityPairing.withGiven(paired, file, identities.csv(), source.users(), target.users());
        }
        List<PoolPairing.Unpaired> unpaired = paired.unpaired().stream().map(IdentityPairing.Left::shown).toList();
        PoolPairing pairing = new PoolPairing(identities.matchBy(), sourcePool.id(), source.users().size(), targetPool.id(),
                target.users().size(), source.requests() + target.requests() + CHECK_REQUESTS, paired.pairs().size() - given,
                identities.csv(), given, unpaired.size(), List.copyOf(unpaired.subList(0, Math.min(PoolPairing.EXAMPLES, unpaired.size()))), 0);
        String place = RunLayout.poolMap(runId);
        artifacts.putGzipJson(place, PoolMap.of(pairing, paired.pairs(), secrets, place));
        forgetListings(artifacts, runId, secrets, List.of(RunLayout.userPoolListing(runId, SIDES[0]),
                RunLayout.userPoolListing(runId, SIDES[1]), RunLayout.identityMatchSecret(runId)));
        return true;
    }

    /**
     * Deletes the run's user-pool listings and the secret of their match keys, every version of each, whatever is left of
     * them: for a run whose analysis ended before its map was frozen (refused, failed, out of time, stopped), which no
     * later call of it would delete. A run that lists its pools again starts them over, under a new secret. Nothing else
     * of the run is touched: a frozen map and the key its usernames are sealed with stay.
     */
    public static void forgetListings(ArtifactStore artifacts, String runId) {
        forgetListings(artifacts, runId, new RunSecrets(artifacts, runId), artifacts.list(RunLayout.prefix(runId) + "identities/"));
    }

    /**
     * The listings served their purpose (the map holds what the run needs of the pools): they go, with the secret of
     * their match keys, every version of each (a bucket that keeps versions would keep them for weeks). Again on a later
     * call, should one have died on the way: while anything is left, the last version of it is still listed
     * ({@code left}: the run's identity artifacts listed).
     */
    private static void forgetListings(ArtifactStore artifacts, String runId, RunSecrets secrets, List<String> left) {
        for (String side : SIDES) {
            if (left.contains(RunLayout.userPoolListing(runId, side))) {
                artifacts.deleteEveryVersion(RunLayout.userPoolListing(runId, side));
            }
        }
        if (left.contains(RunLayout.identityMatchSecret(runId))) {
            secrets.forgetMatchSecret();
        }
    }

    /**
     * Pairs each of {@code pairs}' source users with its target user in the run's map from the user pools, in place of
     * whatever paired them before (the users a run put in the target's pool to stand in for the source's), and freezes the
     * map again; every later step reads it so. A plan whose map is not from the pools is refused.
     */
    public static void pairAgain(ArtifactStore artifacts, RunManifest manifest, MigrationPlan plan, List<PoolUsers.Pair> pairs) {
        Identities identities = plan.identities();
        if (identities == null || !identities.fromPools()) {
            throw new IllegalStateException("run " + manifest.runId() + " builds no identity map from user pools");
        }
        String runId = manifest.runId();
        String place = RunLayout.poolMap(runId);
        RunSecrets secrets = new RunSecrets(artifacts, runId);
        PoolMap frozen = artifacts.getGzipJson(place, PoolMap.class).orElseThrow(() -> new RunInputInvalidException("run " + runId
                + ": its identity map from the user pools is not built (" + place + "); resume the run, or start it again"));
        Map<String, IdentityPair> bySource = new LinkedHashMap<>();
        List<IdentityPair> opened = frozen.opened(secrets, place);
        opened.forEach(pair -> bySource.put(pair.sourceSub(), pair));
        List<IdentityPair> paired = new ArrayList<>(pairs.size());
        for (PoolUsers.Pair pair : pairs) {
            IdentityPair before = bySource.get(pair.source().sub());
            IdentityPair again = new IdentityPair(pair.source().sub(), pair.target().sub(), pair.source().username(),
                    pair.target().username(), before == null ? null : before.sourceIdentityId(), null);
            bySource.put(pair.source().sub(), again);
            paired.add(again);
        }
        PoolPairing pairing = frozen.pairing().pairedAgain() > 0 ? frozen.pairing() : frozen.pairing().withPairedAgain(opened, paired);
        artifacts.putGzipJson(place, PoolMap.of(pairing, List.copyOf(bySource.values()), secrets, place));
        synchronized (LOADED) {
            LOADED.remove(artifacts.location() + "/" + runId + "@" + manifest.createdAt());
        }
    }

    /** How the run's map was built from its pools; null for a map given as a file alone. */
    public static PoolPairing pairing(ArtifactStore artifacts, MigrationPlan plan, String runId) {
        if (plan.identities() == null || !plan.identities().fromPools()) {
            return null;
        }
        return artifacts.getGzipJson(RunLayout.poolMap(runId), PoolMap.class).map(PoolMap::pairing).orElse(null);
    }

    /** The run's identity map; {@link IdentityMap#EMPTY} for a plan that maps no identity. */
    public static IdentityMap of(ArtifactStore artifacts, RunManifest manifest, MigrationPlan plan) {
        Identities identities = plan.identities();
        if (identities == null) {
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
        IdentityMap map;
        if (identities.fromPools()) {
            String place = RunLayout.poolMap(runId);
            map = new IdentityMap(artifacts.getGzipJson(place, PoolMap.class).orElseThrow(() ->
                    new RunInputInvalidException("run " + runId + ": its identity map from the user pools " + identities.sourcePool().id()
                            + " and " + identities.targetPool().id() + " is not built (" + place
                            + "); its analysis builds it: resume the run, or start it again")).opened(new RunSecrets(artifacts, runId), place));
        } else {
            map = IdentityCsv.parse(identities.csv(), frozenFile(artifacts, runId, identities));
        }
        synchronized (LOADED) {
            LOADED.put(key, map);
        }
        return map;
    }

    private static byte[] frozenFile(ArtifactStore artifacts, String runId, Identities identities) {
        return artifacts.get(RunLayout.identities(runId)).orElseThrow(() -> new RunInputInvalidException("run " + runId
                + ": the plan maps identities by " + identities.csv() + ", but the run holds no identity map ("
                + RunLayout.identities(runId) + "); start the run with dmig analyze, test or migrate, which upload the file"));
    }
}
