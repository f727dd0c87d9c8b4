package dev.dmig.store;

/**
 * DynamoDB cannot be used at all, for a reason that waiting does not heal: no credentials, a host
 * that does not resolve, nothing listening at an endpoint the user named, access denied, rejected
 * credentials. The message is one line saying the cause and the fix. Neither the SDK nor the state
 * machine retries it: the run fails at once and releases what it took.
 */
public final class StoreRefusedException extends RuntimeException {
    public StoreRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
