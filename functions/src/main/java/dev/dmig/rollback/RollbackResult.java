package dev.dmig.rollback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runs/<runId>/rollback.json} (and, while it runs, the execution's progress file): how
 * far the pass over the journal got, what it did, and every key it could not restore.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RollbackResult(String runId, String execution, String reason, int nextEntry, int entries, long deleted,
                             long restored, long skipped, long failed, List<String> failedKeys, boolean done,
                             String startedAt, String finishedAt) {
    static final int FAILED_KEYS_LISTED = 1_000;

    RollbackResult advanced(int next, long moreDeleted, long moreRestored, long moreSkipped, List<String> moreFailed) {
        List<String> keys = new ArrayList<>(failedKeys);
        for (String key : moreFailed) {
            if (keys.size() < FAILED_KEYS_LISTED) {
                keys.add(key);
            }
        }
        return new RollbackResult(runId, execution, reason, next, entries, deleted + moreDeleted, restored + moreRestored,
                skipped + moreSkipped, failed + moreFailed.size(), keys, done, startedAt, finishedAt);
    }

    /** The journal entries to undo are now {@code count} in all. */
    RollbackResult listed(int count) {
        return new RollbackResult(runId, execution, reason, nextEntry, count, deleted, restored, skipped, failed, failedKeys,
                done, startedAt, finishedAt);
    }

    RollbackResult finished(String at) {
        return new RollbackResult(runId, execution, reason, nextEntry, entries, deleted, restored, skipped, failed, failedKeys,
                true, startedAt, at);
    }
}
