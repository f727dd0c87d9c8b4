package dev.dmig.files;

import dev.dmig.store.InFlight;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A bucket of objects in memory, as a reader sees it; each head passes through {@code heads}, which counts them. */
public final class InMemoryBucket implements ObjectReader {
    private final String bucket;
    private final InFlight heads;
    private final Map<String, String> objects = new ConcurrentHashMap<>();

    public InMemoryBucket(String bucket, InFlight heads) {
        this.bucket = bucket;
        this.heads = heads;
    }

    /** Puts {@code content} at {@code key}; its head's ETag is the content itself, quoted. */
    public InMemoryBucket with(String key, String content) {
        objects.put(key, content);
        return this;
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
}
