package dev.dmig.executor;

/**
 * Thrown by a {@link TaskRunner} to report a task error by name, the way a Step Functions task
 * reports {@code Error} and {@code Cause}; retriers and catchers match on {@link #error()}.
 */
public final class TaskFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String cause;

    public TaskFailedException(String error, String cause) {
        super("task failed with " + error);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    /** The error's cause text, or {@code null}. */
    public String cause() {
        return cause;
    }
}
