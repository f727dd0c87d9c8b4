package dev.dmig.executor;

import java.util.Optional;

/**
 * Where a Distributed Map's {@code ItemReader} gets S3 objects ({@code s3:GetObject} on Step
 * Functions). May be called from several threads at once.
 */
@FunctionalInterface
public interface ObjectSource {

    /** The object's bytes, or empty when the bucket holds no object under that key; throw for any other failure. */
    Optional<byte[]> get(String bucket, String key);
}
