package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One state of a parsed, checked definition. */
sealed interface State {

    String name();

    /** The ASL {@code Type}, as history records show it. */
    String type();

    record Task(String name, String resource, String resourceKey, InputFilter inputPath,
                PayloadTemplate parameters, PayloadTemplate resultSelector, ResultPathSpec resultPath,
                InputFilter outputPath, List<Retrier> retriers, List<Catcher> catchers,
                Integer timeoutSeconds, String next) implements State {
        @Override
        public String type() {
            return "Task";
        }
    }

    record Pass(String name, InputFilter inputPath, PayloadTemplate parameters, JsonNode result,
                ResultPathSpec resultPath, InputFilter outputPath, String next) implements State {
        @Override
        public String type() {
            return "Pass";
        }
    }

    record Choice(String name, InputFilter inputPath, InputFilter outputPath, List<ChoiceRule.Branch> choices,
                  String defaultNext) implements State {
        @Override
        public String type() {
            return "Choice";
        }
    }

    /**
     * A Map state. {@code maxConcurrency} 0 means unlimited; {@code maxConcurrencyPath}, when set,
     * replaces it with a number read from the input. Items come from {@code itemsPath}, or from an
     * S3 object when {@code itemReader} is set. A distributed map runs its iterations like an inline
     * one but reports a failed iteration the way a Map Run does.
     */
    record Map(String name, InputFilter inputPath, DataPath itemsPath, ItemReader itemReader,
               PayloadTemplate itemSelector, StateGraph processor, boolean distributed, int maxConcurrency,
               DataPath maxConcurrencyPath, PayloadTemplate resultSelector, ResultPathSpec resultPath,
               InputFilter outputPath, List<Retrier> retriers, List<Catcher> catchers, String next) implements State {
        @Override
        public String type() {
            return "Map";
        }
    }

    /**
     * A Distributed Map's {@code ItemReader} for one JSON array in S3 ({@code s3:getObject} with
     * {@code InputType: JSON}): {@code parameters} select the Bucket and Key; at most {@code maxItems}
     * items (0: all), or as many as {@code maxItemsPath} selects.
     */
    record ItemReader(PayloadTemplate parameters, int maxItems, DataPath maxItemsPath) {
    }

    record Succeed(String name, InputFilter inputPath, InputFilter outputPath) implements State {
        @Override
        public String type() {
            return "Succeed";
        }
    }

    /** A Fail state; {@code errorPath} and {@code causePath}, when set, select the error and cause. */
    record Fail(String name, String error, DataPath errorPath, String cause, DataPath causePath) implements State {
        @Override
        public String type() {
            return "Fail";
        }
    }

    /** {@code InputPath} or {@code OutputPath}: a path, or JSON null, which selects {@code {}}. */
    record InputFilter(String field, DataPath path) {
        static InputFilter identity(String field) {
            return new InputFilter(field, DataPath.parse("$"));
        }

        JsonNode apply(JsonNode data, JsonNode context) {
            if (path == null) {
                return JsonValues.MAPPER.createObjectNode();
            }
            return path.readRequired(data, context);
        }
    }

    /** {@code ResultPath}: where the result goes in the state input; JSON null discards the result. */
    record ResultPathSpec(StatePath path) {
        static final ResultPathSpec WHOLE = new ResultPathSpec(StatePath.parse("$"));

        JsonNode combine(JsonNode input, JsonNode result) {
            return path == null ? input : path.writeInto(input, result);
        }
    }

    /** A retrier; {@code maxDelaySeconds} is null when unset. */
    record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                   Integer maxDelaySeconds, boolean fullJitter) {
    }

    record Catcher(List<String> errorEquals, String next, ResultPathSpec resultPath) {
    }

    /**
     * Whether an {@code ErrorEquals} list matches {@code error}. {@code States.ALL} matches every
     * error and {@code States.TaskFailed} every error except {@code States.Timeout}; neither matches
     * the terminal errors, which nothing may handle.
     */
    static boolean matches(List<String> errorEquals, String error) {
        if (StateFailure.isTerminal(error)) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(StateFailure.ALL) || name.equals(error)
                    || (name.equals(StateFailure.TASK_FAILED) && !StateFailure.TIMEOUT.equals(error))) {
                return true;
            }
        }
        return false;
    }
}
