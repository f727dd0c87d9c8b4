package dev.dmig.feature.mask;

import dev.dmig.analysis.RunCheck;
import dev.dmig.identity.IdentityMaps;
import dev.dmig.identity.PoolUser;
import dev.dmig.identity.PoolUsers;
import dev.dmig.identity.UserPool;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.plan.Identities;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.SourceView;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

/**
 * A masked run's users: the users of the source's pool its records name ({@link NamedUsers}) put in the target's, masked
 * ({@link MaskedUser}), and the run's identity map pointing each such user's sub, username and owner at them, before the
 * analysis scans the source. A user the
 * target's pool holds already under the masked username (or, in a pool that signs users in by email, the masked email)
 * is taken as it is, so a run again under the same key creates no one twice. A run that writes creates the others
 * (AdminCreateUser, no password, no message), each recorded with the run before it is created ({@code
 * runs/<id>/beside/users/<source sub>.json}: the masked username, then the user's sub), so that a rollback deletes exactly
 * the users the run created ({@link MaskedUserUndo}) and a call that stopped mid-way is gone on with by the next; a dry
 * run creates none, and maps each source user to a stand-in (the masked username and a sub drawn from it) that shows
 * what the run would write. A run that fails or is refused before its first write to the tables deletes the users it
 * created, so that its "nothing was written" holds. The source's pool is only read; what is stored holds masked values
 * and subs, never a source user's email, phone or name.
 */
final class MaskedUsers implements RunCheck {
    private final RunCheck.Parts parts;
    private final MaskSettings settings;

    private MaskedUsers(RunCheck.Parts parts, MaskSettings settings) {
        this.parts = parts;
        this.settings = settings;
    }

    /** A masked run whose identity map comes from the two sides' user pools. */
    static void addTo(List<RunCheck> checks, RunCheck.Parts parts) {
        MaskSettings settings = ofPools(parts.plan());
        if (settings != null) {
            checks.add(new MaskedUsers(parts, settings));
        }
    }

    /**
     * The plan's masking, when its run puts users in the target's pool: it masks and its identity map comes from the two
     * sides' user pools; null otherwise.
     */
    static MaskSettings ofPools(MigrationPlan plan) {
        MaskSettings settings = plan.section(MaskSettings.class);
        Identities identities = plan.identities();
        return settings != null && identities != null && identities.fromPools() ? settings : null;
    }

    /** One user the run creates, recorded before it is: the masked username asked for, then the sub the pool gave. */
    record Created(String username, String targetUsername, String sub) {}

    /** What the run did with the source's users, counts only ({@link MaskSummary.Users}). */
    static String donePath(String runId) {
        return RunLayout.prefix(runId) + "mask/users.json";
    }

    /** Where the users the run creates are recorded, one each, before each is created: what the run wrote beside its tables. */
    static String createdPrefix(String runId) {
        return RunLayout.writtenBeside(runId, "users");
    }

    /**
     * Once the run's source is known (a slice's members found: this feature comes after the slice's), before the analysis
     * scans it: the users its records name, put in the target's pool, and the identity map paired with them.
     */
    @Override
    public ScansFirst scansFirst(RunManifest manifest, FanOut fanOut, Deadline deadline) {
        ArtifactStore artifacts = parts.artifacts();
        boolean writes = manifest.mode().writes();
        MaskSummary.Users done = artifacts.getJson(donePath(parts.runId()), MaskSummary.Users.class).orElse(null);
        if (done != null && (!writes || done.standIns() == 0)) {
            return ScansFirst.DONE;
        }
        MigrationPlan plan = parts.plan();
        Identities identities = plan.identities();
        UserPool source = parts.userPools().pool("source", plan.sourceAccount(), identities.sourcePool());
        List<PoolUser> users = source.users();
        ItemStore view = SourceView.of(artifacts, parts.runId()).of(parts.items(), plan.sourceSuffix());
        List<String> models = manifest.tables() != null ? manifest.tables() : List.copyOf(plan.tables().keySet());
        Set<String> named = new NamedUsers(artifacts, parts.runId(), plan, new ItemTransformer(plan).placeholders(),
                parts.reading().pageSize()).of(view, models, users, deadline);
        if (named == null) {
            return new ScansFirst(false, null);
        }
        UserPool target = target();
        Paired paired;
        try {
            paired = pair(users.stream().filter(user -> named.contains(user.sub())).toList(), target, writes, deadline);
            if (paired != null) {
                IdentityMaps.pairAgain(artifacts, manifest, plan, paired.pairs());
                RunPrints.storeUsers(artifacts, parts.runId(), paired.prints());
            }
        } catch (RuntimeException failure) {
            // Nothing of a run that fails here is left half-done: the users it created go (a run killed here is resumed or
            // rolled back, both of which go by the records).
            undoCreated(target, failure);
            throw failure;
        }
        if (paired == null) {
            return new ScansFirst(false, null);
        }
        MaskSummary.Users counts = paired.counts();
        artifacts.putJson(donePath(parts.runId()), new MaskSummary.Users(source.id(), target.id(), counts.users(), counts.created(),
                counts.found(), counts.standIns(), counts.apart()));
        return ScansFirst.DONE;
    }

