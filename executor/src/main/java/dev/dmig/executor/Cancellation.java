package dev.dmig.executor;

/**
 * Tells the iterations of a Map state to stop because a sibling failed. A Map's token is a child of
 * the token its own iteration runs under, so cancelling an outer Map reaches every nested one.
 */
final class Cancellation {
    private final Cancellation parent;
    private volatile boolean cancelled;

    private Cancellation(Cancellation parent) {
        this.parent = parent;
    }

    static Cancellation root() {
        return new Cancellation(null);
    }

    Cancellation child() {
        return new Cancellation(this);
    }

    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled || (parent != null && parent.isCancelled());
    }
}
