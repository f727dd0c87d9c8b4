package dev.dmig.journal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a run did, or is about to do, at one target key. {@code key} and {@code preImage} are in
 * DynamoDB JSON so that rollback restores every type exactly.
 */
public record JournalRecord(Action action, JsonNode key, String sourceId, JsonNode preImage) {

    /** The three things a run can do at a key, and what rollback does about each. */
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
        LATE;

        /** Whether the run left the target's item at this key as it found it. */
        public boolean leftAlone() {
            return this == SKIPPED || this == LATE;
        }
    }
}
