package dev.dmig.rollback;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
 * why the first of the {@code failed} keys could not be restored, in one line (null when none failed). {@code besides}: what
 * the features undid of the run beside its journal, a line each ({@link UndoStep#undidRun}: the users a masked run created
 * in the target's pool, deleted); none in a result of a version that said none.
 * The counts are held as one {@link Counts}, summed a level at a time, and stored flat, each in a field of its own, in
 * the order below: the JSON is that of the versions that held each count in a field of its own.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"runId", "execution", "reason", "nextEntry", "entries", "deleted", "restored", "skipped", "failed",
        "failedKeys", "done", "startedAt", "finishedAt", "levelsDone", "absent", "objectsDeleted", "objectsRestored", "objectsLeft",
        "objectsLeftKeys", "itemsLeft", "itemsLeftKeys", "objectsKept", "objectsKeptKeys", "absentWhy", "failedBecause",
        "itemsKept", "itemsKeptKeys", "besides"})
public record RollbackResult(String runId, String execution, String reason, int nextEntry, int entries, @JsonIgnore Counts counts,
                             List<String> failedKeys, boolean done, String startedAt, String finishedAt, int levelsDone,
                             List<String> objectsLeftKeys, List<String> itemsLeftKeys, List<String> objectsKeptKeys,
                             AbsentWhy absentWhy, String failedBecause, List<String> itemsKeptKeys,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> besides) {
    /** What the rollback counted (each described above), each the sum of its parts'. */
    public record Counts(long deleted, long restored, long skipped, long failed, long absent, long objectsDeleted,
                         long objectsRestored, long objectsLeft, long itemsLeft, long objectsKept, long itemsKept) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        Counts plus(Counts more) {
            return new Counts(deleted + more.deleted, restored + more.restored, skipped + more.skipped, failed + more.failed,
                    absent + more.absent, objectsDeleted + more.objectsDeleted, objectsRestored + more.objectsRestored,
                    objectsLeft + more.objectsLeft, itemsLeft + more.itemsLeft, objectsKept + more.objectsKept,
                    itemsKept + more.itemsKept);
        }
    }

    /** As stored: each count in a field of its own (a result written before {@code itemsKept} has none, and kept none). */
    @JsonCreator
    @SuppressWarnings("checkstyle:ParameterNumber") // the stored JSON's fields, one parameter each
    public RollbackResult(@JsonProperty("runId") String runId, @JsonProperty("execution") String execution,
                          @JsonProperty("reason") String reason, @JsonProperty("nextEntry") int nextEntry,
                          @JsonProperty("entries") int entries, @JsonProperty("deleted") long deleted,
                          @JsonProperty("restored") long restored, @JsonProperty("skipped") long skipped,
                          @JsonProperty("failed") long failed, @JsonProperty("failedKeys") List<String> failedKeys,
                          @JsonProperty("done") boolean done, @JsonProperty("startedAt") String startedAt,
                          @JsonProperty("finishedAt") String finishedAt, @JsonProperty("levelsDone") int levelsDone,
                          @JsonProperty("absent") long absent, @JsonProperty("objectsDeleted") long objectsDeleted,
                          @JsonProperty("objectsRestored") long objectsRestored, @JsonProperty("objectsLeft") long objectsLeft,
                          @JsonProperty("objectsLeftKeys") List<String> objectsLeftKeys, @JsonProperty("itemsLeft") long itemsLeft,
                          @JsonProperty("itemsLeftKeys") List<String> itemsLeftKeys, @JsonProperty("objectsKept") long objectsKept,
                          @JsonProperty("objectsKeptKeys") List<String> objectsKeptKeys,
                          @JsonProperty("absentWhy") AbsentWhy absentWhy, @JsonProperty("failedBecause") String failedBecause,
                          @JsonProperty("itemsKept") long itemsKept, @JsonProperty("itemsKeptKeys") List<String> itemsKeptKeys,
                          @JsonProperty("besides") List<String> besides) {
        this(runId, execution, reason, nextEntry, entries, new Counts(deleted, restored, skipped, failed, absent, objectsDeleted,
                objectsRestored, objectsLeft, itemsLeft, objectsKept, itemsKept), failedKeys, done, startedAt, finishedAt,
                levelsDone, objectsLeftKeys, itemsLeftKeys, objectsKeptKeys, absentWhy, failedBecause, itemsKeptKeys, besides);
    }

    /** The stored form of a result that says nothing besides its counts. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the stored JSON's fields, one parameter each, but what it says besides (none)
    public RollbackResult(String runId, String execution, String reason, int nextEntry, int entries, long deleted, long restored,
                          long skipped, long failed, List<String> failedKeys, boolean done, String startedAt, String finishedAt,
                          int levelsDone, long absent, long objectsDeleted, long objectsRestored, long objectsLeft,
                          List<String> objectsLeftKeys, long itemsLeft, List<String> itemsLeftKeys, long objectsKept,
                          List<String> objectsKeptKeys, AbsentWhy absentWhy, String failedBecause, long itemsKept,
                          List<String> itemsKeptKeys) {
        this(runId, execution, reason, nextEntry, entries, deleted, restored, skipped, failed, failedKeys, done, startedAt,
                finishedAt, levelsDone, absent, objectsDeleted, objectsRestored, objectsLeft, objectsLeftKeys, itemsLeft,
                itemsLeftKeys, objectsKept, objectsKeptKeys, absentWhy, failedBecause, itemsKept, itemsKeptKeys, List.of());
    }

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
    public record AbsentWhy(long byFollowing, long unwritten) {
        AbsentWhy plus(AbsentWhy more) {
            return new AbsentWhy(byFollowing + more.byFollowing, unwritten + more.unwritten);
        }
    }

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
        counts = counts == null ? Counts.NONE : counts;
        objectsLeftKeys = objectsLeftKeys == null ? List.of() : List.copyOf(objectsLeftKeys);
        objectsKeptKeys = objectsKeptKeys == null ? List.of() : List.copyOf(objectsKeptKeys);
        itemsLeftKeys = itemsLeftKeys == null ? List.of() : List.copyOf(itemsLeftKeys);
        // A result of a version that kept nothing for references has none.
        itemsKeptKeys = itemsKeptKeys == null ? List.of() : List.copyOf(itemsKeptKeys);
        // A result of a version whose steps said nothing besides their counts says nothing.
        besides = besides == null ? List.of() : List.copyOf(besides);
    }

    /** This result, saying {@code lines} of what the features undid besides the journal's entries ({@link UndoStep#undidRun}). */
    RollbackResult besides(List<String> lines) {
        return new RollbackResult(runId, execution, reason, nextEntry, entries, counts, failedKeys, done, startedAt, finishedAt,
                levelsDone, objectsLeftKeys, itemsLeftKeys, objectsKeptKeys, absentWhy, failedBecause, itemsKeptKeys, lines);
    }
    static final int FAILED_KEYS_LISTED = 1_000;

    // Each count, read as before and stored in a field of its own.
    @JsonProperty
    public long deleted() {
        return counts.deleted();
    }

    @JsonProperty
    public long restored() {
        return counts.restored();
    }

    @JsonProperty
    public long skipped() {
        return counts.skipped();
    }

    @JsonProperty
    public long failed() {
        return counts.failed();
    }

    @JsonProperty
    public long absent() {
        return counts.absent();
    }

    @JsonProperty
    public long objectsDeleted() {
        return counts.objectsDeleted();
    }

    @JsonProperty
    public long objectsRestored() {
        return counts.objectsRestored();
    }

    @JsonProperty
    public long objectsLeft() {
        return counts.objectsLeft();
    }

    @JsonProperty
    public long itemsLeft() {
        return counts.itemsLeft();
    }

    @JsonProperty
    public long objectsKept() {
        return counts.objectsKept();
    }

    @JsonProperty
    public long itemsKept() {
        return counts.itemsKept();
    }

    /** Whether the rollback has undone some of what the run wrote (items or objects deleted or restored). */
    public boolean undidWrites() {
        return counts.deleted() + counts.restored() + counts.objectsDeleted() + counts.objectsRestored() > 0;
    }

    /**
     * The {@code absent} keys, named for people, each counted by why: {@code 9 keys the journal named held no item to delete:
     * 7 deleted by following, 2 deleted by production since} (and {@code N never written: the run stopped between
     * journaling and writing them}); a result that did not tell them apart says both ways in one; empty when there are none.
     */
    public String describeAbsent() {
        long absent = absent();
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
        long left = itemsLeft();
        return left == 0 ? "" : count(left) + (left == 1 ? " item" : " items") + " left as production changed "
                + (left == 1 ? "it" : "them") + " since";
    }

    /** {@link #describeLeft}, naming the first: {@code 1 item left as production changed it since (Users-prod id=…)}. */
    public String describeLeftNamed() {
        if (itemsLeft() == 0 || itemsLeftKeys.isEmpty()) {
            return describeLeft();
        }
        return describeLeft() + " (" + (itemsLeft() == 1 ? "" : "first: ") + itemsLeftKeys.get(0) + ")";
    }

    /**
     * The verdict of a rollback that left items: {@code 782 items undone; 1 item left as production changed it since
     * (Users-prod id=…)}; empty for a rollback that left none.
     */
    public String describeInexact() {
        if (itemsLeft() == 0 && itemsKept() == 0) {
            return "";
        }
        List<String> notUndone = new ArrayList<>(2);
        if (itemsLeft() > 0) {
            notUndone.add(describeLeftNamed());
        }
        if (itemsKept() > 0) {
            notUndone.add(describeKept() + (itemsKeptKeys.isEmpty() ? "" : " (" + (itemsKept() == 1 ? "" : "first: ")
                    + itemsKeptKeys.get(0) + ")"));
        }
        long undone = deleted() + restored();
        return count(undone) + (undone == 1 ? " item" : " items") + " undone; " + String.join("; ", notUndone);
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
        List<String> failed = new ArrayList<>(failedKeys);
        List<String> objectsLeft = new ArrayList<>(objectsLeftKeys);
        List<String> itemsLeft = new ArrayList<>(itemsLeftKeys);
        List<String> objectsKept = new ArrayList<>(objectsKeptKeys);
        List<String> itemsKept = new ArrayList<>(itemsKeptKeys);
        int undone = 0;
        Counts sum = counts;
        AbsentWhy why = absentWhy;
        String because = failedBecause;
        for (RollbackPart part : parts) {
            undone += part.entries;
            // An object is counted once, however many records named it: a key another part listed already is not again.
            long leftAgain = part.objectsLeftKeys.size() - RollbackPart.once(part.objectsLeftKeys, objectsLeft);
            long keptAgain = part.objectsKeptKeys.size() - RollbackPart.once(part.objectsKeptKeys, objectsKept);
            sum = sum.plus(part.counts(leftAgain, keptAgain));
            why = why == null ? null : why.plus(part.absentWhy());
            because = because == null ? part.failedBecause : because;
            RollbackPart.list(part.failedKeys, failed);
            RollbackPart.list(part.itemsLeftKeys, itemsLeft);
            RollbackPart.list(part.itemsKeptKeys, itemsKept);
        }
        return new RollbackResult(runId, execution, reason, nextEntry + undone, entries + undone, sum, failed, done, startedAt,
                finishedAt, levelsDone + 1, objectsLeft, itemsLeft, objectsKept, why, because, itemsKept, besides);
    }

    /**
     * What the state machine is told of a rollback not done yet: its counts so far, the {@code writers} it waits for,
     * and the {@code units} it handed out to the {@code RollbackSegments} Map (null when none).
     */
    RollbackProgress progress(int writers, RunState.S3Object units) {
        return new RollbackProgress(false, false, counts.deleted(), counts.restored(), counts.failed(), writers, units);
    }

    RollbackResult finished(String at) {
        return new RollbackResult(runId, execution, reason, nextEntry, entries, counts, failedKeys, true, startedAt, at, levelsDone,
                objectsLeftKeys, itemsLeftKeys, objectsKeptKeys, absentWhy, failedBecause, itemsKeptKeys, besides);
    }

    /**
     * {@code 2 items the run created kept: a record left in the target points to them}: what the rollback kept so that no
     * reference is left dangling; empty when it kept none.
     */
    public String describeKept() {
        long kept = itemsKept();
        return kept == 0 ? "" : count(kept) + (kept == 1 ? " item" : " items") + " the run created kept: a record"
                + " left in the target points to " + (kept == 1 ? "it" : "them");
    }
}
