package dev.dmig.rollback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dmig.run.RunState;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runs/<runId>/rollback.json} (and, while it runs, the execution's progress file): how far the
 * rollback got, what it did, and every key it could not restore. The journal is undone a level at a time,
 * children's tables first, each (table, segment) of the journal on its own ({@link RollbackPart}); the counts
 * here are those of the {@code levelsDone} levels finished so far. {@code nextEntry} and {@code entries}: the
 * journal entries undone, and listed, in those levels. {@code deleted}: the items the run created that were there and
 * were deleted; {@code absent}: keys the journal says the run created where no item was left to delete (the run
 * stopped between journaling a batch and writing it, or an earlier rollback already deleted them). {@code objectsDeleted},
 * {@code objectsRestored}: objects of the target's Storage bucket the run created and were deleted, and those it
 * overwrote and were restored; {@code objectsLeft}: objects the run wrote that someone else changed since, left as they
 * are, the first of them named in {@code objectsLeftKeys} ({@code bucket/key}). {@code itemsLeft}: keys the run created or
 * wrote over whose item production changed (or deleted) since, left as they are, the first of them named in
 * {@code itemsLeftKeys} ({@code table key}): such a rollback undid everything of the run's but them, and is not exact.
 * {@code objectsKept}: objects the run created that an item left in the target still names (a test run's record the run
 * took over, a record production changed, another table's record, another run's, one production wrote), kept so that no
 * record names an object that is gone, the first of them named
 * in {@code objectsKeptKeys}. Every object count counts an object once, however many records name it. {@code failedBecause}:
 * why the first of the {@code failed} keys could not be restored, in one line (null when none failed).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RollbackResult(String runId, String execution, String reason, int nextEntry, int entries, long deleted,
                             long restored, long skipped, long failed, List<String> failedKeys, boolean done,
                             String startedAt, String finishedAt, int levelsDone, long absent, long objectsDeleted,
                             long objectsRestored, long objectsLeft, List<String> objectsLeftKeys, long itemsLeft,
                             List<String> itemsLeftKeys, long objectsKept, List<String> objectsKeptKeys, AbsentWhy absentWhy,
                             String failedBecause, long itemsKept, List<String> itemsKeptKeys) {
    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record: one parameter per field but the items kept (none)
    public RollbackResult(String runId, String execution, String reason, int nextEntry, int entries, long deleted,
                          long restored, long skipped, long failed, List<String> failedKeys, boolean done,
                          String startedAt, String finishedAt, int levelsDone, long absent, long objectsDeleted,
                          long objectsRestored, long objectsLeft, List<String> objectsLeftKeys, long itemsLeft,
                          List<String> itemsLeftKeys, long objectsKept, List<String> objectsKeptKeys, AbsentWhy absentWhy,
                          String failedBecause) {
        this(runId, execution, reason, nextEntry, entries, deleted, restored, skipped, failed, failedKeys, done, startedAt,
                finishedAt, levelsDone, absent, objectsDeleted, objectsRestored, objectsLeft, objectsLeftKeys, itemsLeft,
                itemsLeftKeys, objectsKept, objectsKeptKeys, absentWhy, failedBecause, 0, List.of());
    }

    /**
     * Why the {@code absent} keys held nothing: {@code byFollowing}, the run's following deleted them (its last write there a
     * delete); {@code unwritten}, journaled past what the run's writes reached (it stopped between journaling and writing
     * them); the others were deleted since (by production). Null in a result of a version that did not tell them apart.
     */
    public record AbsentWhy(long byFollowing, long unwritten) {}

    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record: one parameter per field but why keys held nothing (null)
    public RollbackResult(String runId, String execution, String reason, int nextEntry, int entries, long deleted,
                          long restored, long skipped, long failed, List<String> failedKeys, boolean done,
                          String startedAt, String finishedAt, int levelsDone, long absent, long objectsDeleted,
                          long objectsRestored, long objectsLeft, List<String> objectsLeftKeys, long itemsLeft,
                          List<String> itemsLeftKeys, long objectsKept, List<String> objectsKeptKeys) {
        this(runId, execution, reason, nextEntry, entries, deleted, restored, skipped, failed, failedKeys, done, startedAt,
                finishedAt, levelsDone, absent, objectsDeleted, objectsRestored, objectsLeft, objectsLeftKeys, itemsLeft,
                itemsLeftKeys, objectsKept, objectsKeptKeys, null, null);
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record: one parameter per field but why keys failed (null)
    public RollbackResult(String runId, String execution, String reason, int nextEntry, int entries, long deleted,
                          long restored, long skipped, long failed, List<String> failedKeys, boolean done,
                          String startedAt, String finishedAt, int levelsDone, long absent, long objectsDeleted,
                          long objectsRestored, long objectsLeft, List<String> objectsLeftKeys, long itemsLeft,
                          List<String> itemsLeftKeys, long objectsKept, List<String> objectsKeptKeys, AbsentWhy absentWhy) {
        this(runId, execution, reason, nextEntry, entries, deleted, restored, skipped, failed, failedKeys, done, startedAt,
                finishedAt, levelsDone, absent, objectsDeleted, objectsRestored, objectsLeft, objectsLeftKeys, itemsLeft,
                itemsLeftKeys, objectsKept, objectsKeptKeys, absentWhy, null);
    }

    public RollbackResult {
        objectsLeftKeys = objectsLeftKeys == null ? List.of() : List.copyOf(objectsLeftKeys);
        objectsKeptKeys = objectsKeptKeys == null ? List.of() : List.copyOf(objectsKeptKeys);
        itemsLeftKeys = itemsLeftKeys == null ? List.of() : List.copyOf(itemsLeftKeys);
        // A result of a version that kept nothing for references has none.
        itemsKeptKeys = itemsKeptKeys == null ? List.of() : List.copyOf(itemsKeptKeys);
    }
    static final int FAILED_KEYS_LISTED = 1_000;

    /** Whether the rollback has undone some of what the run wrote (items or objects deleted or restored). */
    public boolean undidWrites() {
        return deleted + restored + objectsDeleted + objectsRestored > 0;
    }

    /**
     * The {@code absent} keys, named for people, each counted by why: {@code 9 keys the journal named held no item to delete:
     * 7 deleted by following, 2 deleted by production since} (and {@code N never written: the run stopped between
     * journaling and writing them}); a result that did not tell them apart says both ways in one; empty when there are none.
     */
    public String describeAbsent() {
        if (absent == 0) {
            return "";
        }
        String keys = count(absent) + (absent == 1 ? " key" : " keys") + " the journal named held no item to delete";
        if (absentWhy == null) {
            return keys + " (never written: the run stopped between journaling and writing " + (absent == 1 ? "it" : "them")
                    + ", or deleted since)";
        }
        long since = absent - absentWhy.byFollowing() - absentWhy.unwritten();
        List<String> why = new ArrayList<>();
        if (absentWhy.byFollowing() > 0) {
            why.add(count(absentWhy.byFollowing()) + " deleted by following");
        }
        if (absentWhy.unwritten() > 0) {
            why.add(count(absentWhy.unwritten()) + " never written: the run stopped between journaling and writing "
                    + (absentWhy.unwritten() == 1 ? "it" : "them"));
        }
        if (since > 0) {
            why.add(count(since) + " deleted by production since");
        }
        return keys + ": " + String.join(", ", why);
    }

    private static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /**
     * {@code 1 item left as production changed it since}, or {@code 3 items left as production changed them since}: what
     * the rollback did not undo, and why; empty when it left none.
     */
    public String describeLeft() {
        return itemsLeft == 0 ? "" : String.format(java.util.Locale.ROOT, "%,d", itemsLeft) + (itemsLeft == 1 ? " item" : " items")
                + " left as production changed " + (itemsLeft == 1 ? "it" : "them") + " since";
    }

    /** {@link #describeLeft}, naming the first: {@code 1 item left as production changed it since (Users-prod id=…)}. */
    public String describeLeftNamed() {
        if (itemsLeft == 0 || itemsLeftKeys.isEmpty()) {
            return describeLeft();
        }
        return describeLeft() + " (" + (itemsLeft == 1 ? "" : "first: ") + itemsLeftKeys.get(0) + ")";
    }

    /**
     * The verdict of a rollback that left items: {@code 782 items undone; 1 item left as production changed it since
     * (Users-prod id=…)}; empty for a rollback that left none.
     */
    public String describeInexact() {
        if (itemsLeft == 0 && itemsKept == 0) {
            return "";
        }
        List<String> notUndone = new ArrayList<>(2);
        if (itemsLeft > 0) {
            notUndone.add(describeLeftNamed());
        }
        if (itemsKept > 0) {
            notUndone.add(describeKept() + (itemsKeptKeys.isEmpty() ? "" : " (" + (itemsKept == 1 ? "" : "first: ")
                    + itemsKeptKeys.get(0) + ")"));
        }
        return String.format(java.util.Locale.ROOT, "%,d", deleted + restored) + (deleted + restored == 1 ? " item" : " items")
                + " undone; " + String.join("; ", notUndone);
    }

    @SuppressWarnings("checkstyle:ParameterNumber") // a JSON record: one parameter per field but the level and object counts (0)
    public RollbackResult(String runId, String execution, String reason, int nextEntry, int entries, long deleted,
                          long restored, long skipped, long failed, List<String> failedKeys, boolean done,
                          String startedAt, String finishedAt) {
        this(runId, execution, reason, nextEntry, entries, deleted, restored, skipped, failed, failedKeys, done, startedAt,
                finishedAt, 0, 0, 0, 0, 0, List.of(), 0, List.of(), 0, List.of(), new AbsentWhy(0, 0), null);
    }

    /** Adds a finished level's segments. */
    RollbackResult level(List<RollbackPart> parts) {
        List<String> keys = new ArrayList<>(failedKeys);
        int undone = 0;
        long moreDeleted = 0;
        long moreRestored = 0;
        long moreSkipped = 0;
        long moreFailed = 0;
        long moreAbsent = 0;
        long moreByFollowing = 0;
        long moreUnwritten = 0;
        long moreObjectsDeleted = 0;
        long moreObjectsRestored = 0;
        long moreObjectsLeft = 0;
        List<String> left = new ArrayList<>(objectsLeftKeys);
        long moreObjectsKept = 0;
        List<String> kept = new ArrayList<>(objectsKeptKeys);
        long moreItemsLeft = 0;
        List<String> itemsKept = new ArrayList<>(itemsLeftKeys);
        long moreKeptForReferences = 0;
        List<String> keptForReferences = new ArrayList<>(itemsKeptKeys);
        String because = failedBecause;
        for (RollbackPart part : parts) {
            moreKeptForReferences += part.itemsKept;
            part.itemsKeptKeys.stream().limit(Math.max(0, FAILED_KEYS_LISTED - keptForReferences.size()))
                    .forEach(keptForReferences::add);
            because = because == null ? part.failedBecause : because;
            moreItemsLeft += part.itemsLeft;
            part.itemsLeftKeys.stream().limit(Math.max(0, FAILED_KEYS_LISTED - itemsKept.size())).forEach(itemsKept::add);
            // An object is counted once, however many records named it: a key another part listed already is not again.
            moreObjectsLeft += part.objectsLeft - (part.objectsLeftKeys.size() - RollbackPart.once(part.objectsLeftKeys, left));
            moreObjectsKept += part.objectsKept - (part.objectsKeptKeys.size() - RollbackPart.once(part.objectsKeptKeys, kept));
            moreObjectsDeleted += part.objectsDeleted;
            moreObjectsRestored += part.objectsRestored;
            undone += part.entries;
            moreDeleted += part.deleted;
            moreRestored += part.restored;
            moreSkipped += part.skipped;
            moreFailed += part.failed;
            moreAbsent += part.absent;
            moreByFollowing += part.absentByFollowing;
            moreUnwritten += part.absentUnwritten;
            part.failedKeys.stream().limit(Math.max(0, FAILED_KEYS_LISTED - keys.size())).forEach(keys::add);
        }
        return new RollbackResult(runId, execution, reason, nextEntry + undone, entries + undone, deleted + moreDeleted,
                restored + moreRestored, skipped + moreSkipped, failed + moreFailed, keys, done, startedAt, finishedAt,
                levelsDone + 1, absent + moreAbsent, objectsDeleted + moreObjectsDeleted, objectsRestored + moreObjectsRestored,
                objectsLeft + moreObjectsLeft, left, itemsLeft + moreItemsLeft, itemsKept, objectsKept + moreObjectsKept, kept,
                absentWhy == null ? null
                : new AbsentWhy(absentWhy.byFollowing() + moreByFollowing, absentWhy.unwritten() + moreUnwritten), because,
                this.itemsKept + moreKeptForReferences, keptForReferences);
    }

    /**
     * What the state machine is told of a rollback not done yet: its counts so far, the {@code writers} it waits for,
     * and the {@code units} it handed out to the {@code RollbackSegments} Map (null when none).
     */
    RollbackProgress progress(int writers, RunState.S3Object units) {
        return new RollbackProgress(false, false, deleted, restored, failed, writers, units);
    }

    RollbackResult finished(String at) {
        return new RollbackResult(runId, execution, reason, nextEntry, entries, deleted, restored, skipped, failed, failedKeys,
                true, startedAt, at, levelsDone, absent, objectsDeleted, objectsRestored, objectsLeft, objectsLeftKeys, itemsLeft,
                itemsLeftKeys, objectsKept, objectsKeptKeys, absentWhy, failedBecause, itemsKept, itemsKeptKeys);
    }

    /**
     * {@code 2 items the run created kept: a record left in the target points to them}: what the rollback kept so that no
     * reference is left dangling; empty when it kept none.
     */
    public String describeKept() {
        return itemsKept == 0 ? "" : count(itemsKept) + (itemsKept == 1 ? " item" : " items") + " the run created kept: a record"
                + " left in the target points to " + (itemsKept == 1 ? "it" : "them");
    }
}
