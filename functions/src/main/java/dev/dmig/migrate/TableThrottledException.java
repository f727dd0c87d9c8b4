package dev.dmig.migrate;

/**
 * A target table accepted no write at all, every call throttled, for longer than the throttling
 * patience ({@code DMIG_THROTTLE_PATIENCE_MS}). Not retried by the state machine: the table needs
 * more capacity or the plan a lower {@code writeRateLimit}, so the run fails and is rolled back.
 */
public final class TableThrottledException extends RuntimeException {
    public TableThrottledException(String message) {
        super(message);
    }
}
