package dev.dmig.feature.follow;

/**
 * Changes a followed table's stream made after the mark can no longer be read (a shard the mark or the checkpoint names
 * is gone from the stream, or its records after the position are trimmed): applying the rest would leave the target
 * short of them, with no error, so following fails and the run is rolled back. The message names the table, the shard,
 * the mark's age and what to do.
 */
public final class ChangesLostException extends RuntimeException {
    public ChangesLostException(String message) {
        super(message);
    }
}
