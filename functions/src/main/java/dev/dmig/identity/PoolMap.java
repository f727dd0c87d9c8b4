package dev.dmig.identity;

import java.util.List;

/**
 * A run's identity map as built from the two user pools, frozen with the run when analysis built it
 * ({@code runs/<id>/identities/map.json.gz}): how it was built, and its pairs. Every later step, a resumed run and
 * validation read it; the pools are never read again for the run.
 */
record PoolMap(PoolPairing pairing, List<IdentityPair> pairs) {}
