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

/**
 * Runs Task states on Lambda {@link RequestHandler}s in this process, the way the Java Lambda
 * runtime would: the JSON input becomes a {@code Map}, the handler gets a {@link
 * com.amazonaws.services.lambda.runtime.Context} whose remaining time counts down from the
 * function's timeout, the returned map becomes JSON, and a thrown exception becomes an error named
 * by its class with the runtime's error document as cause. Handlers are registered under the
 * resource key, e.g. {@code AnalyzeFunctionArn} for {@code "Resource": "${AnalyzeFunctionArn}"}.
 */
public final class LambdaTaskRunner implements TaskRunner {
    /** The Lambda maximum, which is what a function without a configured timeout gets here. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(900_000);

    private static final TypeReference<LinkedHashMap<String, Object>> EVENT = new TypeReference<>() {
    };

    private final Map<String, Function> functions;

    private LambdaTaskRunner(Map<String, Function> functions) {
        this.functions = Map.copyOf(functions);
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
            event = input.isNull() ? null : Json.MAPPER.convertValue(input, EVENT);
        } catch (IllegalArgumentException e) {
            throw new TaskFailedException(RuntimeException.class.getName(), LambdaErrorCause.unreadableEvent());
        }
        Map<String, Object> response;
        try {
            response = function.handler().handleRequest(event, new LambdaContext(function.name(), function.timeout()));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            throw new TaskFailedException(e.getClass().getName(), LambdaErrorCause.of(e));
        }
        return response == null ? NullNode.getInstance() : Json.MAPPER.valueToTree(response);
    }

    private record Function(String name, RequestHandler<Map<String, Object>, Map<String, Object>> handler,
                            Duration timeout) {
    }

    /** Registers handlers by resource key. */
    public static final class Builder {
        private final Map<String, Function> functions = new LinkedHashMap<>();

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

        public LambdaTaskRunner build() {
            return new LambdaTaskRunner(functions);
        }

        /** {@code AnalyzeFunctionArn} names the function {@code AnalyzeFunction}, as in the SAM template. */
        private static String functionName(String resource) {
            return resource.endsWith("Arn") && resource.length() > 3
                    ? resource.substring(0, resource.length() - 3) : resource;
        }
    }
}
