package dev.dmig.embedded;

/** The embedded DynamoDB Local or S3 server failed to start or to stop; the message is one line saying which and why. */
public final class EmbeddedStackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmbeddedStackException(String message) {
        super(message);
    }

    EmbeddedStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
