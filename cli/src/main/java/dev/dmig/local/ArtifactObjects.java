package dev.dmig.local;

import dev.dmig.executor.ObjectSource;
import dev.dmig.store.ArtifactStore;
import java.util.Optional;

/**
 * The local executor's {@code s3:GetObject} for Distributed Map item readers: the run's artifacts
 * bucket, through the store the functions write it with. Any other bucket is refused, as the state
 * machine's role on AWS may read only that one.
 */
final class ArtifactObjects implements ObjectSource {
    private final ArtifactStore artifacts;
    private final String bucket;

    public ArtifactObjects(ArtifactStore artifacts, String bucket) {
        this.artifacts = artifacts;
        this.bucket = bucket;
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        if (!bucket.equals(this.bucket)) {
            throw new IllegalArgumentException("bucket " + bucket + " is not the artifacts bucket " + this.bucket);
        }
        return artifacts.get(key);
    }
}
