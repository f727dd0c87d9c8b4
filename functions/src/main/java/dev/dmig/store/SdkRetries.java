package dev.dmig.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the SDK's own retries (throttling, 5xx, broken connections) so that a run's report can
 * show them. The synchronous SDK client runs a request on the calling thread, so a counter bound
 * to the thread for the duration of a call receives exactly that call's retries.
 */
public final class SdkRetries implements ExecutionInterceptor {
    private static final ThreadLocal<AtomicLong> CURRENT = new ThreadLocal<>();
    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("dmig.attempts");

    /** Runs {@code call} with its SDK retries added to {@code counter}. */
    public static <T> T counting(AtomicLong counter, Supplier<T> call) {
        AtomicLong previous = CURRENT.get();
        CURRENT.set(counter);
        try {
            return call.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null && attempts.incrementAndGet() > 1) {
            AtomicLong counter = CURRENT.get();
            if (counter != null) {
                counter.incrementAndGet();
            }
        }
    }
}
