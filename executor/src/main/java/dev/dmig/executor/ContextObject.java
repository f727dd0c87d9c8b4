package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The context object ({@code $$}): the fields of it the executor provides, and the check that a
 * definition reads no other field, since a field Step Functions has and the executor lacks would
 * make a local run differ.
 */
public final class ContextObject {
    static final String ACCOUNT = "000000000000";
    static final String REGION = "local";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Fields by top-level object; a field in {@link #OPEN_FIELDS} may be read below as well. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Execution", Set.of("Id", "Input", "Name", "StartTime", "RedriveCount"),
            "State", Set.of("EnteredTime", "Name", "RetryCount"),
            "StateMachine", Set.of("Id", "Name"),
            "Map", Set.of("Item"));
    private static final Set<String> OPEN_FIELDS = Set.of("Execution.Input", "Map.Item");

    private ContextObject() {
    }

    /** Throws {@link IllegalArgumentException} when {@code path} reads a field the executor lacks. */
    static void check(String path) {
        List<Object> steps = StatePath.parse(path).steps();
        if (steps.isEmpty()) {
            return;
        }
        String root = String.valueOf(steps.get(0));
        Set<String> fields = FIELDS.get(root);
        boolean known = fields != null
                && (steps.size() < 2 || fields.contains(String.valueOf(steps.get(1))))
                && (steps.size() < 3 || OPEN_FIELDS.contains(root + "." + steps.get(1)));
        if (known && root.equals("Map") && steps.size() >= 3) {
            String item = String.valueOf(steps.get(2));
            known = (item.equals("Index") && steps.size() == 3) || item.equals("Value");
        }
        if (!known) {
            throw new IllegalArgumentException("the context object field '" + path
                    + "' is not provided by the local executor");
        }
    }

    /** The top-level context field a {@code $$} path reads, or "" for {@code $$} itself. */
    static String root(String path) {
        try {
            List<Object> steps = StatePath.parse(path).steps();
            return steps.isEmpty() ? "" : String.valueOf(steps.get(0));
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static String stateMachineArn(String stateMachineName) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + stateMachineName;
    }

    public static String executionArn(String stateMachineName, String executionName) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + stateMachineName + ":" + executionName;
    }

    /** The parts that stay the same for a whole execution. */
    record Fixed(ObjectNode execution, ObjectNode stateMachine) {
        static Fixed of(String stateMachineName, String executionName, JsonNode input, Instant startTime) {
            ObjectNode execution = JsonValues.MAPPER.createObjectNode();
            execution.put("Id", executionArn(stateMachineName, executionName));
            execution.set("Input", input);
            execution.put("Name", executionName);
            execution.put("StartTime", timestamp(startTime));
            execution.put("RedriveCount", 0);
            ObjectNode stateMachine = JsonValues.MAPPER.createObjectNode();
            stateMachine.put("Id", stateMachineArn(stateMachineName));
            stateMachine.put("Name", stateMachineName);
            return new Fixed(execution, stateMachine);
        }

        ObjectNode forState(String stateName, Instant enteredTime, int retryCount) {
            ObjectNode context = JsonValues.MAPPER.createObjectNode();
            context.set("Execution", execution);
            ObjectNode state = context.putObject("State");
            state.put("EnteredTime", timestamp(enteredTime));
            state.put("Name", stateName);
            state.put("RetryCount", retryCount);
            context.set("StateMachine", stateMachine);
            return context;
        }
    }

    static ObjectNode withMapItem(ObjectNode context, int index, JsonNode value) {
        // A shallow copy: the execution input it shares is never mutated.
        ObjectNode copy = JsonValues.MAPPER.createObjectNode();
        copy.setAll(context);
        ObjectNode item = copy.putObject("Map").putObject("Item");
        item.put("Index", index);
        item.set("Value", value);
        return copy;
    }
}
