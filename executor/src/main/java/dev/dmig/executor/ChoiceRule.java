package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/** A Choice rule: a comparison on one variable, or {@code And}, {@code Or}, {@code Not} of rules. */
sealed interface ChoiceRule {

    boolean matches(JsonNode data, JsonNode context);

    /** A top-level rule with the state it leads to. */
    record Branch(ChoiceRule rule, String next) {
    }

    record And(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode data, JsonNode context) {
            return rules.stream().allMatch(rule -> rule.matches(data, context));
        }
    }

    record Or(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode data, JsonNode context) {
            return rules.stream().anyMatch(rule -> rule.matches(data, context));
        }
    }

    record Not(ChoiceRule rule) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode data, JsonNode context) {
            return !rule.matches(data, context);
        }
    }

    /**
     * {@code Variable} compared by one operator to a literal or, for {@code ...Path} operators, to
     * the value at another path. A value of the wrong type makes the comparison false, as in ASL;
     * a missing variable is a {@code States.Runtime} error except for {@code IsPresent}.
     */
    record Comparison(DataPath variable, Operator operator, JsonNode literal, DataPath operandPath)
            implements ChoiceRule {
        @Override
        public boolean matches(JsonNode data, JsonNode context) {
            Optional<JsonNode> value = variable.read(data, context);
            if (operator == Operator.IS_PRESENT) {
                return value.isPresent() == literal.booleanValue();
            }
            if (value.isEmpty()) {
                throw invalidPath(variable);
            }
            JsonNode operand = operandPath == null ? literal
                    : operandPath.read(data, context).orElseThrow(() -> invalidPath(operandPath));
            return operator.test(value.get(), operand);
        }

        private static StateFailure invalidPath(DataPath path) {
            return new StateFailure(StateFailure.RUNTIME, "Invalid path '" + path.text()
                    + "': The choice state's condition path references an invalid value.");
        }
    }

    /** The comparison operators the executor implements; the {@code Timestamp} family is refused. */
    enum Operator {
        STRING_EQUALS("StringEquals", Kind.STRING, c -> c == 0),
        STRING_LESS_THAN("StringLessThan", Kind.STRING, c -> c < 0),
        STRING_GREATER_THAN("StringGreaterThan", Kind.STRING, c -> c > 0),
        STRING_LESS_THAN_EQUALS("StringLessThanEquals", Kind.STRING, c -> c <= 0),
        STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Kind.STRING, c -> c >= 0),
        STRING_MATCHES("StringMatches", Kind.PATTERN, null),
        NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC, c -> c == 0),
        NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC, c -> c < 0),
        NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC, c -> c > 0),
        NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC, c -> c <= 0),
        NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC, c -> c >= 0),
        BOOLEAN_EQUALS("BooleanEquals", Kind.BOOLEAN, c -> c == 0),
        IS_PRESENT("IsPresent", Kind.TYPE_TEST, null),
        IS_NULL("IsNull", Kind.TYPE_TEST, null),
        IS_STRING("IsString", Kind.TYPE_TEST, null),
        IS_NUMERIC("IsNumeric", Kind.TYPE_TEST, null),
        IS_BOOLEAN("IsBoolean", Kind.TYPE_TEST, null);

        enum Kind { STRING, PATTERN, NUMERIC, BOOLEAN, TYPE_TEST }

        private final String aslName;
        private final Kind kind;
        @SuppressWarnings("ImmutableEnumChecker") // each is a stateless lambda
        private final IntPredicate onComparison;

        Operator(String aslName, Kind kind, IntPredicate onComparison) {
            this.aslName = aslName;
            this.kind = kind;
            this.onComparison = onComparison;
        }

        String aslName() {
            return aslName;
        }

        Kind kind() {
            return kind;
        }

        /** {@code ...Path} variants exist for the comparing operators, not for type tests or patterns. */
        boolean hasPathVariant() {
            return kind == Kind.STRING || kind == Kind.NUMERIC || kind == Kind.BOOLEAN;
        }

        static Optional<Operator> named(String name) {
            return Arrays.stream(values()).filter(o -> o.aslName.equals(name)).findFirst();
        }

        /** Whether {@code literal} is a valid right-hand side for this operator. */
        boolean acceptsLiteral(JsonNode literal) {
            return switch (kind) {
                case STRING, PATTERN -> literal.isTextual();
                case NUMERIC -> literal.isNumber();
                case BOOLEAN, TYPE_TEST -> literal.isBoolean();
            };
        }

        boolean test(JsonNode value, JsonNode operand) {
            return switch (kind) {
                case STRING -> value.isTextual() && operand.isTextual()
                        && onComparison.test(Integer.signum(value.textValue().compareTo(operand.textValue())));
                case PATTERN -> value.isTextual() && wildcard(operand.textValue()).matcher(value.textValue()).matches();
                case NUMERIC -> value.isNumber() && operand.isNumber()
                        && onComparison.test(value.decimalValue().compareTo(operand.decimalValue()));
                case BOOLEAN -> value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
                case TYPE_TEST -> typeTest(value) == operand.booleanValue();
            };
        }

        private boolean typeTest(JsonNode value) {
            return switch (this) {
                case IS_NULL -> value.isNull();
                case IS_STRING -> value.isTextual();
                case IS_NUMERIC -> value.isNumber();
                case IS_BOOLEAN -> value.isBoolean();
                default -> throw new IllegalStateException(aslName + " is not a type test");
            };
        }

        /** ASL patterns: {@code *} matches any text; {@code \*} and {@code \\} are literal. */
        static Pattern wildcard(String pattern) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length()
                        && (pattern.charAt(i + 1) == '*' || pattern.charAt(i + 1) == '\\')) {
                    literal.append(pattern.charAt(++i));
                } else if (c == '*') {
                    regex.append(Pattern.quote(literal.toString())).append(".*");
                    literal.setLength(0);
                } else {
                    literal.append(c);
                }
            }
            regex.append(Pattern.quote(literal.toString()));
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }
}
