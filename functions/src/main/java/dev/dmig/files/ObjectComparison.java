package dev.dmig.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Whether two objects hold the same bytes, at the least cost: sizes first; then ETags when both are digests of their
 * content (or equal); then SHA-256 checksums when both have one stored; else the SHA-256 of both objects' bytes.
 * {@code difference}: what differs, for messages (null when the same); {@code byContent}: the bytes were read.
 */
public record ObjectComparison(boolean same, String difference, boolean byContent) {

    public static ObjectComparison of(ObjectReader first, ObjectHead a, ObjectReader second, ObjectHead b) {
        if (a.size() != b.size()) {
            return new ObjectComparison(false, "size " + b.size() + " ≠ " + a.size(), false);
        }
        if (a.etag() != null && a.etag().equals(b.etag())) {
            return new ObjectComparison(true, null, false);
        }
        if (a.etagIsDigest() && b.etagIsDigest()) {
            return new ObjectComparison(false, "ETag " + b.etag() + " ≠ " + a.etag(), false);
        }
        if (a.checksumSha256() != null && b.checksumSha256() != null) {
            boolean same = a.checksumSha256().equals(b.checksumSha256());
            return new ObjectComparison(same, same ? null : "SHA-256 checksum " + b.checksumSha256() + " ≠ " + a.checksumSha256(), false);
        }
        boolean same = sha256(first, a.key()).equals(sha256(second, b.key()));
        return new ObjectComparison(same, same ? null : "content (SHA-256) differs", true);
    }

    private static String sha256(ObjectReader reader, String key) {
        try (InputStream in = reader.open(key)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + reader.bucket() + "/" + key + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
