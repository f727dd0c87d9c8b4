package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled payload template ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector}):
 * literal JSON in which every field named {@code name.$} is replaced by field {@code name} holding
 * the value of a path, a context path or an intrinsic function.
 */
final class PayloadTemplate {
    private final Part root;

    private PayloadTemplate(Part root) {
        this.root = root;
    }

    /** Throws {@link IllegalArgumentException} with a reason when the template is malformed. */
    static PayloadTemplate compile(JsonNode template) {
        if (!template.isObject()) {
            throw new IllegalArgumentException("it must be a JSON object");
        }
        return new PayloadTemplate(compilePart(template));
    }

    JsonNode apply(JsonNode data, JsonNode context) {
        return root.apply(data, context);
    }

    /** True when some dynamic field reads the context object under the top-level field {@code root}. */
    boolean readsContext(String contextRoot) {
        return root.readsContext(contextRoot);
    }

    static StateFailure pathNotFound(DataPath path, String field, JsonNode data) {
        return new StateFailure(StateFailure.RUNTIME, "The JSONPath '" + path.text() + "' specified for the field '"
                + field + ".$' could not be found in the input '" + JsonValues.write(data) + "'");
    }

    private static Part compilePart(JsonNode node) {
        if (node.isObject()) {
            Map<String, Part> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                Part part;
                String name;
                if (key.endsWith(".$")) {
                    name = key.substring(0, key.length() - 2);
                    part = compileDynamic(name, entry.getValue());
                } else {
                    name = key;
                    part = compilePart(entry.getValue());
                }
                if (fields.put(name, part) != null) {
                    throw new IllegalArgumentException("fields '" + name + "' and '" + name + ".$' collide");
                }
            }
            return new ObjectPart(fields);
        }
        if (node.isArray()) {
            List<Part> elements = new ArrayList<>();
            node.forEach(element -> elements.add(compilePart(element)));
            return new ArrayPart(elements);
        }
        return new LiteralPart(node);
    }

    private static Part compileDynamic(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + name + ".$' must be a string holding a path or intrinsic function");
        }
        String text = value.textValue();
        if (Intrinsic.looksLikeCall(text)) {
            return new IntrinsicPart(name, Intrinsic.parse(text));
        }
        DataPath path = DataPath.parse(text);
        if (path.isContext()) {
            ContextObject.check(text);
        }
        return new PathPart(name, path);
    }

    private sealed interface Part {
        JsonNode apply(JsonNode data, JsonNode context);

        boolean readsContext(String contextRoot);
    }

    private record LiteralPart(JsonNode value) implements Part {
        @Override
        public JsonNode apply(JsonNode data, JsonNode context) {
            return value;
        }

        @Override
        public boolean readsContext(String contextRoot) {
            return false;
        }
    }

    private record PathPart(String field, DataPath path) implements Part {
        @Override
        public JsonNode apply(JsonNode data, JsonNode context) {
            return path.read(data, context).orElseThrow(() -> pathNotFound(path, field, path.isContext() ? context : data));
        }

        @Override
        public boolean readsContext(String contextRoot) {
            return path.isContext() && ContextObject.root(path.text()).equals(contextRoot);
        }
    }

    private record IntrinsicPart(String field, Intrinsic expression) implements Part {
        @Override
        public JsonNode apply(JsonNode data, JsonNode context) {
            return expression.evaluate(data, context, field);
        }

        @Override
        public boolean readsContext(String contextRoot) {
            return expression.readsContext(contextRoot);
        }
    }

    private record ObjectPart(Map<String, Part> fields) implements Part {
        @Override
        public JsonNode apply(JsonNode data, JsonNode context) {
            ObjectNode out = JsonValues.MAPPER.createObjectNode();
            fields.forEach((name, part) -> out.set(name, part.apply(data, context)));
            return out;
        }

        @Override
        public boolean readsContext(String contextRoot) {
            return fields.values().stream().anyMatch(part -> part.readsContext(contextRoot));
        }
    }

    private record ArrayPart(List<Part> elements) implements Part {
        @Override
        public JsonNode apply(JsonNode data, JsonNode context) {
            ArrayNode out = JsonValues.MAPPER.createArrayNode();
            elements.forEach(part -> out.add(part.apply(data, context)));
            return out;
        }

        @Override
        public boolean readsContext(String contextRoot) {
            return elements.stream().anyMatch(part -> part.readsContext(contextRoot));
        }
    }
}
