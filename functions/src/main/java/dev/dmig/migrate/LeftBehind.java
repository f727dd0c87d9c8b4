package dev.dmig.migrate;

/**
 * The source items a run read and did not copy on purpose, by why, each with its own words: soft-deleted DataStore rows
 * under {@code reset}, items holding an identity with no match under {@code onUnmatched: drop}, and records a table's
 * {@code match} paired with no target record under {@code whenNotMatched: skip}. A checkpoint of a version that counted
 * them together has none ({@link #of(long, LeftBehind)} counts them all as soft-deleted, as that version said). The
 * report says each in its words ({@code RunReport.notWritten}).
 */
public record LeftBehind(long softDeleted, long unmatchedIdentities, long unpaired) {
    /** Nothing left behind. */
    public static final LeftBehind NONE = new LeftBehind(0, 0, 0);

    /** Why an item is not copied, with how a test run says it of an item ({@code item <key> is ...}). */
    public enum Reason {
        SOFT_DELETED("is a soft-deleted DataStore row (_deleted) and is not copied (datastore is reset)"),
        UNMATCHED_IDENTITY("holds an identity with no match and is not copied (onUnmatched is drop)"),
        UNPAIRED("has no matching record in the target and is not copied (match.whenNotMatched is skip)");

        private final String notCopied;

        Reason(String notCopied) {
            this.notCopied = notCopied;
        }

        /** What a test run says of an item not copied for this reason, after its key. */
        public String notCopied() {
            return notCopied;
        }
    }

    /**
     * {@code known}, with what of {@code total} it does not tell apart (all of it when a version that did not tell them
     * apart saved the count) counted as soft-deleted rows, as that version said.
     */
    public static LeftBehind of(long total, LeftBehind known) {
        LeftBehind told = known == null ? NONE : known;
        long untold = total - told.total();
        return untold > 0 ? new LeftBehind(told.softDeleted + untold, told.unmatchedIdentities, told.unpaired) : told;
    }

    /** This with one more item left behind for {@code reason}. */
    public LeftBehind plus(Reason reason) {
        return new LeftBehind(softDeleted + (reason == Reason.SOFT_DELETED ? 1 : 0),
                unmatchedIdentities + (reason == Reason.UNMATCHED_IDENTITY ? 1 : 0), unpaired + (reason == Reason.UNPAIRED ? 1 : 0));
    }

    public LeftBehind plus(LeftBehind other) {
        return other == null ? this : new LeftBehind(softDeleted + other.softDeleted, unmatchedIdentities + other.unmatchedIdentities,
                unpaired + other.unpaired);
    }

    public long total() {
        return softDeleted + unmatchedIdentities + unpaired;
    }
}
