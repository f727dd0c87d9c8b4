package dev.dmig.identity;

import dev.dmig.store.ArtifactStore;
import dev.dmig.store.ForwardingArtifactStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An artifact store that keeps versions as the stack's bucket does (versioning on, old versions kept for weeks): every
 * put adds a version of its key, a plain delete adds a delete marker and keeps the versions, and only
 * {@link #deleteEveryVersion} leaves nothing of a key. What a test asks of it is what a listing of the bucket's versions
 * would show ({@link #versioned}).
 */
public final class VersionedArtifactStore extends ForwardingArtifactStore {
    /** Per key, how many versions and delete markers the bucket keeps of it. */
    private final Map<String, Integer> kept = new TreeMap<>();
    /** Every key ever put. */
    private final Set<String> written = new TreeSet<>();

    public VersionedArtifactStore(ArtifactStore current) {
        super(current);
    }

    @Override
    public synchronized void put(String key, byte[] body, String contentType) {
        super.put(key, body, contentType);
        kept.merge(key, 1, Integer::sum);
        written.add(key);
    }

    @Override
    public synchronized boolean putIfAbsent(String key, byte[] body, String contentType) {
        boolean made = super.putIfAbsent(key, body, contentType);
        if (made) {
            kept.merge(key, 1, Integer::sum);
            written.add(key);
        }
        return made;
    }

    @Override
    public synchronized void delete(String key) {
        super.delete(key);
        kept.merge(key, 1, Integer::sum);
    }

    @Override
    public synchronized void deleteEveryVersion(String key) {
        super.delete(key);
        kept.remove(key);
    }

    /** The keys under {@code prefix} that were ever put, kept or not. */
    public synchronized List<String> written(String prefix) {
        return new ArrayList<>(written.stream().filter(k -> k.startsWith(prefix)).toList());
    }

    /** The keys under {@code prefix} of which the bucket keeps a version or a delete marker, current or not. */
    public synchronized List<String> versioned(String prefix) {
        return new ArrayList<>(kept.keySet().stream().filter(k -> k.startsWith(prefix)).toList());
    }
}
