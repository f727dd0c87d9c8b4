package dev.dmig.files;

import java.util.Map;

/**
 * What a HeadObject tells of one object: its key, size, ETag (quotes included, as S3 gives it), SHA-256 checksum
 * when one was stored with it (null otherwise), content type, user metadata, version ID (null in an unversioned
 * bucket), server-side encryption (null for none) and the KMS key of an {@code aws:kms} one.
 */
public record ObjectHead(String key, long size, String etag, String checksumSha256, String contentType,
                         Map<String, String> metadata, String versionId, String encryption, String kmsKeyId) {

    public ObjectHead {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * Whether the ETag is the MD5 of the content, so that two objects' ETags tell whether their bytes are the same: not
     * for an object uploaded in parts ({@code "…-3"}) nor one encrypted with a KMS key.
     */
    public boolean etagIsDigest() {
        return etag != null && !etag.contains("-") && (encryption == null || !encryption.startsWith("aws:kms"));
    }

    /** This head without its encryption: a copy written with it gets the bucket's own default encryption. */
    public ObjectHead withBucketEncryption() {
        return new ObjectHead(key, size, etag, checksumSha256, contentType, metadata, versionId, null, null);
    }
}
