package dev.dmig.files;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One bucket as dmig reads it: an object's head, its bytes, the keys under a prefix. The source's Storage bucket is
 * only ever given to the code as this role, which has no write method.
 */
public interface ObjectReader {
    /** The bucket's name, for messages and journal records. */
    String bucket();

    /** The object's head; empty when there is no object at {@code key}. */
    Optional<ObjectHead> head(String key);

    /** The object's bytes (its current version); the caller closes the stream. */
    InputStream open(String key);

    /** Up to {@code limit} keys under {@code prefix}, in S3's order (ListObjectsV2). */
    List<String> list(String prefix, int limit);
}
