package dev.dmig.migrate;

/**
 * Invocations in a row ran out of time before a page of the segment was written, with nothing accepted: the page does
 * not fit one invocation as things are set. Not retried by the state machine (each retry would be one more whole
 * invocation that stalls again): the page size, the write-rate limit or the function's timeout must change, so the run
 * fails and is rolled back.
 */
public final class SegmentStalledException extends RuntimeException {
    public SegmentStalledException(String message, Throwable cause) {
        super(message, cause);
    }
}
