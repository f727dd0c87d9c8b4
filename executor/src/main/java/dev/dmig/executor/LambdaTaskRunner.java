package dev.dmig.executor;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs Task states on Lambda {@link RequestHandler}s in this process, the way the Java Lambda
 * runtime would: the JSON input becomes a {@code Map}, the handler gets a {@link
 * com.amazonaws.services.lambda.runtime.Context} whose remaining time counts down from the
 * function's timeout, the returned map becomes JSON, and a thrown exception becomes an error named
 * by its class with the runtime's error document as cause. Handlers are registered under the
 * resource key, e.g. {@code AnalyzeFunctionArn} for {@code "Resource": "${AnalyzeFunctionArn}"}.
 *
 * <p>As on Lambda, an invocation that passes its function's timeout ends the task with
 * {@code Sandbox.Timedout}; what it did until then stays done. A thread cannot be killed, so the
 * handler's thread is interrupted and left to stop by itself; {@link #awaitIdle} waits for such
 * threads. ({@link Builder#killAtTimeout(boolean) killAtTimeout(false)} runs the handler in the
 * caller's thread with no limit, for tests that say why.)
 */
public final class LambdaTaskRunner implements TaskRunner {
    /** The Lambda maximum, which is what a function without a configured timeout gets here. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    private static final TypeReference<LinkedHashMap<String, Object>> EVENT = new TypeReference<>() {
    };

    /** The error Step Functions reports for a Lambda invocation that ran past its timeout. */
    public static final String TIMED_OUT = "Sandbox.Timedout";

    private final Map<String, Function> functions;
    private final boolean killAtTimeout;
    /** Invocation threads still running; guarded by itself, which {@link #awaitIdle} waits on. */
    private final int[] running = {0};

    private LambdaTaskRunner(Builder builder) {
        this.functions = Map.copyOf(builder.functions);
        this.killAtTimeout = builder.killAtTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The resource keys with a handler; pass them to {@link StateMachine#parse(String, Set)}. */
    public Set<String> resources() {
        return functions.keySet();
    }

    @Override
    public JsonNode run(String resource, JsonNode input, TaskContext context) throws TaskFailedException {
        Function function = functions.get(resource);
        if (function == null) {
            throw new IllegalArgumentException("no handler is registered for resource '" + resource + "'");
        }
        Map<String, Object> event;
        try {
            event = input.isNull() ? null : JsonValues.MAPPER.convertValue(input, EVENT);
        } catch (IllegalArgumentException e) {
            throw new TaskFailedException(RuntimeException.class.getName(), LambdaErrorCause.unreadableEvent());
        }
        LambdaContext lambda = new LambdaContext(function.name(), function.timeout());
        Map<String, Object> response = killAtTimeout ? invokeWithTimeout(function, event, lambda) : invoke(function, event, lambda);
        return response == null ? NullNode.getInstance() : JsonValues.MAPPER.valueToTree(response);
    }

    /**
     * Waits until no invocation that passed its timeout is still running in its thread; false if
     * some still are after {@code timeout}.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (running) {
            while (running[0] > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(running, left);
            }
            return true;
        }
    }

    private void started() {
        synchronized (running) {
            running[0]++;
        }
    }

    private void ended() {
        synchronized (running) {
            running[0]--;
            running.notifyAll();
        }
    }

    private static Map<String, Object> invoke(Function function, Map<String, Object> event, LambdaContext lambda)
            throws TaskFailedException {
        try {
            return function.handler().handleRequest(event, lambda);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            throw new TaskFailedException(e.getClass().getName(), LambdaErrorCause.of(e));
        }
    }

    private Map<String, Object> invokeWithTimeout(Function function, Map<String, Object> event, LambdaContext lambda)
            throws TaskFailedException {
        FutureTask<Map<String, Object>> invocation = new FutureTask<>(() -> function.handler().handleRequest(event, lambda));
        started();
        Thread thread = new Thread(() -> {
            try {
                invocation.run();
            } finally {
                ended();
            }
        }, function.name() + "-" + lambda.getAwsRequestId());
        thread.setDaemon(true);
        thread.start();
        try {
            return invocation.get(function.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new TaskFailedException(TIMED_OUT, LambdaErrorCause.timedOut(lambda.getAwsRequestId(), function.timeout()));
        } catch (ExecutionException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof VirtualMachineError error) {
                throw error;
            }
            throw new TaskFailedException(thrown.getClass().getName(), LambdaErrorCause.of(thrown));
        } catch (InterruptedException e) {
            // The executor gave up on this task (its execution ended): so does the invocation.
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new TaskFailedException(TIMED_OUT, LambdaErrorCause.timedOut(lambda.getAwsRequestId(), function.timeout()));
        }
    }

    private record Function(String name, RequestHandler<Map<String, Object>, Map<String, Object>> handler,
                            Duration timeout) {
    }

    /** Registers handlers by resource key. */
    public static final class Builder {
        private final Map<String, Function> functions = new LinkedHashMap<>();
        private boolean killAtTimeout = true;

        private Builder() {
        }

        public Builder function(String resource, RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
            return function(resource, handler, DEFAULT_TIMEOUT);
        }

        /** Registers a handler whose {@code getRemainingTimeInMillis()} counts down from {@code timeout}. */
        public Builder function(String resource, RequestHandler<Map<String, Object>, Map<String, Object>> handler,
                                Duration timeout) {
            Objects.requireNonNull(handler, "handler");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout of '" + resource + "' must be positive, not " + timeout);
            }
            if (functions.putIfAbsent(resource, new Function(functionName(resource), handler, timeout)) != null) {
                throw new IllegalArgumentException("resource '" + resource + "' already has a handler");
            }
            return this;
        }

        /** Whether an invocation past its function's timeout fails with {@code Sandbox.Timedout} (default true). */
        public Builder killAtTimeout(boolean killAtTimeout) {
            this.killAtTimeout = killAtTimeout;
            return this;
        }

        public LambdaTaskRunner build() {
            return new LambdaTaskRunner(this);
        }

        /** {@code AnalyzeFunctionArn} names the function {@code AnalyzeFunction}, as in the SAM template. */
        private static String functionName(String resource) {
            return resource.endsWith("Arn") && resource.length() > 3
                    ? resource.substring(0, resource.length() - 3) : resource;
        }
    }
}
