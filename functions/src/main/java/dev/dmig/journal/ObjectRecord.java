package dev.dmig.journal;

import java.util.List;
import java.util.Map;

/**
 * What a run did, or is about to do, at one key of the target's Storage bucket, journaled before the write: the object's
 * key there and in the source bucket, and its way back. {@code priorVersions}: in a versioned bucket, the versions (and
 * delete markers) the key had before the run, which a rollback keeps, deleting every other; null in an unversioned
 * bucket. {@code saved}: in an unversioned bucket, where the object the run overwrites was saved first, and its content
 * type and user metadata; null for none.
 */
public record ObjectRecord(JournalRecord.Action action, String key, String sourceKey, List<String> priorVersions, SavedCopy saved) {

    public ObjectRecord {
        priorVersions = priorVersions == null ? null : List.copyOf(priorVersions);
    }

    /** An overwritten object kept under the run's artifacts ({@code artifact}): its size, content type and user metadata. */
    public record SavedCopy(String artifact, long size, String contentType, Map<String, String> metadata) {}

    /** This record, its action changed (a write that found the key taken is {@link JournalRecord.Action#LATE}). */
    public ObjectRecord with(JournalRecord.Action other) {
        return new ObjectRecord(other, key, sourceKey, priorVersions, saved);
    }
}
