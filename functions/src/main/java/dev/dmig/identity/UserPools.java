package dev.dmig.identity;

import dev.dmig.plan.UserPoolRef;
import dev.dmig.store.Account;

/** Opens the user pools a plan's sides name, each read with its side's account (region, role). */
@FunctionalInterface
public interface UserPools {
    /** For a process that reads no user pool: a plan naming one is refused. */
    UserPools NONE = (side, account, pool) -> {
        throw new IllegalStateException("this process reads no user pool, but the plan's " + side + ".userPoolId names " + pool.id());
    };

    /** {@code side}: {@code source} or {@code target}, the plan's side that names {@code pool}, reached as {@code account}. */
    UserPool pool(String side, Account account, UserPoolRef pool);
}
