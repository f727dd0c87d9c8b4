package dev.dmig.bench;

import dev.dmig.store.ArtifactStore;
import java.util.List;
import java.util.Optional;

/** An {@link ArtifactStore} that tells {@link Requests} about every call it passes on (units: bytes). */
final class CountingArtifactStore implements ArtifactStore {
    private final ArtifactStore store;
    private final Requests requests;

    CountingArtifactStore(ArtifactStore store, Requests requests) {
        this.store = store;
        this.requests = requests;
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
        requests.time("s3 PutObject " + kind(key), body.length, () -> {
            store.put(key, body, contentType);
            return null;
        });
    }

    @Override
    public void putStreaming(String key, String contentType, BodyWriter body) {
        requests.time("s3 streamed upload " + kind(key), 0, () -> {
            store.putStreaming(key, contentType, body);
            return null;
        });
    }

    @Override
    public Optional<byte[]> get(String key) {
        return requests.time("s3 GetObject " + kind(key), () -> store.get(key), found -> found.map(b -> (long) b.length).orElse(0L));
    }

    @Override
    public List<String> list(String prefix) {
        return requests.time("s3 ListObjectsV2", 0, () -> store.list(prefix));
    }

    @Override
    public List<String> files(String prefix) {
        return requests.time("s3 ListObjectsV2 (files)", 0, () -> store.files(prefix));
    }

    @Override
    public List<String> children(String prefix) {
        return requests.time("s3 ListObjectsV2 (children)", 0, () -> store.children(prefix));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] body, String contentType) {
        return requests.time("s3 PutObject if-none-match " + kind(key), body.length, () -> store.putIfAbsent(key, body, contentType));
    }

    @Override
    public void delete(String key) {
        requests.time("s3 DeleteObject", 0, () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public String location() {
        return store.location();
    }

    /** The artifact kind from the run layout: journal, checkpoint, manifest, analysis part, ... */
    static String kind(String key) {
        String[] parts = key.split("/");
        if (parts.length >= 3 && parts[0].equals("runs")) {
            String name = parts[2];
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }
        return parts[0];
    }
}
