package dev.dmig.feature.mask;

import dev.dmig.identity.PoolStandIns;
import dev.dmig.identity.PoolUser;
import dev.dmig.identity.PoolUsers;
import dev.dmig.identity.UserPool;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a preview of a masked run pairs the source's users with, as {@link MaskedUsers} pairs them and creating no one:
 * the masked user the target's pool holds already, else a stand-in (the masked username, a sub drawn from it), as a dry
 * run's; a user whose masked username another took first is left unpaired, as the run leaves them.
 */
final class MaskedStandIns implements PoolStandIns {
    @Override
    public List<PoolUsers.Pair> pairs(MigrationPlan plan, UserPool source, UserPool target) {
        MaskSettings settings = plan.section(MaskSettings.class);
        if (settings == null) {
            return null;
        }
        MaskedUsers.TargetUsers there = new MaskedUsers.TargetUsers(target.users());
        List<String> signInBy = target.usernameAttributes();
        Masker masker = new Masker(settings.key());
        Set<String> taken = new HashSet<>();
        List<PoolUsers.Pair> pairs = new ArrayList<>();
        for (PoolUser user : source.users()) {
            MaskedUser masked = user.sub() == null ? null : MaskedUser.of(masker, user, signInBy);
            if (masked != null && taken.add(masked.username())) {
                PoolUser existing = there.find(masked);
                pairs.add(new PoolUsers.Pair(new PoolUsers.User(user.sub(), user.username()), existing == null
                        ? MaskedUsers.standIn(masked) : new PoolUsers.User(existing.sub(), existing.username())));
            }
        }
        return pairs;
    }
}
