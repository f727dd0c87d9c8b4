package dev.dmig.feature.mask;

import dev.dmig.analysis.Analysis;
import dev.dmig.identity.PoolUser;
import dev.dmig.identity.UserPool;
import dev.dmig.identity.UserPools;
import dev.dmig.journal.JournalEntry;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.rollback.UndoStep;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.store.ArtifactStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A masked run's rollback deletes the users the run created in the target's pool, and those alone: each one its record
 * names ({@link MaskedUsers.Created}), by the username the pool gave them, or, for one whose creation the run did not see
 * end, by the masked username it asked for, if the pool holds such a user. A user the run found there already (an earlier
 * run's, the team's) has no record and stays. Each record goes once its user is gone, so a rollback stopped mid-way goes
 * on where it stopped. The rollback's result says how many it deleted, and the users the run found there and kept.
 */
final class MaskedUserUndo implements UndoStep {
    private final String runId;
    private final MigrationPlan plan;
    private final ArtifactStore artifacts;
    private final UserPools pools;
    /** Where this execution counts the users it deleted ({@link Deleted}), kept between its calls. */
    private final String tally;

    private MaskedUserUndo(UndoStep.Parts parts, UserPools pools) {
        this.runId = parts.runId();
        this.plan = parts.plan();
        this.artifacts = parts.artifacts();
        this.pools = pools;
        this.tally = RunLayout.rollbackBeside(parts.runId(), parts.execution(), "users");
    }

    /**
     * What one rollback execution deleted of the run's users: {@code users} deleted from pool {@code pool}, {@code gone}
     * whose creation the run did not see end and that the pool does not hold; {@code last}, the record last counted, which
     * a call stopped before it deleted the record does not count again.
     */
    record Deleted(String pool, long users, long gone, String last) {
        static final Deleted NONE = new Deleted(null, 0, 0, null);

        Deleted counted(String pool, String record, boolean deleted) {
            return record.equals(last) ? this : new Deleted(pool, users + (deleted ? 1 : 0), gone + (deleted ? 0 : 1), record);
        }
    }

    /** A masked run's whose identity map comes from the user pools. */
    static void addTo(List<UndoStep> steps, UndoStep.Parts parts) {
        if (MaskedUsers.ofPools(parts.plan()) != null) {
            steps.add(new MaskedUserUndo(parts, parts.reaches().get(UserPools.class, UserPools.NONE)));
        }
    }

    @Override
    public void undo(JournalEntry entry, Counts counts, List<String> failedKeys) {
        // The users are the run's, not a page's: undone once, after every entry (undoRun).
    }

    @Override
    public boolean undoRun(Deadline deadline) {
        if (artifacts.list(MaskedUsers.createdPrefix(runId)).isEmpty()) {
            return true;
        }
        UserPool target = pools.pool("target", plan.targetAccount(), plan.identities().targetPool());
        String pool = plan.identities().targetPool().id();
        return deleteCreated(artifacts, runId, target, deadline, (record, deleted) -> artifacts.putJson(tally,
                artifacts.getJson(tally, Deleted.class).orElse(Deleted.NONE).counted(pool, record, deleted)));
    }

    /**
     * {@code 6 users the run created deleted from pool eu-west-1_Preview}, and the users the run found there and kept
     * (not the run's); nothing when this execution deleted none and the run found none.
     */
    @Override
    public List<String> undidRun() {
        List<String> lines = new ArrayList<>();
        artifacts.getJson(tally, Deleted.class).ifPresent(deleted -> lines.add(count(deleted.users(), "user") + " the run created"
                + " deleted from pool " + deleted.pool() + (deleted.gone() == 0 ? "" : ", " + count(deleted.gone(), "user")
                + " not in the pool (the run stopped as it created " + (deleted.gone() == 1 ? "it" : "them") + ")")));
        MaskSummary.Users users = artifacts.getJson(RunLayout.analysis(runId), Analysis.class)
                .map(analysis -> analysis.section(MaskSummary.SECTION.name(), MaskSummary.class)).map(MaskSummary::users).orElse(null);
        if (users != null && users.found() > 0) {
            lines.add(count(users.found(), "user") + " of pool " + users.targetPool() + " kept: there before the run, not the"
                    + " run's to delete");
        }
        return lines;
    }

    private static String count(long n, String what) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? what : what + "s");
    }

    /** What the rollback learns of each user record it has done with: whether the pool held the user, now deleted. */
    @FunctionalInterface
    interface Tally {
        Tally NONE = (record, deleted) -> { };

        void counted(String record, boolean deleted);
    }

    /**
     * Deletes from {@code target} every user run {@code runId} recorded creating, and then the record; false when
     * {@code deadline} came first (what is left is deleted by the next call).
     */
    static boolean deleteCreated(ArtifactStore artifacts, String runId, UserPool target, Deadline deadline) {
        return deleteCreated(artifacts, runId, target, deadline, Tally.NONE);
    }

    /** As {@link #deleteCreated(ArtifactStore, String, UserPool, Deadline)}, each user counted into {@code tally} before its record goes. */
    private static boolean deleteCreated(ArtifactStore artifacts, String runId, UserPool target, Deadline deadline, Tally tally) {
        MaskedUsers.TargetUsers there = null;
        for (String record : artifacts.list(MaskedUsers.createdPrefix(runId))) {
            if (deadline.passed()) {
                return false;
            }
            MaskedUsers.Created created = artifacts.getJson(record, MaskedUsers.Created.class).orElse(null);
            boolean deleted = false;
            if (created != null && created.targetUsername() != null) {
                target.delete(created.targetUsername());
                deleted = true;
            } else if (created != null) {
                // Its creation was not seen to end: the user is there under the username asked for, or not at all.
                there = there != null ? there : new MaskedUsers.TargetUsers(target.users());
                PoolUser made = there.find(created.username());
                if (made != null) {
                    target.delete(made.username());
                    deleted = true;
                }
            }
            if (created != null) {
                tally.counted(record, deleted);
            }
            artifacts.delete(record);
        }
        return true;
    }
}
