package dev.dmig.feature.files;

/**
 * Under {@code files.onMissing: refuse}: an object a record names was in the source bucket at analysis and is no longer
 * there when its segment copies it. The segment fails and the run rolls back.
 */
final class ObjectMissingException extends RuntimeException {
    public ObjectMissingException(String message) {
        super(message);
    }
}
