package dev.dmig.feature.mask;

import dev.dmig.identity.PoolUser;
import dev.dmig.identity.UserPool;
import dev.dmig.identity.UserPools;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.validate.VerdictCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation's look at the users a masked run put in the target's pool (those it recorded creating, {@link MaskedUsers}):
 * every attribute the pool holds for them now but those the run masked itself (their fakes, {@link MaskedUser#masks}, as
 * {@link WrittenValues} leaves a copy's masked paths out), against the prints of the source values the run masks and of its
 * source users' ({@link RunPrints}). One line per user and attribute, never the value.
 */
final class MaskedPoolCheck implements VerdictCheck {
    private final VerdictCheck.Parts parts;
    private final MaskSettings settings;

    private MaskedPoolCheck(VerdictCheck.Parts parts, MaskSettings settings) {
        this.parts = parts;
        this.settings = settings;
    }

    /** A masked run whose identity map comes from the two sides' user pools. */
    static void addTo(List<VerdictCheck> checks, VerdictCheck.Parts parts) {
        MaskSettings settings = MaskedUsers.ofPools(parts.plan());
        if (settings != null) {
            checks.add(new MaskedPoolCheck(parts, settings));
        }
    }

    @Override
    public void failures(List<String> failures) {
        List<String> created = created();
        PrintSet prints = created.isEmpty() ? PrintSet.EMPTY : new RunPrints.Loaded(parts.artifacts(), parts.runId()).prints();
        if (prints.isEmpty()) {
            return;
        }
        MigrationPlan plan = parts.plan();
        UserPool target = parts.reaches().get(UserPools.class, UserPools.NONE).pool("target", plan.targetAccount(),
                plan.identities().targetPool());
        Map<String, PoolUser> byUsername = new LinkedHashMap<>();
        target.users().forEach(user -> byUsername.put(user.username(), user));
        SourcePrints printer = new SourcePrints(settings.key());
        for (String username : created) {
            PoolUser user = byUsername.get(username);
            if (user == null) {
                continue;
            }
            // The username and the attributes the run masked are its fakes, which a real value may equal by chance (a common
            // given name), as the masked paths of a copy are: the others, set since or never masked, are looked through.
            Map<String, String> values = new LinkedHashMap<>(user.attributes());
            values.keySet().removeIf(name -> MaskedUser.masks(name) || name.equals("sub"));
            values.forEach((name, value) -> {
                SourcePrints.Sort sort = value == null ? null : prints.find(value, printer);
                if (sort != null) {
                    failures.add("user pool " + target.id() + ", user " + user.sub() + ", attribute " + name + ": holds "
                            + sort.said() + " that the run masks; roll the run back, and report it: the run puts only masked"
                            + " values in the pool");
                }
            });
        }
    }

    /** The usernames the target's pool gave the users the run recorded creating. */
    private List<String> created() {
        List<String> usernames = new ArrayList<>();
        for (String record : parts.artifacts().list(MaskedUsers.createdPrefix(parts.runId()))) {
            parts.artifacts().getJson(record, MaskedUsers.Created.class).ifPresent(created ->
                    usernames.add(created.targetUsername() != null ? created.targetUsername() : created.username()));
        }
        return usernames;
    }
}
