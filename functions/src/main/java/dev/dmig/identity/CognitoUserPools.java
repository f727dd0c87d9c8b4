package dev.dmig.identity;

import dev.dmig.plan.UserPoolRef;
import dev.dmig.store.Account;
import dev.dmig.store.AccountClients;
import dev.dmig.store.StackReach;
import dev.dmig.store.StoreRefusedException;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * The user pools of Cognito, each reached with its side's account ({@link AccountClients}): in the region its ID
 * starts with, at the side's {@code userPoolEndpoint}, else at {@code endpoint} (a server standing in for Cognito in a
 * local run), else at AWS's. A deployed stack's reaches only the pools of its parameters, never an endpoint
 * ({@link StackReach#poolProblems}): refused here before any request, whatever the plan.
 */
public final class CognitoUserPools implements UserPools {
    private final AccountClients accounts;
    private final URI endpoint;
    private final StackReach reach;

    /** {@code endpoint}: where every pool without one of its own is read (local runs); null for AWS. {@code reach}: null for a local process. */
    public CognitoUserPools(AccountClients accounts, URI endpoint, StackReach reach) {
        this.accounts = accounts;
        this.endpoint = endpoint;
        this.reach = reach;
    }

    @Override
    public UserPool pool(String side, Account account, UserPoolRef pool) {
        if (reach != null) {
            List<String> problems = reach.poolProblems(side, pool.id(), pool.endpoint());
            if (!problems.isEmpty()) {
                throw new StoreRefusedException("this deployed stack does not reach the plan's user pools: "
                        + String.join("; ", problems), null);
            }
        }
        UserPoolRef reached = new UserPoolRef(pool.id(), pool.endpoint() != null ? pool.endpoint() : endpoint);
        Region region = pool.region() != null ? Region.of(pool.region()) : null;
        return new CognitoUserPool(accounts.cognito(account, region, reached.endpoint()), side, reached, account);
    }
}
