package dev.dmig.store;

import java.util.List;
import java.util.Optional;

/** An artifact store that passes every call on; tests override what they change. */
public class ForwardingArtifactStore implements ArtifactStore {
    private final ArtifactStore inner;

    public ForwardingArtifactStore(ArtifactStore inner) {
        this.inner = inner;
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
        inner.put(key, body, contentType);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return inner.get(key);
    }

    @Override
    public List<String> list(String prefix) {
        return inner.list(prefix);
    }

    @Override
    public List<String> files(String prefix) {
        return inner.files(prefix);
    }

    @Override
    public List<String> children(String prefix) {
        return inner.children(prefix);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] body, String contentType) {
        return inner.putIfAbsent(key, body, contentType);
    }

    @Override
    public void delete(String key) {
        inner.delete(key);
    }

    @Override
    public void deleteEveryVersion(String key) {
        inner.deleteEveryVersion(key);
    }

    @Override
    public String location() {
        return inner.location();
    }
}
