package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The intrinsic functions dmig's state machine uses, with the input validation the Step Functions
 * developer guide documents for them ("Intrinsic functions for JSONPath states"). A violated rule is
 * an {@link IntrinsicException}, reported as {@code States.IntrinsicFailure}. Every other intrinsic
 * is refused when the definition is parsed.
 */
enum IntrinsicFunction {
    ARRAY_RANGE("States.ArrayRange", 3),
    MATH_ADD("States.MathAdd", 2);

    /** "The newly generated array can't contain more than 1000 items." */
    private static final int MAX_ARRAY_RANGE = 1000;
    private static final BigDecimal HALF = new BigDecimal("0.5");

    private final String aslName;
    private final int arguments;

    IntrinsicFunction(String aslName, int arguments) {
        this.aslName = aslName;
        this.arguments = arguments;
    }

    String aslName() {
        return aslName;
    }

    static Optional<IntrinsicFunction> named(String name) {
        return Arrays.stream(values()).filter(f -> f.aslName.equals(name)).findFirst();
    }

    /** The names of the implemented functions, for a refusal message. */
    static String names() {
        return Arrays.stream(values()).map(IntrinsicFunction::aslName).collect(Collectors.joining(" and "));
    }

    void checkArity(int count) {
        if (count != arguments) {
            throw new IllegalArgumentException(aslName + " takes " + arguments + " arguments, not " + count);
        }
    }

    JsonNode apply(List<JsonNode> args) {
        return switch (this) {
            case ARRAY_RANGE -> range(integer(args, 0), integer(args, 1), integer(args, 2));
            case MATH_ADD -> integerNode(int32(args, 0) + int32(args, 1));
        };
    }

    /** From {@code first} towards {@code last} by {@code step}; a step away from {@code last} gives no items. */
    private static JsonNode range(long first, long last, long step) {
        if (step == 0) {
            throw new IntrinsicException("the step must not be zero");
        }
        BigDecimal count = BigDecimal.valueOf(last).subtract(BigDecimal.valueOf(first))
                .divide(BigDecimal.valueOf(step), 0, RoundingMode.FLOOR).add(BigDecimal.ONE).max(BigDecimal.ZERO);
        if (count.compareTo(BigDecimal.valueOf(MAX_ARRAY_RANGE)) > 0) {
            throw new IntrinsicException("the range has " + count + " items, more than " + MAX_ARRAY_RANGE);
        }
        ArrayNode out = JsonValues.MAPPER.createArrayNode();
        for (int i = 0; i < count.intValue(); i++) {
            out.add(integerNode(first + i * step));
        }
        return out;
    }

    /** MathAdd's arguments: "integer values in the range of -2147483648 and 2147483647". */
    private static long int32(List<JsonNode> args, int index) {
        long value = integer(args, index);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IntrinsicException("argument " + (index + 1) + " is " + value + ", outside -2147483648 to 2147483647");
        }
        return value;
    }

    /**
     * An integer argument. "If you specify a non-integer value ..., Step Functions will round it off
     * to the nearest integer"; which way a value halfway between two integers goes is not
     * documented, so such a value fails rather than guess.
     */
    private static long integer(List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isNumber()) {
            throw new IntrinsicException("argument " + (index + 1) + " must be a number, not " + JsonValues.write(value));
        }
        BigDecimal number = value.decimalValue();
        if (number.remainder(BigDecimal.ONE).abs().compareTo(HALF) == 0) {
            throw new IntrinsicException("argument " + (index + 1) + " is " + number.toPlainString()
                    + ", halfway between two integers, and the rounding of a tie is not documented");
        }
        try {
            return number.setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new IntrinsicException("argument " + (index + 1) + " is " + number.toPlainString()
                    + ", larger than a 64-bit integer");
        }
    }

    private static JsonNode integerNode(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    /** A documented input rule of an intrinsic function was broken. */
    static final class IntrinsicException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IntrinsicException(String message) {
            super(message, null, false, false);
        }
    }
}
