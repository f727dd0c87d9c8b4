package dev.dmig.rollback;

import dev.dmig.Reaches;
import dev.dmig.journal.JournalEntry;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.run.Deadline;
import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ItemStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a feature undoes of one journal entry beside its items (the Storage objects the page wrote), after the core has
 * undone the items. {@link Rollback} runs every step of {@link UndoSteps} on each entry; what a step needs it is given
 * when it is made, once per rollback call, or reads in {@link #prepare}, once per rollback execution.
 */
public interface UndoStep {
    /**
     * Undoes what {@code entry} journaled of the feature, counting it into {@code counts}; what it could not undo goes to
     * {@code failedKeys}, one line each, as the rollback lists it.
     */
    void undo(JournalEntry entry, Counts counts, List<String> failedKeys);

    /**
     * What the step undoes of the run beside its journal's entries (the users a feature created in the target's user
     * pool), once every entry is undone and before the rollback ends: recorded by the run before it wrote each, so that a
     * run stopped mid-way is undone whole. Undoing what is undone already does nothing: a later call or execution may call
     * it again. False when {@code deadline} came first (the next call goes on); a failure no retry heals is thrown, in one
     * line. Nothing by default.
     */
    default boolean undoRun(Deadline deadline) {
        return true;
    }

    /**
     * What the step says it undid of the run beside its journal's entries, once {@link #undoRun} is done, a line each, as
     * the rollback's result keeps them and its summary says them ({@code 6 users the run created deleted from pool
     * eu-west-1_Preview}), with what it kept and why; none by default.
     */
    default List<String> undidRun() {
        return List.of();
    }

    /** What a step counts of what it undid, into the rollback's counts of the (table, segment) it undoes. */
    interface Counts {
        /** Objects deleted and restored, and those left as someone else changed them since (each counted once). */
        void undidObjects(long deleted, long restored, List<String> left);

        /** Objects kept as a record left in the target names them (each counted once). */
        void keptObjects(List<String> kept);

        /** Why keys failed, in one line, unless an earlier failure gave one. */
        void failedBecause(String why);
    }

    /**
     * What the step reads once per rollback execution, before anything is undone and once the run's writers have
     * stopped, for its later calls and tasks to find with the execution's progress; nothing by default. A read longer
     * than a call stops at {@code deadline}, keeps what it read with the execution's progress and returns false, for
     * the next call to go on; true once it is all read.
     */
    default boolean prepare(Deadline deadline) {
        return true;
    }

    /**
     * What a feature's steps are made of: the run and the rollback's execution, the run's plan, what the rollback reaches
     * beside the tables (a feature finds its own by type: the buckets of the plan's files), the artifacts, the pool writes
     * go to, the target's items (read after the entry's items are undone: what the target is left holding), and the keys
     * the run created, read once per call when a step asks.
     */
    public record Parts(String runId, String execution, MigrationPlan plan, Reaches reaches, ArtifactStore artifacts,
                 ExecutorService writePool, ItemStore target, java.util.function.Supplier<RunKeys> runKeys) {
        public Parts(String runId, String execution, MigrationPlan plan, Reaches reaches, ArtifactStore artifacts,
              ExecutorService writePool, ItemStore target) {
            this(runId, execution, plan, reaches, artifacts, writePool, target, () -> RunKeys.of(artifacts, runId));
        }

        /** The target's records this rollback deletes, as its execution found them ({@link Deletes}); read now. */
        public Deletes deletes() {
            return new Deletes(runKeys.get(), KeptRecords.read(artifacts, runId, execution),
                    artifacts.get(dev.dmig.run.RunLayout.rollbackRefreshing(runId, execution)).isPresent());
        }
    }

    /**
     * Which of the target's records the rollback deletes: those the run created that hold what the run left (or anything,
     * for a refresh) and that nothing left in the target points to (the records it keeps, as its execution found them before undoing anything).
     */
    final class Deletes {
        private final RunKeys runKeys;
        private final KeptRecords kept;
        /** The rollback of a refresh: the run's records changed since are deleted too. */
        private final boolean refreshing;

        private Deletes(RunKeys runKeys, KeptRecords kept, boolean refreshing) {
            this.runKeys = runKeys;
            this.kept = kept;
            this.refreshing = refreshing;
        }

        /** Whether the run created records in {@code model}'s table. */
        public boolean createdIn(String model) {
            return runKeys.created(model);
        }

        /** Whether the rollback deletes {@code item}, at {@code key} (DynamoDB JSON) of {@code model}'s table. */
        public boolean deletes(String model, String key, Map<String, AttributeValue> item) {
            return runKeys.created(model, key) && (refreshing || runKeys.holdsRunState(model, key, item))
                    && kept.why(model, key) == null;
        }
    }

    /** A failure said in one line, as the rollback lists it: its message's first line. */
    static String cause(Throwable failure) {
        return RollbackPart.cause(failure);
    }

    /** A feature's steps, added to the rollback's. */
    @FunctionalInterface
    interface Feature {
        void addTo(List<UndoStep> steps, Parts parts);
    }
}
