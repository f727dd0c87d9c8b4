package dev.dmig.files;

import java.io.InputStream;
import java.util.List;

/**
 * The target's Storage bucket as dmig writes it: copies of source objects, puts, deletes, and, in a versioned bucket,
 * its versions. Every write of a run goes through here, journaled before it is made. A write may carry a condition on
 * what the key holds ({@link Condition}), which the bucket itself checks: a key that must be free, or that must still
 * hold the object of a given ETag (the run's own, when a rollback deletes or restores it).
 */
public interface ObjectStore extends ObjectReader {

    /** Whether the bucket keeps versions (versioning enabled now; a bucket where it is suspended keeps none of new writes). */
    boolean versioned();

    /**
     * Copies {@code source}'s object {@code head} to {@code key} here with its content type and user metadata; server-side
     * when one client reaches both buckets, else by reading it through {@code source} and writing it here.
     */
    Written copy(ObjectReader source, ObjectHead head, String key, Condition condition);

    /** Writes {@code size} bytes of {@code body} at {@code key}, with the content type, user metadata and encryption of {@code like}. */
    Written put(String key, ObjectHead like, InputStream body, long size, Condition condition);

    /** The object's bytes of one version. */
    InputStream open(String key, String versionId);

    /**
     * Every version of the object at exactly {@code key}, newest first, then its delete markers (in an unversioned
     * bucket: the object, if there is one, as version {@code "null"}).
     */
    List<ObjectVersion> versions(String key);

    /**
     * Deletes the object at {@code key} if it still is the one of ETag {@code etag} (S3's conditional delete); in a
     * versioned bucket use {@link #deleteVersion}.
     */
    Outcome delete(String key, String etag);

    /** Deletes one version for good; a version already gone is done. */
    void deleteVersion(String key, String versionId);

    /** One version of an object: its ID, ETag, whether a delete marker, whether the current one. */
    record ObjectVersion(String versionId, String etag, boolean deleteMarker, boolean latest) {}

    /** What a conditional write or delete found. */
    enum Outcome {
        /** Done. */
        DONE,
        /** The condition did not hold: the key was taken, or holds an object of another ETag. */
        CONDITION_FAILED,
        /** The condition named an object and there is none at the key. */
        NO_OBJECT
    }

    /**
     * A write's condition: none, the key free ({@code If-None-Match: *}), or the key holding the object of {@code etag}
     * ({@code If-Match}).
     */
    record Condition(boolean absent, String etag) {
        public static final Condition NONE = new Condition(false, null);
        public static final Condition ABSENT = new Condition(true, null);

        public static Condition matching(String etag) {
            return new Condition(false, etag);
        }
    }

    /** What a write did, and, when done, the object it wrote: its ETag, and its version ID in a versioned bucket. */
    record Written(Outcome outcome, String etag, String versionId) {
        static final Written CONDITION_FAILED = new Written(Outcome.CONDITION_FAILED, null, null);
        static final Written NO_OBJECT = new Written(Outcome.NO_OBJECT, null, null);

        public boolean done() {
            return outcome == Outcome.DONE;
        }
    }
}
