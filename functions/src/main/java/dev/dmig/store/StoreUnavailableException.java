package dev.dmig.store;

/**
 * DynamoDB or S3 stayed unavailable (throttling, 5xx, broken connections) after the SDK's own
 * retries. The work is safe to repeat from its checkpoint, so the state machine retries the
 * task on this error with backoff before giving up.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
