package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The intrinsic functions the executor implements, with the input validation Step Functions
 * documents. A violated rule is an {@link IntrinsicException}, reported as
 * {@code States.IntrinsicFailure}. {@code States.MathRandom} is absent on purpose: its range and
 * seeding are not documented precisely enough to reproduce.
 */
enum IntrinsicFunction {
    FORMAT("States.Format", 1, Integer.MAX_VALUE),
    STRING_TO_JSON("States.StringToJson", 1, 1),
    JSON_TO_STRING("States.JsonToString", 1, 1),
    ARRAY("States.Array", 0, Integer.MAX_VALUE),
    ARRAY_PARTITION("States.ArrayPartition", 2, 2),
    ARRAY_CONTAINS("States.ArrayContains", 2, 2),
    ARRAY_RANGE("States.ArrayRange", 3, 3),
    ARRAY_GET_ITEM("States.ArrayGetItem", 2, 2),
    ARRAY_LENGTH("States.ArrayLength", 1, 1),
    ARRAY_UNIQUE("States.ArrayUnique", 1, 1),
    BASE64_ENCODE("States.Base64Encode", 1, 1),
    BASE64_DECODE("States.Base64Decode", 1, 1),
    HASH("States.Hash", 2, 2),
    JSON_MERGE("States.JsonMerge", 3, 3),
    MATH_ADD("States.MathAdd", 2, 2),
    STRING_SPLIT("States.StringSplit", 2, 2),
    UUID_V4("States.UUID", 0, 0);

    private static final int MAX_ARRAY_RANGE = 1000;
    private static final int MAX_TEXT_CHARS = 10_000;
    private static final List<String> HASH_ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private final String aslName;
    private final int minArguments;
    private final int maxArguments;

