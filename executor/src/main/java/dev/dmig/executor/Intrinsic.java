package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed intrinsic function expression such as {@code States.MathAdd($.count, -1)}, or one of its
 * arguments: a literal, a JSONPath, or a nested call.
 */
sealed interface Intrinsic {
    /** The most intrinsic functions Step Functions allows nested in one field. */
    int MAX_NESTING = 10;

    JsonNode evaluate(JsonNode data, JsonNode context, String field);

    /** True when the expression reads the context object under the top-level field {@code root}. */
    boolean readsContext(String root);

    record Literal(JsonNode value) implements Intrinsic {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context, String field) {
            return value;
        }

        @Override
        public boolean readsContext(String prefix) {
            return false;
        }
    }

    record PathArgument(DataPath path) implements Intrinsic {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context, String field) {
            return path.read(data, context).orElseThrow(() -> PayloadTemplate.pathNotFound(path, field, data));
        }

        @Override
        public boolean readsContext(String prefix) {
            return path.isContext() && ContextObject.root(path.text()).equals(prefix);
        }
    }

    record Call(IntrinsicFunction function, List<Intrinsic> arguments) implements Intrinsic {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context, String field) {
            List<JsonNode> values = new ArrayList<>(arguments.size());
            for (Intrinsic argument : arguments) {
                values.add(argument.evaluate(data, context, field));
            }
            try {
                return function.apply(values);
            } catch (IntrinsicFunction.IntrinsicException e) {
                throw new StateFailure(StateFailure.INTRINSIC_FAILURE,
                        "Invalid arguments in " + function.aslName() + " for field '" + field + ".$': "
                                + e.getMessage());
            }
        }

        @Override
        public boolean readsContext(String prefix) {
            return arguments.stream().anyMatch(argument -> argument.readsContext(prefix));
        }
    }

    /** Parses {@code text}, throwing {@link IllegalArgumentException} with a reason on bad syntax. */
    static Intrinsic parse(String text) {
        IntrinsicParser parser = new IntrinsicParser(text);
        Intrinsic expression = parser.expression(0);
        parser.expectEnd();
        if (!(expression instanceof Call)) {
            throw new IllegalArgumentException("'" + text + "' is not an intrinsic function call");
        }
        return expression;
    }

    static boolean looksLikeCall(String text) {
        return text.startsWith("States.");
    }

    /** Recursive-descent parser for the intrinsic function grammar. */
    final class IntrinsicParser {
        private final String text;
        private int pos;

        IntrinsicParser(String text) {
            this.text = text;
        }

        Intrinsic expression(int depth) {
            skipSpaces();
            if (pos >= text.length()) {
                throw error("an argument is missing");
            }
            char c = text.charAt(pos);
            if (c == '\'') {
                return stringLiteral();
            }
            if (c == '$') {
                return path();
            }
            if (text.startsWith("States.", pos)) {
                return call(depth + 1);
            }
            return scalarLiteral();
        }

        private Intrinsic call(int depth) {
            if (depth > MAX_NESTING) {
                throw error("more than " + MAX_NESTING + " intrinsic functions are nested");
            }
            int open = text.indexOf('(', pos);
            if (open < 0) {
                throw error("'(' expected after the function name");
            }
            String name = text.substring(pos, open).trim();
            IntrinsicFunction function = IntrinsicFunction.named(name)
                    .orElseThrow(() -> new UnknownIntrinsicException(name));
            pos = open + 1;
            List<Intrinsic> arguments = new ArrayList<>();
            skipSpaces();
            if (peek() == ')') {
                pos++;
            } else {
                while (true) {
                    arguments.add(expression(depth));
                    skipSpaces();
                    char c = peek();
                    pos++;
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw error("',' or ')' expected");
                    }
                }
            }
            function.checkArity(arguments.size());
            return new Call(function, List.copyOf(arguments));
        }

        private Intrinsic stringLiteral() {
            pos++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("a string literal is not closed");
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    break;
                }
                if (c == '\\') {
                    if (pos >= text.length()) {
                        throw error("an escape backslash is not followed by a character");
                    }
                    char escaped = text.charAt(pos++);
                    if (escaped != '\'' && escaped != '{' && escaped != '}' && escaped != '\\') {
                        throw error("'\\" + escaped + "' is not an escape sequence");
                    }
                    value.append(escaped);
                } else {
                    value.append(c);
                }
            }
            return new Literal(TextNode.valueOf(value.toString()));
        }

        private Intrinsic path() {
            int start = pos;
            int depth = 0;
            Character quote = null;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (quote != null) {
                    if (c == quote) {
                        quote = null;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                pos++;
            }
            String pathText = text.substring(start, pos).trim();
            DataPath path = DataPath.parse(pathText);
            if (path.isContext()) {
                ContextObject.check(pathText);
            }
            return new PathArgument(path);
        }

        private Intrinsic scalarLiteral() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
                pos++;
            }
            String token = text.substring(start, pos).trim();
            if (token.equals("true") || token.equals("false") || token.equals("null")
                    || token.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
                try {
                    return new Literal(JsonValues.MAPPER.readTree(token));
                } catch (java.io.IOException e) {
                    throw error("'" + token + "' is not a literal");
                }
            }
            throw error("'" + token + "' is not a literal, path or intrinsic function");
        }

        void expectEnd() {
            skipSpaces();
            if (pos != text.length()) {
                throw error("unexpected text after the expression");
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String reason) {
            return new IllegalArgumentException("'" + text + "' is not a valid intrinsic function: " + reason);
        }
    }

    /** An intrinsic function name the executor does not implement. */
    final class UnknownIntrinsicException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String name;

        UnknownIntrinsicException(String name) {
            super("unknown intrinsic function " + name);
            this.name = name;
        }

        String name() {
            return name;
        }
    }
}
