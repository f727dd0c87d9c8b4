package dev.dmig.feature.mask;

import dev.dmig.identity.PoolUser;
import dev.dmig.identity.UserPool;
import dev.dmig.identity.UserPools;
import dev.dmig.journal.JournalEntry;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.rollback.UndoStep;
import dev.dmig.run.Deadline;
import dev.dmig.store.ArtifactStore;
import java.util.List;

/**
 * A masked run's rollback deletes the users the run created in the target's pool, and those alone: each one its record
 * names ({@link MaskedUsers.Created}), by the username the pool gave them, or, for one whose creation the run did not see
 * end, by the masked username it asked for, if the pool holds such a user. A user the run found there already (an earlier
 * run's, the team's) has no record and stays. Each record goes once its user is gone, so a rollback stopped mid-way goes
 * on where it stopped.
 */
final class MaskedUserUndo implements UndoStep {
    private final String runId;
    private final MigrationPlan plan;
    private final ArtifactStore artifacts;
    private final UserPools pools;

    private MaskedUserUndo(UndoStep.Parts parts, UserPools pools) {
        this.runId = parts.runId();
        this.plan = parts.plan();
        this.artifacts = parts.artifacts();
        this.pools = pools;
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
        return deleteCreated(artifacts, runId, pools.pool("target", plan.targetAccount(), plan.identities().targetPool()), deadline);
    }

    /**
     * Deletes from {@code target} every user run {@code runId} recorded creating, and then the record; false when
     * {@code deadline} came first (what is left is deleted by the next call).
     */
    static boolean deleteCreated(ArtifactStore artifacts, String runId, UserPool target, Deadline deadline) {
        MaskedUsers.TargetUsers there = null;
        for (String record : artifacts.list(MaskedUsers.createdPrefix(runId))) {
            if (deadline.passed()) {
                return false;
            }
            MaskedUsers.Created created = artifacts.getJson(record, MaskedUsers.Created.class).orElse(null);
            if (created != null && created.targetUsername() != null) {
                target.delete(created.targetUsername());
            } else if (created != null) {
                // Its creation was not seen to end: the user is there under the username asked for, or not at all.
                there = there != null ? there : new MaskedUsers.TargetUsers(target.users());
                PoolUser made = there.find(created.username());
                if (made != null) {
                    target.delete(made.username());
                }
            }
            artifacts.delete(record);
        }
        return true;
    }
}