    IntrinsicFunction(String aslName, int minArguments, int maxArguments) {
        this.aslName = aslName;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    String aslName() {
        return aslName;
    }

    static Optional<IntrinsicFunction> named(String name) {
        return Arrays.stream(values()).filter(f -> f.aslName.equals(name)).findFirst();
    }

    void checkArity(int count) {
        if (count < minArguments || count > maxArguments) {
            String expected = minArguments == maxArguments ? String.valueOf(minArguments)
                    : maxArguments == Integer.MAX_VALUE ? "at least " + minArguments
                    : minArguments + " to " + maxArguments;
            throw new IllegalArgumentException(aslName + " takes " + expected + " arguments, not " + count);
        }
    }

    /** Rejects at parse time what would certainly fail at run time. */
    void checkLiterals(Intrinsic.Call call) {
        List<Intrinsic> arguments = call.arguments();
        if (this == FORMAT && arguments.get(0) instanceof Intrinsic.Literal literal) {
            if (literal.template() == null) {
                throw new IllegalArgumentException(aslName + " needs a string template as its first argument");
            }
            if (literal.template().placeholders() != arguments.size() - 1) {
                throw new IllegalArgumentException(aslName + " template has " + literal.template().placeholders()
                        + " placeholders but " + (arguments.size() - 1) + " values follow it");
            }
        }
        if (this == JSON_MERGE && arguments.get(2) instanceof Intrinsic.Literal literal
                && !literal.value().equals(BooleanNode.FALSE)) {
            throw new IllegalArgumentException(aslName + " supports only shallow merging: its third argument must be false");
        }
    }

    JsonNode apply(List<JsonNode> args, Intrinsic.FormatTemplate literalTemplate) {
        return switch (this) {
            case FORMAT -> format(args, literalTemplate);
            case STRING_TO_JSON -> parseJson(text(args, 0));
            case JSON_TO_STRING -> TextNode.valueOf(JsonValues.write(args.get(0)));
            case ARRAY -> array(args);
            case ARRAY_PARTITION -> partition(array(args, 0), positiveInt(args, 1));
            case ARRAY_CONTAINS -> BooleanNode.valueOf(contains(array(args, 0), args.get(1)));
            case ARRAY_RANGE -> range(integer(args, 0), integer(args, 1), integer(args, 2));
            case ARRAY_GET_ITEM -> getItem(array(args, 0), integer(args, 1));
            case ARRAY_LENGTH -> IntNode.valueOf(array(args, 0).size());
            case ARRAY_UNIQUE -> unique(array(args, 0));
            case BASE64_ENCODE -> TextNode.valueOf(Base64.getEncoder()
                    .encodeToString(limited(text(args, 0)).getBytes(StandardCharsets.UTF_8)));
            case BASE64_DECODE -> TextNode.valueOf(base64Decode(limited(text(args, 0))));
            case HASH -> TextNode.valueOf(hash(limited(text(args, 0)), text(args, 1)));
            case JSON_MERGE -> merge(args);
            case MATH_ADD -> add(integer(args, 0), integer(args, 1));
            case STRING_SPLIT -> split(text(args, 0), text(args, 1));
            case UUID_V4 -> TextNode.valueOf(UUID.randomUUID().toString());
        };
    }

    private static JsonNode format(List<JsonNode> args, Intrinsic.FormatTemplate literalTemplate) {
        Intrinsic.FormatTemplate template = literalTemplate != null ? literalTemplate
                : Intrinsic.FormatTemplate.ofPlainText(text(args, 0));
        if (template.placeholders() != args.size() - 1) {
            throw new IntrinsicException("the template has " + template.placeholders()
                    + " placeholders but " + (args.size() - 1) + " values follow it");
        }
        StringBuilder out = new StringBuilder(template.texts().get(0));
        for (int i = 1; i < args.size(); i++) {
            JsonNode value = args.get(i);
            if (value.isContainerNode()) {
                throw new IntrinsicException("argument " + (i + 1) + " is an array or object, not a string, number, boolean or null");
            }
            out.append(value.isTextual() ? value.textValue() : value.toString());
            out.append(template.texts().get(i));
        }
        return TextNode.valueOf(out.toString());
    }

    private static JsonNode parseJson(String text) {
        try {
            JsonNode parsed = JsonValues.MAPPER.readTree(text);
            if (parsed == null || parsed.isMissingNode()) {
                throw new IntrinsicException("the string is empty, not JSON text");
            }
            return parsed;
        } catch (IOException e) {
            throw new IntrinsicException("the string is not JSON text");
        }
    }

    private static ArrayNode array(List<JsonNode> args) {
        ArrayNode out = JsonValues.MAPPER.createArrayNode();
        args.forEach(out::add);
        return out;
    }

    private static JsonNode partition(ArrayNode array, int size) {
        ArrayNode out = JsonValues.MAPPER.createArrayNode();
        for (int i = 0; i < array.size(); i += size) {
            ArrayNode chunk = out.addArray();
            for (int j = i; j < Math.min(i + size, array.size()); j++) {
                chunk.add(array.get(j));
            }
        }
        return out;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (JsonValues.sameValue(element, value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode range(long first, long last, long step) {
        if (step == 0) {
            throw new IntrinsicException("the step must not be zero");
        }
        long count = (last - first) / step + 1;
        if (count > MAX_ARRAY_RANGE) {
            throw new IntrinsicException("the range has " + count + " items, more than " + MAX_ARRAY_RANGE);
        }
        ArrayNode out = JsonValues.MAPPER.createArrayNode();
        for (long value = first; step > 0 ? value <= last : value >= last; value += step) {
            out.add(integerNode(value));
        }
        return out;
    }

    private static JsonNode getItem(ArrayNode array, long index) {
        if (index < 0 || index >= array.size()) {
            throw new IntrinsicException("index " + index + " is outside an array of " + array.size() + " items");
        }
        return array.get((int) index);
    }

    private static JsonNode unique(ArrayNode array) {
        ArrayNode out = JsonValues.MAPPER.createArrayNode();
        for (JsonNode element : array) {
            if (!contains(out, element)) {
                out.add(element);
            }
        }
        return out;
    }

    private static String base64Decode(String text) {
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IntrinsicException("the string is not Base64");
        }
    }

    private static String hash(String data, String algorithm) {
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw new IntrinsicException("the algorithm '" + algorithm + "' is not one of " + HASH_ALGORITHMS);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }

    private static JsonNode merge(List<JsonNode> args) {
        if (!args.get(0).isObject() || !args.get(1).isObject()) {
            throw new IntrinsicException("the first two arguments must be objects");
        }
        if (!args.get(2).equals(BooleanNode.FALSE)) {
            throw new IntrinsicException("only shallow merging is supported: the third argument must be false");
        }
        ObjectNode merged = ((ObjectNode) args.get(0)).deepCopy();
        merged.setAll((ObjectNode) args.get(1));
        return merged;
    }

    private static JsonNode add(long a, long b) {
        long sum;
        try {
            sum = Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new IntrinsicException("the sum overflows a 64-bit integer");
        }
        return integerNode(sum);
    }

    private static JsonNode integerNode(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    private static JsonNode split(String text, String delimiters) {
        ArrayNode out = JsonValues.MAPPER.createArrayNode();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (delimiters.indexOf(c) >= 0) {
                if (part.length() > 0) {
                    out.add(part.toString());
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (part.length() > 0) {
            out.add(part.toString());
        }
        return out;
    }

    private static String text(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isTextual()) {
            throw new IntrinsicException("argument " + (index + 1) + " must be a string, not " + JsonValues.write(value));
        }
        return value.textValue();
    }

    private static String limited(String text) {
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IntrinsicException("the string has " + text.length() + " characters, more than " + MAX_TEXT_CHARS);
        }
        return text;
    }

    private static ArrayNode array(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isArray()) {
            throw new IntrinsicException("argument " + (index + 1) + " must be an array, not " + JsonValues.write(value));
        }
        return (ArrayNode) value;
    }

    private static long integer(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IntrinsicException("argument " + (index + 1) + " must be an integer, not " + JsonValues.write(value));
        }
        return value.longValue();
    }

    private static int positiveInt(List<JsonNode> args, int index) {
        long value = integer(args, index);
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new IntrinsicException("argument " + (index + 1) + " must be a positive integer, not " + value);
        }
        return (int) value;
    }

    /** A documented input rule of an intrinsic function was broken. */
    static final class IntrinsicException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IntrinsicException(String message) {
            super(message, null, false, false);
        }
    }
}
