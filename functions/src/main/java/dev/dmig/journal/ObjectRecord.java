package dev.dmig.journal;

import java.util.List;
import java.util.Map;

/**
 * What a run did, or is about to do, at one key of the target's Storage bucket, journaled before the write: the object's
 * key there and in the source bucket, and its way back. {@code priorVersions}: in a versioned bucket, the versions (and
 * delete markers) the key had before the run; null in an unversioned bucket. {@code saved}: in an unversioned bucket,
 * where the object the run overwrites was saved first, with what it was; null for none. {@code written}: the object the
 * run's write made (its ETag and, versioned, its version ID), recorded once the write is done, so that a rollback undoes
 * that object and no other; null until then. {@code rewrote}: the run's own earlier object at the key that this write
 * replaces (following copying again a file the app changed, at a key the run had written), null otherwise: the key's
 * way back is its first record's, which a rollback takes whichever of the run's objects the key holds.
 */
public record ObjectRecord(JournalRecord.Action action, String key, String sourceKey, List<String> priorVersions, SavedCopy saved,
                           Written written, Written rewrote) {

    public ObjectRecord {
        priorVersions = priorVersions == null ? null : List.copyOf(priorVersions);
    }

    public ObjectRecord(JournalRecord.Action action, String key, String sourceKey, List<String> priorVersions, SavedCopy saved) {
        this(action, key, sourceKey, priorVersions, saved, null, null);
    }

    public ObjectRecord(JournalRecord.Action action, String key, String sourceKey, List<String> priorVersions, SavedCopy saved,
                        Written written) {
        this(action, key, sourceKey, priorVersions, saved, written, null);
    }

    /**
     * An overwritten object kept under the run's artifacts ({@code artifact}): its size, content type, user metadata,
     * ETag (to tell it from the run's own object at the key), and server-side encryption (and KMS key), which its
     * restore and its saved copy keep.
     */
    public record SavedCopy(String artifact, long size, String contentType, Map<String, String> metadata, String etag,
                            String encryption, String kmsKeyId) {

        public SavedCopy(String artifact, long size, String contentType, Map<String, String> metadata) {
            this(artifact, size, contentType, metadata, null, null, null);
        }
    }

    /** The object a write made: its ETag (quotes included, as S3 gives it) and version ID (null in an unversioned bucket). */
    public record Written(String etag, String versionId) {}

    /** This record, its action changed (a write that found the key taken is {@link JournalRecord.Action#LATE}). */
    public ObjectRecord with(JournalRecord.Action other) {
        return new ObjectRecord(other, key, sourceKey, priorVersions, saved, written, rewrote);
    }

    /** This record, with the object its write made. */
    public ObjectRecord with(Written made) {
        return new ObjectRecord(action, key, sourceKey, priorVersions, saved, made, rewrote);
    }
}
