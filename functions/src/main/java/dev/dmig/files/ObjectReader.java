package dev.dmig.files;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
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

    /**
     * One page of the objects under {@code prefix} whose keys come after {@code after} (from the first when null): at
     * most 1,000, with their sizes, in S3's order ({@link #S3_ORDER}), and whether the listing goes on past them.
     */
    Listing listSizes(String prefix, String after);

    /**
     * Whether {@link #listSizes} is the cheaper way to the sizes of many objects under {@code prefix}: a listing gives them
     * as their heads would. Not for a bucket whose objects there are made by dmig from others' heads (a masked run's
     * placeholders), which are asked one head each.
     */
    default boolean listsSizes(String prefix) {
        return true;
    }

    /** The order S3 lists keys in: their UTF-8 bytes, unsigned, one after another (not Java's UTF-16 order). */
    Comparator<String> S3_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** One page of a listing: each object's key and size, and whether more follow. */
    record Listing(List<Listed> objects, boolean more) {
        public Listing {
            objects = List.copyOf(objects);
        }
    }

    /** An object as a listing names it. */
    record Listed(String key, long size) {}
}
