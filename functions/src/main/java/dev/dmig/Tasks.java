package dev.dmig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to a pool: every task of a call ends before the call returns or throws. */
public final class Tasks {
    private Tasks() {}

    /**
     * The results of {@code tasks}, in order, once every one has ended; the first failure in that order, if any, thrown
     * after they all have (an {@link Error} or unchecked exception as it was thrown). An interrupt does not cut the wait
     * short, so that no task of the call is still writing once it has returned; it is kept for the caller to see.
     */
    public static <T> List<T> joinAll(List<? extends Future<? extends T>> tasks) {
        List<T> results = new ArrayList<>(tasks.size());
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<? extends T> task : tasks) {
            while (true) {
                try {
                    results.add(task.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return results;
    }

    /** The task's result, or the exception it threw, as thrown. */
    public static <T> T join(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
