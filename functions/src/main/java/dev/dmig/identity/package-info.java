/**
 * Users between environments: the identity map from a CSV or from two user pools (listed, paired, frozen with the
 * run), usernames that are emails or phone numbers masked and sealed, the run's secrets.
 *
 * <p>Floor 4: imports the root package, csv, json, plan, run and store. (ArchitectureTest checks it: docs/development.md, "Packages").
 */
@Face({CognitoUserPools.class, IdentityCsv.class, IdentityMap.class, IdentityMaps.class, PoolPairing.class,
        PoolStandIns.class, PoolUser.class, PoolUsers.class, UserPool.class, UserPools.class, Usernames.class})
package dev.dmig.identity;

import dev.dmig.Face;
