package dev.dmig.files;

/**
 * An object too large for dmig to copy within S3's limits (10,000 parts of a multipart upload, each part within what
 * dmig holds or S3 takes): refused before any of it is written.
 */
final class ObjectTooLargeException extends RuntimeException {
    public ObjectTooLargeException(String message) {
        super(message);
    }
}
