package dev.dmig.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context for handler tests: the time an invocation has left, and a logger that keeps its lines. */
public final class TestContext {
    private TestContext() {}

    public static Context withRemaining(long millis) {
        return withRemaining(millis, new CopyOnWriteArrayList<>());
    }

    /** {@code lines}: where the handler's log lines go. */
    public static Context withRemaining(long millis, List<String> lines) {
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                lines.add(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLogger" -> logger;
                    case "getRemainingTimeInMillis" -> (int) millis;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
