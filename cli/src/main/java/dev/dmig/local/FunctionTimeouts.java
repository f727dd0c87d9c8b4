package dev.dmig.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each Lambda function's timeout as the SAM template deploys it ({@code Timeout} of the function,
 * else of {@code Globals.Function}), read from the template bundled in the jar, so that the local
 * executor stops a task where Lambda would.
 */
public final class FunctionTimeouts {
    /** Where the build puts the template inside the jar. */
    public static final String TEMPLATE = "/infra/template.yaml";

    private FunctionTimeouts() {
    }

    /** By function name, e.g. {@code MigrateSegmentFunction} → 900 s. */
    public static Map<String, Duration> bundled() {
        try (InputStream in = FunctionTimeouts.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the template " + TEMPLATE + " is not on the class path");
            }
            return of(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Duration> of(Reader template) {
        Map<String, Object> root = CloudFormationYaml.read(template);
        Object global = section(section(root, "Globals"), "Function").get("Timeout");
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        section(root, "Resources").forEach((name, resource) -> {
            Map<String, Object> definition = map(resource);
            if ("AWS::Serverless::Function".equals(definition.get("Type"))) {
                Object timeout = section(definition, "Properties").getOrDefault("Timeout", global);
                if (!(timeout instanceof Integer seconds)) {
                    throw new IllegalStateException("function " + name + " in " + TEMPLATE + " has no numeric Timeout: " + timeout);
                }
                timeouts.put(name, Duration.ofSeconds(seconds));
            }
        });
        return timeouts;
    }

    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : map(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
