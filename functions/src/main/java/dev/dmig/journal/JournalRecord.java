package dev.dmig.journal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a run did, or is about to do, at one target key. {@code key} and {@code preImage} are in
 * DynamoDB JSON so that rollback restores every type exactly. {@code written}: for an item the run creates or writes
 * over, the hash of what it writes ({@link dev.dmig.store.ContentDigest#itemHash}): a redo that finds a different item
 * at the key tells the run's own earlier write (the source item changed since) from something else's, and a rollback
 * undoes the key only while it holds what the run left there. Null in a record of a version that kept it only for
 * conditional puts.
 */
public record JournalRecord(Action action, JsonNode key, String sourceId, JsonNode preImage, String written) {

    public JournalRecord(Action action, JsonNode key, String sourceId, JsonNode preImage) {
        this(action, key, sourceId, preImage, null);
    }

    /** What a run can do at a key, and what rollback does about each. */
    public enum Action {
        /** Nothing was there: rollback deletes the key. */
        CREATED,
        /** Something was there and was replaced: rollback puts the pre-image back. */
        OVERWRITTEN,
        /** Something was there and was left alone: rollback does nothing. */
        SKIPPED,
        /**
         * Nothing was there when the run looked, but before its write landed something else was, and was
         * left alone (the write is conditional): rollback does nothing.
         */
        LATE,
        /**
         * Something was there, journaled to be written over, but it changed before the run's write landed (production
         * edited the record), and was left as it is (the write is conditional on the journaled pre-image): rollback
         * does nothing. In the entries of followed changes, a key the run wrote (or took over from a test run) that
         * production changed since: following left production's version there ({@code preImage}, where it was read) and
         * leaves the key alone from then on; rollback does nothing at this record, and undoes the key's first record
         * only while the key holds what the run left there.
         */
        CHANGED;

        /** Whether the run left the target's item at this key as it found it. */
        public boolean leftAlone() {
            return this == SKIPPED || this == LATE || this == CHANGED;
        }
    }
}
