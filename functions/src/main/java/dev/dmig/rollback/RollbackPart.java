package dev.dmig.rollback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * What one execution's rollback has undone of one journal segment, at
 * {@code runs/<runId>/rollback/<execution>/<table>/<segment>.json}. Every entry up to {@code lastSeq} is undone;
 * {@code done} once a listing of the segment's journal showed nothing after it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class RollbackPart implements UndoStep.Counts {
    public String model;
    public int segment;
    public long lastSeq = -1;
    public int entries;
    public long deleted;
    /** Keys journaled as created where no item was left to delete. */
    public long absent;
    /** Of those: deleted by the run's following, journaled past what landed (never written); the rest were deleted since. */
    public long absentByFollowing;
    public long absentUnwritten;
    public long restored;
    public long skipped;
    public long failed;
    public List<String> failedKeys = new ArrayList<>();
    /** Why the first of the failed keys could not be restored, one line (null when none failed). */
    public String failedBecause;
    /** Objects of the target's Storage bucket the run created and this rollback deleted; those it overwrote and restored. */
    public long objectsDeleted;
    public long objectsRestored;
    /** Objects the run wrote that someone else changed since: left as they are ({@code bucket/key}, the first of them). */
    public long objectsLeft;
    public List<String> objectsLeftKeys = new ArrayList<>();
    /** Objects the run created that an item left in the target still names: kept ({@code bucket/key}, the first of them). */
    public long objectsKept;
    public List<String> objectsKeptKeys = new ArrayList<>();
    /** Items the run wrote that production changed since: left as they are ({@code table key}, the first of them). */
    public long itemsLeft;
    public List<String> itemsLeftKeys = new ArrayList<>();
    /** Items the run created that a record left in the target points to: kept ({@code table key: why}, the first of them). */
    public long itemsKept;
    public List<String> itemsKeptKeys = new ArrayList<>();
    public boolean done;

    RollbackPart() {}

    RollbackPart(String model, int segment) {
        this.model = model;
        this.segment = segment;
    }

    /** Counts each object once: a key an earlier entry of the part already left is not counted again. */
    @Override
    public void undidObjects(long deleted, long restored, List<String> left) {
        objectsDeleted += deleted;
        objectsRestored += restored;
        objectsLeft += once(left, objectsLeftKeys);
    }

    @Override
    public void keptObjects(List<String> kept) {
        objectsKept += once(kept, objectsKeptKeys);
    }

    /** Adds the keys not listed yet to {@code listed} (up to its cap); how many of them are new. */
    static long once(List<String> keys, List<String> listed) {
        long added = 0;
        for (String key : keys) {
            if (!listed.contains(key)) {
                added++;
                if (listed.size() < RollbackResult.FAILED_KEYS_LISTED) {
                    listed.add(key);
                }
            }
        }
        return added;
    }

    /** Adds {@code keys} to {@code listed}, up to its cap. */
    static void list(List<String> keys, List<String> listed) {
        keys.stream().limit(Math.max(0, RollbackResult.FAILED_KEYS_LISTED - listed.size())).forEach(listed::add);
    }

    void leftItems(List<String> left) {
        itemsLeft += left.size();
        list(left, itemsLeftKeys);
    }

    void keptItems(List<String> kept) {
        itemsKept += kept.size();
        list(kept, itemsKeptKeys);
    }

    /** Keeps {@code why} as the reason keys failed, unless an earlier failure gave one. */
    @Override
    public void failedBecause(String why) {
        if (failedBecause == null) {
            failedBecause = why;
        }
    }

    /** A failure said in one line: its message's first line (no class name, no stack), for people and rollback.json. */
    static String cause(Throwable failure) {
        if (failure == null) {
            return null;
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return "failed without saying why";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    void absentBecause(ItemUndo.Absent why) {
        absentByFollowing += why.byFollowing();
        absentUnwritten += why.unwritten();
    }

    /** Its counts, less the {@code leftAgain} objects left and {@code keptAgain} kept that another part counted already. */
    RollbackResult.Counts counts(long leftAgain, long keptAgain) {
        return new RollbackResult.Counts(deleted, restored, skipped, failed, absent, objectsDeleted, objectsRestored,
                objectsLeft - leftAgain, itemsLeft, objectsKept - keptAgain, itemsKept);
    }

    /** Why its {@code absent} keys held nothing. */
    RollbackResult.AbsentWhy absentWhy() {
        return new RollbackResult.AbsentWhy(absentByFollowing, absentUnwritten);
    }

    void undid(long seq, long moreDeleted, long moreAbsent, long moreRestored, long moreSkipped, List<String> moreFailed) {
        lastSeq = seq;
        entries++;
        deleted += moreDeleted;
        absent += moreAbsent;
        restored += moreRestored;
        skipped += moreSkipped;
        failed += moreFailed.size();
        list(moreFailed, failedKeys);
    }
}
