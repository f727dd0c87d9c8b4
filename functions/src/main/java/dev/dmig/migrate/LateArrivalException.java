package dev.dmig.migrate;

/**
 * Under {@code abort}: an item appeared in the target after analysis at a key the run was writing.
 * It was left as it is; the run fails and rolls back, leaving it there.
 */
public final class LateArrivalException extends RuntimeException {
    public LateArrivalException(String message) {
        super(message);
    }
}
