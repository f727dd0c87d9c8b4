package dev.dmig.feature.mask;

import dev.dmig.files.ObjectHead;
import dev.dmig.files.ObjectReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The source's Storage bucket as a masked run reads it: every key as the bucket holds it, and beside them, for each object
 * whose file the plan masks as {@code placeholder}, a stand-in key ({@link #standIn}) that serves a {@link Placeholder} of
 * the object's type: there while the object is, of the placeholder's size, ETag and bytes, with no user metadata (which
 * may name the person: an upload's original file name). A stand-in key is the object's key after {@link #MARKER}, which
 * holds an encoded {@code /}, as no key a record may name does, so it is never a real object's. Reads only.
 */
final class PlaceholderObjects implements ObjectReader {
    /**
     * What a stand-in key starts with: {@code %2F} is refused in the keys records name, so no real key does; its {@code /}
     * makes it a folder of its own, so that a listing of the stand-ins (the analysis's, by folder) lists none of the real keys.
     */
    static final String MARKER = "placeholder%2F/";

    private final ObjectReader bucket;

    PlaceholderObjects(ObjectReader bucket) {
        this.bucket = bucket;
    }

    /** The stand-in key of the placeholder for the object at {@code key}. */
    static String standIn(String key) {
        return MARKER + key;
    }

    private static boolean isStandIn(String key) {
        return key != null && key.startsWith(MARKER);
    }

    /** The object's own key of a stand-in key; any other key as it is. */
    static String real(String key) {
        return isStandIn(key) ? key.substring(MARKER.length()) : key;
    }

    @Override
    public String bucket() {
        return bucket.bucket();
    }

    @Override
    public Optional<ObjectHead> head(String key) {
        if (!isStandIn(key)) {
            return bucket.head(key);
        }
        return bucket.head(real(key)).map(source -> {
            Placeholder type = type(real(key), source.contentType());
            return new ObjectHead(key, type.size(), type.etag(), null, type.contentType(source.contentType()), Map.of(), null, null, null);
        });
    }

    @Override
    public InputStream open(String key) {
        if (!isStandIn(key)) {
            return bucket.open(key);
        }
        Placeholder type = Placeholder.byExtension(real(key));
        if (type == null) {
            type = head(key).map(found -> type(real(key), found.contentType())).orElseThrow(() -> new IllegalStateException(
                    "object " + real(key) + " is no longer in bucket " + bucket.bucket() + ", and its placeholder's type is its"));
        }
        return new ByteArrayInputStream(type.bytes());
    }

    @Override
    public List<String> list(String prefix, int limit) {
        if (!isStandIn(prefix)) {
            return bucket.list(prefix, limit);
        }
        return bucket.list(real(prefix), limit).stream().map(PlaceholderObjects::standIn).toList();
    }

    /** Stand-ins are asked one head each: a listing of them would ask the Content-Type of each key of no known extension. */
    @Override
    public boolean listsSizes(String prefix) {
        return !isStandIn(prefix) && bucket.listsSizes(prefix);
    }

    /**
     * A page of a listing: under a stand-in prefix, the source's objects under the real one as their placeholders, each of its
     * type's size (a key whose extension says no type is asked its Content-Type, one head each).
     */
    @Override
    public Listing listSizes(String prefix, String after) {
        if (!isStandIn(prefix)) {
            return bucket.listSizes(prefix, after);
        }
        Listing page = bucket.listSizes(real(prefix), after == null ? null : isStandIn(after) ? real(after) : after);
        List<Listed> objects = page.objects().stream().map(object -> {
            Placeholder type = Placeholder.byExtension(object.key());
            long size = type != null ? type.size() : head(standIn(object.key())).map(ObjectHead::size).orElse(object.size());
            return new Listed(standIn(object.key()), size);
        }).toList();
        return new Listing(objects, page.more());
    }

    /** The placeholder for the object at {@code key} of Content-Type {@code contentType}: by its extension, else its type. */
    static Placeholder type(String key, String contentType) {
        Placeholder byName = Placeholder.byExtension(key);
        return byName != null ? byName : Placeholder.byContentType(contentType);
    }
}
