package dev.dmig.storage;

import java.util.Map;

/**
 * What a HeadObject tells of one object: its key, size, ETag (quotes included, as S3 gives it), SHA-256 checksum
 * when one was stored with it (null otherwise), content type, user metadata, version ID (null in an unversioned
 * bucket) and server-side encryption (null for none).
 */
public record ObjectHead(String key, long size, String etag, String checksumSha256, String contentType,
                         Map<String, String> metadata, String versionId, String encryption) {

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
}
