package dev.dmig.files;

import dev.dmig.store.InFlight;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An unversioned target bucket in memory, as dmig writes it: each object's ETag is its content, quoted, and a conditional
 * write or delete holds only while the key holds what the condition says.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private final String bucket;
    private final Map<String, String> objects = new ConcurrentHashMap<>();
    /** What each head passes through, which counts them. */
    private final InFlight heads;
    /** How many more deletes land and then fail, as a call whose answer is lost on its way back. */
    private final AtomicInteger answersLost = new AtomicInteger();

    public InMemoryObjectStore(String bucket) {
        this(bucket, new InFlight(1));
    }

    /** A bucket whose heads pass through {@code heads}. */
    public InMemoryObjectStore(String bucket, InFlight heads) {
        this.bucket = bucket;
        this.heads = heads;
    }

    /** Puts {@code content} at {@code key}. */
    public InMemoryObjectStore with(String key, String content) {
        objects.put(key, content);
        return this;
    }

    /** Makes the next {@code deletes} deletes land and then fail, as calls whose answers are lost. */
    public InMemoryObjectStore losingAnswers(int deletes) {
        answersLost.set(deletes);
        return this;
    }

    /** The keys the bucket holds. */
    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(objects.keySet());
    }

    private static String etag(String content) {
        return "\"" + content + "\"";
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<ObjectHead> head(String key) {
        return heads.during(() -> Optional.ofNullable(objects.get(key)).map(content -> new ObjectHead(key,
                content.getBytes(StandardCharsets.UTF_8).length, etag(content), null, "text/plain", Map.of(), null, null, null)));
    }

    @Override
    public InputStream open(String key) {
        return new ByteArrayInputStream(objects.get(key).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<String> list(String prefix, int limit) {
        return objects.keySet().stream().filter(key -> key.startsWith(prefix)).sorted().limit(limit).toList();
    }

    @Override
    public Listing listSizes(String prefix, String after) {
        return InMemoryBucket.listing(objects, prefix, after, 1000);
    }

    @Override
    public boolean versioned() {
        return false;
    }

    @Override
    public Written copy(ObjectReader source, ObjectHead head, String key, Condition condition) {
        try (InputStream body = source.open(head.key())) {
            return put(key, head, body, head.size(), condition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Written put(String key, ObjectHead like, InputStream body, long size, Condition condition) {
        String there = objects.get(key);
        if ((condition.absent() && there != null) || (condition.etag() != null && (there == null || !etag(there).equals(condition.etag())))) {
            return there == null && condition.etag() != null ? Written.NO_OBJECT : Written.CONDITION_FAILED;
        }
        try {
            String content = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            objects.put(key, content);
            return new Written(Outcome.DONE, etag(content), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String key, String versionId) {
        return open(key);
    }

    @Override
    public List<ObjectVersion> versions(String key) {
        return head(key).map(h -> List.of(new ObjectVersion("null", h.etag(), false, true))).orElse(List.of());
    }

    @Override
    public synchronized Outcome delete(String key, String etag) {
        String there = objects.get(key);
        if (there == null) {
            return Outcome.NO_OBJECT;
        }
        if (!etag(there).equals(etag)) {
            return Outcome.CONDITION_FAILED;
        }
        objects.remove(key);
        if (answersLost.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new UncheckedIOException(new IOException("the answer to the delete of " + key + " was lost"));
        }
        return Outcome.DONE;
    }

    @Override
    public void deleteVersion(String key, String versionId) {
        throw new UnsupportedOperationException("an unversioned bucket has no versions to delete");
    }
}