    /** A refused run wrote nothing: the users it created go. */
    @Override
    public void refused() {
        if (!parts.artifacts().list(createdPrefix(parts.runId())).isEmpty()) {
            MaskedUserUndo.deleteCreated(parts.artifacts(), parts.runId(), target(), Deadline.none());
        }
    }

    private UserPool target() {
        MigrationPlan plan = parts.plan();
        return parts.userPools().pool("target", plan.targetAccount(), plan.identities().targetPool());
    }

    /**
     * The pairs made so far, what was done with the users, counted, and the prints of the source values their masking
     * replaced ({@link MaskedUser#printed}).
     */
    private record Paired(List<PoolUsers.Pair> pairs, MaskSummary.Users counts, long[] prints) {}

    /**
     * Each source user paired with the masked user the target holds, or a new one a run that writes creates (a dry run's
     * stand-in); null when {@code deadline} came first.
     */
    private Paired pair(List<PoolUser> sourceUsers, UserPool target, boolean writes, Deadline deadline) {
        TargetUsers there = new TargetUsers(target.users());
        List<String> signInBy = target.usernameAttributes();
        Masker masker = new Masker(settings.key());
        SourcePrints printer = new SourcePrints(settings.key());
        LongStream.Builder prints = LongStream.builder();
        List<PoolUsers.Pair> pairs = new ArrayList<>();
        Map<String, String> taken = new HashMap<>();
        int users = 0;
        int created = 0;
        int found = 0;
        int standIns = 0;
        int apart = 0;
        for (PoolUser user : sourceUsers) {
            if (user.sub() == null) {
                continue;
            }
            users++;
            MaskedUser masked = MaskedUser.of(masker, user, signInBy);
            if (taken.putIfAbsent(masked.username(), user.sub()) != null) {
                apart++;
                continue;
            }
            MaskedUser.printed(printer, user, prints::add);
            PoolUser existing = there.find(masked);
            PoolUsers.User to;
            if (existing != null) {
                to = new PoolUsers.User(existing.sub(), existing.username());
                found++;
            } else if (!writes) {
                to = standIn(masked);
                standIns++;
            } else if (deadline.passed()) {
                return null;
            } else {
                to = create(target, user.sub(), masked);
                created++;
            }
            pairs.add(new PoolUsers.Pair(new PoolUsers.User(user.sub(), user.username()), to));
        }
        return new Paired(pairs, new MaskSummary.Users(null, null, users, created, found, standIns, apart), prints.build().toArray());
    }

    /** Deletes the users this run created, after {@code failure}; a failure of that is kept with it, the records with the run. */
    private void undoCreated(UserPool target, RuntimeException failure) {
        try {
            MaskedUserUndo.deleteCreated(parts.artifacts(), parts.runId(), target, Deadline.none());
        } catch (RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
    }

    /** Creates {@code masked} in {@code target}, recorded first with the run, and then with the sub the pool gave them. */
    private PoolUsers.User create(UserPool target, String sourceSub, MaskedUser masked) {
        String record = createdPrefix(parts.runId()) + sourceSub + ".json";
        parts.artifacts().putJson(record, new Created(masked.username(), null, null));
        PoolUser made = target.create(masked.username(), masked.attributes());
        parts.artifacts().putJson(record, new Created(masked.username(), made.username(), made.sub()));
        return new PoolUsers.User(made.sub(), made.username());
    }

    /** What a dry run maps a user it would create to: the masked username, and a sub drawn from it (no pool holds it). */
    static PoolUsers.User standIn(MaskedUser masked) {
        return new PoolUsers.User(UUID.nameUUIDFromBytes(masked.username().getBytes(StandardCharsets.UTF_8)).toString(),
                masked.username());
    }

    /** The target pool's users, found by username, and by email for a pool that signs users in by it. */
    static final class TargetUsers {
        private final Map<String, PoolUser> byUsername = new HashMap<>();
        private final Map<String, PoolUser> byEmail = new HashMap<>();

        TargetUsers(List<PoolUser> users) {
            for (PoolUser user : users) {
                byUsername.put(user.username(), user);
                String email = user.attributes().get("email");
                if (email != null) {
                    byEmail.putIfAbsent(email, user);
                }
            }
        }

        /** The user the pool holds as {@code masked}; null for none. */
        PoolUser find(MaskedUser masked) {
            return find(masked.username());
        }

        /**
         * The user the pool holds under the masked {@code username}, or, when it is an email, with it as their email (a
         * pool that signs users in by email names them by their sub); null for none.
         */
        PoolUser find(String username) {
            PoolUser user = byUsername.get(username);
            return user == null && username.endsWith("@" + Masker.EMAIL_DOMAIN) ? byEmail.get(username) : user;
        }
    }
}
