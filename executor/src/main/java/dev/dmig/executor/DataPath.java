package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.Optional;

/**
 * A JSONPath read from state data ({@code $...}) or from the context object ({@code $$...}).
 * Step Functions evaluates JSONPath with Jayway's semantics (its error texts are Jayway's), so this
 * uses Jayway too: a definite path that matches nothing has no value, an indefinite one yields an
 * array.
 */
final class DataPath {
    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JsonValues.MAPPER))
            .mappingProvider(new JacksonMappingProvider(JsonValues.MAPPER))
            .build();

    private final String text;
    private final boolean context;
    private final JsonPath compiled;

    private DataPath(String text, boolean context, JsonPath compiled) {
        this.text = text;
        this.context = context;
        this.compiled = compiled;
    }

    /** Throws {@link IllegalArgumentException} with a reason when the text is not a JSONPath. */
    static DataPath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("'" + text + "' is not a JSONPath: it must start with '$'");
        }
        boolean context = text.startsWith("$$");
        String jaywayText = context ? text.substring(1) : text;
        try {
            return new DataPath(text, context, JsonPath.compile(jaywayText));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid JSONPath: " + e.getMessage());
        }
    }

    String text() {
        return text;
    }

    boolean isContext() {
        return context;
    }

    /** The value at this path, or empty when a definite path matches nothing. */
    Optional<JsonNode> read(JsonNode data, JsonNode contextObject) {
        JsonNode root = context ? contextObject : data;
        if (text.length() == (context ? 2 : 1)) {
            return Optional.of(root);
        }
        try {
            Object value = compiled.read(root, JAYWAY);
            if (value == null) {
                return Optional.of(NullNode.getInstance());
            }
            return Optional.of(value instanceof JsonNode node ? node : JsonValues.MAPPER.valueToTree(value));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The value at this path; a path that matches nothing fails with {@code States.Runtime}, quoting
     * it the Jayway way, as Step Functions does for InputPath, OutputPath and a Map's paths.
     */
    JsonNode readRequired(JsonNode data, JsonNode contextObject) {
        return read(data, contextObject).orElseThrow(() -> new StateFailure(StateFailure.RUNTIME,
                "Invalid path '" + text + "' : No results for path: " + compiled.getPath()));
    }

    @Override
    public String toString() {
        return text;
    }
}
