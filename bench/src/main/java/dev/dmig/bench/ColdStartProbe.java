package dev.dmig.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs in a fresh JVM on {@code functions.jar} alone (plus this class), the way Lambda loads a
 * handler: loads the class, runs its no-arg constructor (clients from the environment), then
 * serves one request. Prints one line of JSON: JVM start, init, first request, second request.
 * Uses nothing but the JDK and what the Lambda jar holds, so that it loads no class early.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long mainAt = System.nanoTime();
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        long untilMainMillis = System.currentTimeMillis() - jvmStartMillis;
        String handlerClass = args[0];
        String input = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        String second = args.length > 2 ? Files.readString(Path.of(args[2]), StandardCharsets.UTF_8) : null;

        long t0 = System.nanoTime();
        Class<?> type = Class.forName(handlerClass);
        long loaded = System.nanoTime();
        RequestHandler<Map<String, Object>, Map<String, Object>> handler =
                (RequestHandler<Map<String, Object>, Map<String, Object>>) type.getConstructor().newInstance();
        long constructed = System.nanoTime();
        Map<String, Object> result = invoke(handler, input);
        long firstDone = System.nanoTime();
        long secondNanos = -1;
        if (second != null) {
            long s = System.nanoTime();
            invoke(handler, second);
            secondNanos = System.nanoTime() - s;
        }
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println("{\"handler\":\"" + type.getSimpleName() + "\",\"jvmToMainMs\":" + untilMainMillis
                + ",\"classLoadMs\":" + ms(loaded - t0) + ",\"constructorMs\":" + ms(constructed - loaded)
                + ",\"initMs\":" + ms(constructed - t0) + ",\"firstRequestMs\":" + ms(firstDone - constructed)
                + ",\"initPlusFirstMs\":" + ms(firstDone - t0) + ",\"secondRequestMs\":" + (secondNanos < 0 ? -1 : ms(secondNanos))
                + ",\"sinceMainMs\":" + ms(firstDone - mainAt) + ",\"classesLoaded\":" + classes
                + ",\"resultKeys\":" + result.size() + "}");
        System.out.flush();
        System.exit(0);
    }

    /** The Lambda runtime's part too: JSON in, JSON out (with the Jackson the jar carries). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> invoke(RequestHandler<Map<String, Object>, Map<String, Object>> handler, String json)
            throws Exception {
        Class<?> mapperType = Class.forName("com.fasterxml.jackson.databind.ObjectMapper");
        Object mapper = mapperType.getConstructor().newInstance();
        Map<String, Object> payload = (Map<String, Object>) mapperType.getMethod("readValue", String.class, Class.class)
                .invoke(mapper, json, Map.class);
        Map<String, Object> result = handler.handleRequest(payload, new ProbeContext());
        mapperType.getMethod("writeValueAsString", Object.class).invoke(mapper, result);
        return result;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }

    /** A Lambda context with 15 minutes left. */
    static final class ProbeContext implements Context {
        private final long deadline = System.currentTimeMillis() + 900_000;

        @Override
        public String getAwsRequestId() {
            return "probe";
        }

        @Override
        public String getLogGroupName() {
            return "probe";
        }

        @Override
        public String getLogStreamName() {
            return "probe";
        }

        @Override
        public String getFunctionName() {
            return "probe";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:probe";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) (deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
