package dev.dmig.executor;

/**
 * Follows an execution live, one state attempt at a time. Map iterations run concurrently, so the
 * methods may be called from several threads at once. An exception thrown here is logged and
 * otherwise ignored: progress display never changes the path an execution takes.
 */
public interface ExecutionListener {

    /** An attempt at a state started; {@code record.end()} is null. */
    default void stateEntered(StateRecord record) {
    }

    /** An attempt succeeded. */
    default void stateExited(StateRecord record) {
    }

    /** An attempt failed; a retrier or catcher may still handle the error. */
    default void stateFailed(StateRecord record) {
    }
}
