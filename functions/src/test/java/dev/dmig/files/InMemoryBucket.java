package dev.dmig.files;

import dev.dmig.store.InFlight;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bucket of objects in memory, as a reader sees it; each head passes through {@code heads}, which counts them, and each
 * page of a listing with sizes is counted too.
 */
public final class InMemoryBucket implements ObjectReader {
    private final String bucket;
    private final InFlight heads;
    private final Map<String, String> objects = new ConcurrentHashMap<>();
    private final AtomicInteger listings = new AtomicInteger();
    private int listingPage = 1000;

    public InMemoryBucket(String bucket, InFlight heads) {
        this.bucket = bucket;
        this.heads = heads;
    }

    /** Puts {@code content} at {@code key}; its head's ETag is the content itself, quoted. */
    public InMemoryBucket with(String key, String content) {
        objects.put(key, content);
        return this;
    }

    /** This bucket, its listings giving at most {@code objects} a page (1,000 as S3's by default). */
    public InMemoryBucket listingPage(int objects) {
        this.listingPage = objects;
        return this;
    }

    /** The pages of listings with sizes asked of it. */
    public int listings() {
        return listings.get();
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<ObjectHead> head(String key) {
        return heads.during(() -> Optional.ofNullable(objects.get(key)).map(content -> new ObjectHead(key,
                content.getBytes(StandardCharsets.UTF_8).length, "\"" + content + "\"", null, "text/plain", Map.of(), null, null,
                null)));
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
        listings.incrementAndGet();
        return listing(objects, prefix, after, listingPage);
    }

    /** A page of {@code objects} (key to content) as S3 lists them: in its order, at most {@code page}. */
    static Listing listing(Map<String, String> objects, String prefix, String after, int page) {
        List<Listed> under = objects.entrySet().stream()
                .filter(object -> object.getKey().startsWith(prefix) && (after == null || S3_ORDER.compare(object.getKey(), after) > 0))
                .sorted(Map.Entry.comparingByKey(S3_ORDER))
                .map(object -> new Listed(object.getKey(), object.getValue().getBytes(StandardCharsets.UTF_8).length)).toList();
        return new Listing(under.subList(0, Math.min(page, under.size())), under.size() > page);
    }
}
