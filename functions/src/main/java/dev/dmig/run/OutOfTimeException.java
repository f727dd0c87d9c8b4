package dev.dmig.run;

/**
 * A write could not be started, or waited for, within what is left of the invocation: the task
 * hands back at its last checkpoint and the state machine calls it again, which redoes the page.
 */
public final class OutOfTimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfTimeException(String message) {
        super(message);
    }
}
