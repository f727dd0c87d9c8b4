package dev.dmig;

import java.util.List;

/**
 * A run refused before it wrote anything. The state machine catches each kind by its class name (what the
 * Java Lambda runtime reports as the error type); the run's manifest records it under {@link #error()}.
 */
public abstract class RefusedException extends RuntimeException {
    private final String error;

    protected RefusedException(String error, String message) {
        super(message);
        this.error = error;
    }

    /** The name the run's manifest gives this refusal. */
    public String error() {
        return error;
    }

    /** Each problem found, when the refusal lists several; otherwise null. */
    public List<String> problemLines() {
        return null;
    }
}
