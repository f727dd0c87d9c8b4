package dev.dmig.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepLogTest {
    private final List<String> lines = new ArrayList<>();

    @Test
    void stepLine_goesToTheInvocationsLoggerAtInfo_withItsFieldsInNameOrder() {
        StepLog.info(context(), "MigrateSegment", "run-1", Map.of("written", 1000, "table", "Contacts", "segment", 3));

        assertThat(lines).containsExactly("INFO MigrateSegment runId=run-1 segment=3 table=Contacts written=1000");
    }

    /** A context that answers only for its logger, which is all a step line needs. */
    private Context context() {
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                lines.add("UNDEFINED " + message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void log(String message, LogLevel level) {
                lines.add(level + " " + message);
            }
        };
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getLogger")) {
                        return logger;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
