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
        SKIPPED
    }
}
