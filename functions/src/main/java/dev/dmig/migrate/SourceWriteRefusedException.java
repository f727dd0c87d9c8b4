package dev.dmig.migrate;

/** A write was aimed at a table outside the target environment and was not sent. */
final class SourceWriteRefusedException extends RuntimeException {
    public SourceWriteRefusedException(String message) {
        super(message);
    }
}
