package dev.dmig.storage;

import java.io.InputStream;
import java.util.List;

/**
 * The target's Storage bucket as dmig writes it: copies of source objects, puts, deletes, and, in a versioned bucket,
 * its versions. Every write of a run goes through here, journaled before it is made; writes meant only for keys that
 * are free ({@code ifAbsent}) are refused by the bucket when something is there ({@link Written#TAKEN}).
 */
public interface ObjectStore extends ObjectReader {

    /** What a conditional write found. */
    enum Written { WRITTEN, TAKEN }

    /** Whether the bucket keeps versions (versioning enabled now; a bucket where it is suspended keeps none of new writes). */
    boolean versioned();

    /**
     * Copies {@code source}'s object {@code head} to {@code key} here with its content type and user metadata; server-side
     * when one client reaches both buckets, else by reading it through {@code source} and writing it here.
     */
    Written copy(ObjectReader source, ObjectHead head, String key, boolean ifAbsent);

    /** Writes {@code size} bytes of {@code body} at {@code key}, with the content type and user metadata of {@code like}. */
    Written put(String key, ObjectHead like, InputStream body, long size, boolean ifAbsent);

    /** The object's bytes of one version. */
    InputStream open(String key, String versionId);

    /**
     * Every version of the object at exactly {@code key}, newest first, then its delete markers (in an unversioned
     * bucket: the object, if there is one, as version {@code "null"}).
     */
    List<ObjectVersion> versions(String key);

    /** Deletes the object at {@code key} (in a versioned bucket: puts a delete marker). */
    void delete(String key);

    /** Deletes one version for good. */
    void deleteVersion(String key, String versionId);

    /** One version of an object: its ID, ETag, whether a delete marker, whether the current one. */
    record ObjectVersion(String versionId, String etag, boolean deleteMarker, boolean latest) {}
}
