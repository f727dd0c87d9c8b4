package dev.dmig.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/** The one JSON mapper of the executor, and the JSON comparisons Step Functions makes. */
final class JsonValues {
    /** Duplicate keys are an error, as they are for Step Functions' definition validator. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Numbers compare by value, so {@code 1} equals {@code 1.0} as it does in JSON. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonValues() {
    }

    static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(BY_VALUE, b);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static int utf8Size(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8).length;
    }
}
