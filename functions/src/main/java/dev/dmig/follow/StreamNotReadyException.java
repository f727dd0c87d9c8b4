package dev.dmig.follow;

import dev.dmig.RefusedException;

/**
 * A followed run's source table whose stream is off, or does not carry the item before and after each change: nothing
 * was written. The message names the table and the command that turns the stream on.
 */
public final class StreamNotReadyException extends RefusedException {
    public StreamNotReadyException(String message) {
        super("StreamNotReady", message);
    }
}
