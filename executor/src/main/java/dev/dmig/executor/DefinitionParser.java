package dev.dmig.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a definition into {@link StateGraph}s, refusing anything malformed and anything the
 * executor cannot run exactly as Step Functions would. Every refusal is one
 * {@link UnsupportedDefinitionException} naming the state and the field.
 */
final class DefinitionParser {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");
    private static final String JSONPATH = "JSONPath";

    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> TASK_FIELDS = union(COMMON, Set.of("Resource", "Next", "End", "InputPath",
            "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "TimeoutSeconds"));
    private static final Set<String> PASS_FIELDS = union(COMMON, Set.of("Next", "End", "InputPath", "OutputPath",
            "Parameters", "Result", "ResultPath"));
    private static final Set<String> CHOICE_FIELDS = union(COMMON, Set.of("Choices", "Default", "InputPath",
            "OutputPath"));
    private static final Set<String> MAP_FIELDS = union(COMMON, Set.of("Next", "End", "InputPath", "OutputPath",
            "ItemsPath", "ItemReader", "ItemSelector", "ItemProcessor", "MaxConcurrency",
            "MaxConcurrencyPath", "ResultSelector", "ResultPath", "Retry", "Catch", "Label"));
    /** The names Map fields had before Distributed Map, by their current names. */
    private static final List<Map.Entry<String, String>> LEGACY_MAP_FIELDS = List.of(
            Map.entry("Iterator", "ItemProcessor"), Map.entry("Parameters", "ItemSelector"));
    private static final Set<String> SUCCEED_FIELDS = union(COMMON, Set.of("InputPath", "OutputPath"));
    private static final Set<String> FAIL_FIELDS = union(COMMON, Set.of("Error", "ErrorPath", "Cause", "CausePath"));
    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    /** The one ItemReader the executor implements: a JSON array in one S3 object. */
    static final String S3_GET_OBJECT = "arn:aws:states:::s3:getObject";
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");

    private final Set<String> knownResources;
    private final Set<String> stateNames = new HashSet<>();
    private final Set<String> usedResources = new TreeSet<>();

    DefinitionParser(Set<String> knownResources) {
        this.knownResources = Set.copyOf(knownResources);
    }

    Set<String> usedResources() {
        return Set.copyOf(usedResources);
    }

    StateGraph parse(JsonNode root) {
        String where = "the definition";
        if (!root.isObject()) {
            throw refuse(where, "is not a JSON object");
        }
        allowOnly(where, root, Set.of("StartAt", "States", "Comment", "Version", "QueryLanguage"));
        checkQueryLanguage(where, root);
        optionalString(where, root, "Comment");
        return graph(where, "", root, false);
    }

    /** One scope: the top level, or a Map's processor ({@code prefix} names its field). */
    private StateGraph graph(String where, String prefix, JsonNode node, boolean inDistributedChild) {
        String startAt = requiredString(where, node, prefix + "StartAt", "StartAt");
        JsonNode statesNode = node.get("States");
        if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            throw invalid(where, prefix + "States", "it must be a non-empty JSON object");
        }
        Map<String, State> states = new LinkedHashMap<>();
        List<Transition> transitions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : statesNode.properties()) {
            states.put(entry.getKey(), state(entry.getKey(), entry.getValue(), transitions, inDistributedChild));
        }
        if (!states.containsKey(startAt)) {
            throw refuse(where, "field '" + prefix + "StartAt' names state '" + startAt + "', which does not exist"
                    + (prefix.isEmpty() ? "" : " in this scope"));
        }
        for (Transition transition : transitions) {
            if (!states.containsKey(transition.target())) {
                throw refuse("state '" + transition.from() + "'", "field '" + transition.field() + "' names state '"
                        + transition.target() + "', which does not exist" + (prefix.isEmpty() ? "" : " in this scope"));
            }
        }
        checkReachable(startAt, states.keySet(), transitions);
        return new StateGraph(startAt, Map.copyOf(states));
    }

    private record Transition(String from, String field, String target) {
    }

    private static void checkReachable(String startAt, Set<String> names, List<Transition> transitions) {
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(startAt));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (reached.add(name)) {
                transitions.stream().filter(t -> t.from().equals(name)).forEach(t -> pending.push(t.target()));
            }
        }
        for (String name : names) {
            if (!reached.contains(name)) {
                throw refuse("state '" + name + "'", "is not reachable from 'StartAt'");
            }
        }
    }

    private State state(String name, JsonNode body, List<Transition> transitions, boolean inDistributedChild) {
        String where = "state '" + name + "'";
        if (!stateNames.add(name)) {
            throw refuse(where, "is defined more than once; state names must be unique in the whole state machine");
        }
        if (!body.isObject()) {
            throw refuse(where, "is not a JSON object");
        }
        String type = requiredString(where, body, "Type", "Type");
        checkQueryLanguage(where, body);
        optionalString(where, body, "Comment");
        Scope scope = new Scope(where, name, transitions, inDistributedChild);
        return switch (type) {
            case "Task" -> task(scope, body);
            case "Pass" -> pass(scope, body);
            case "Choice" -> choice(scope, body);
            case "Map" -> map(scope, body);
            case "Succeed" -> succeed(scope, body);
            case "Fail" -> fail(scope, body);
            // dmig's state machine waits only through Retry; a Wait state would be code no run exercises.
            case "Parallel", "Wait" -> throw refuse(where, "has Type '" + type + "', which the local executor does not support");
            default -> throw refuse(where, "has Type '" + type + "', which is not a state type");
        };
    }

    /** Where a state is being parsed, and where its transitions are collected. */
    private record Scope(String where, String name, List<Transition> transitions, boolean inDistributedChild) {
        String target(String field, String target) {
            transitions.add(new Transition(name, field, target));
            return target;
        }
    }

    private State task(Scope scope, JsonNode body) {
        String where = scope.where();
        allowOnly(where, body, TASK_FIELDS);
        String resource = requiredString(where, body, "Resource", "Resource");
        Matcher placeholder = PLACEHOLDER.matcher(resource);
        String key = placeholder.matches() ? placeholder.group(1) : resource;
        if (resource.startsWith("arn:aws:states:::")) {
            // Service integrations wrap input and output (Payload, StatusCode, ...); a plain
            // handler call would hand the next state different data.
            throw refuse(where, "field 'Resource' names the service integration '" + resource
                    + "', which the local executor does not support");
        }
        if (!knownResources.contains(key)) {
            throw refuse(where, "field 'Resource' names '" + resource + "', which no local task runner provides");
        }
        usedResources.add(key);
        Integer timeout = body.has("TimeoutSeconds") ? integer(where, body, "TimeoutSeconds", 1) : null;
        return new State.Task(scope.name(), resource, key, filter(scope, body, "InputPath"),
                template(scope, body, "Parameters", false), template(scope, body, "ResultSelector", false),
                resultPath(where, body.get("ResultPath"), body.has("ResultPath"), "ResultPath"),
                filter(scope, body, "OutputPath"), retriers(where, body), catchers(scope, body), timeout,
                transition(scope, body));
    }

    private State pass(Scope scope, JsonNode body) {
        String where = scope.where();
        allowOnly(where, body, PASS_FIELDS);
        return new State.Pass(scope.name(), filter(scope, body, "InputPath"), template(scope, body, "Parameters", false),
                body.get("Result"), resultPath(where, body.get("ResultPath"), body.has("ResultPath"), "ResultPath"),
                filter(scope, body, "OutputPath"), transition(scope, body));
    }

    private State choice(Scope scope, JsonNode body) {
        String where = scope.where();
        allowOnly(where, body, CHOICE_FIELDS);
        if (body.has("Next") || body.has("End")) {
            throw invalid(where, body.has("Next") ? "Next" : "End", "a Choice state transitions only through its rules");
        }
        JsonNode choices = body.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw invalid(where, "Choices", "it must be a non-empty array of rules");
        }
        List<ChoiceRule.Branch> branches = new ArrayList<>();
        for (JsonNode rule : choices) {
            String next = requiredString(where, rule, "Choices[" + branches.size() + "].Next", "Next");
            branches.add(new ChoiceRule.Branch(rule(scope, rule, true), scope.target("Choices.Next", next)));
        }
        String defaultNext = optionalString(where, body, "Default");
        if (defaultNext != null) {
            scope.target("Default", defaultNext);
        }
        return new State.Choice(scope.name(), filter(scope, body, "InputPath"), filter(scope, body, "OutputPath"),
                List.copyOf(branches), defaultNext);
    }

    private ChoiceRule rule(Scope scope, JsonNode rule, boolean topLevel) {
        String where = scope.where();
        if (!rule.isObject()) {
            throw invalid(where, "Choices", "every rule must be a JSON object");
        }
        List<String> operators = new ArrayList<>();
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (field.equals("Variable") || field.equals("Comment") || (topLevel && field.equals("Next"))) {
                continue;
            }
            if (field.equals("Next")) {
                throw invalid(where, "Next", "a rule nested in And, Or or Not must not have Next");
            }
            if (!field.equals("And") && !field.equals("Or") && !field.equals("Not") && operator(field) == null) {
                throw unsupportedField(where, field);
            }
            operators.add(field);
        }
        if (operators.size() != 1) {
            throw invalid(where, "Choices", "every rule needs exactly one of And, Or, Not or a comparison operator, not "
                    + operators);
        }
        String field = operators.get(0);
        if (field.equals("And") || field.equals("Or")) {
            rejectVariable(where, rule, field);
            JsonNode list = rule.get(field);
            if (!list.isArray() || list.isEmpty()) {
                throw invalid(where, field, "it must be a non-empty array of rules");
            }
            List<ChoiceRule> rules = new ArrayList<>();
            list.forEach(nested -> rules.add(rule(scope, nested, false)));
            return field.equals("And") ? new ChoiceRule.And(List.copyOf(rules)) : new ChoiceRule.Or(List.copyOf(rules));
        }
        if (field.equals("Not")) {
            rejectVariable(where, rule, field);
            return new ChoiceRule.Not(rule(scope, rule.get("Not"), false));
        }
        DataPath variable = referencePath(scope, rule, "Variable", false);
        if (variable == null) {
            throw invalid(where, field, "a comparison needs a Variable");
        }
        ChoiceRule.Operator operator = operator(field);
        JsonNode operand = rule.get(field);
        if (field.endsWith("Path") && operator.hasPathVariant()) {
            return new ChoiceRule.Comparison(variable, operator, null, referencePath(scope, rule, field, false));
        }
        if (!operator.acceptsLiteral(operand)) {
            throw invalid(where, field, "the value " + JsonValues.write(operand) + " is not a valid operand");
        }
        return new ChoiceRule.Comparison(variable, operator, operand, null);
    }

    private static ChoiceRule.Operator operator(String field) {
        ChoiceRule.Operator plain = ChoiceRule.Operator.named(field).orElse(null);
        if (plain != null) {
            return plain;
        }
        if (field.endsWith("Path")) {
            return ChoiceRule.Operator.named(field.substring(0, field.length() - 4))
                    .filter(ChoiceRule.Operator::hasPathVariant).orElse(null);
        }
        return null;
    }

    private static void rejectVariable(String where, JsonNode rule, String field) {
        if (rule.has("Variable")) {
            throw invalid(where, "Variable", "a rule with " + field + " compares no Variable");
        }
    }

    private State map(Scope scope, JsonNode body) {
        String where = scope.where();
        for (Map.Entry<String, String> legacy : LEGACY_MAP_FIELDS) {
            if (body.has(legacy.getKey())) {
                throw refuse(where, "uses field '" + legacy.getKey() + "', the legacy name of " + legacy.getValue()
                        + ", which the local executor does not support");
            }
        }
        allowOnly(where, body, MAP_FIELDS);
        optionalString(where, body, "Label");
        JsonNode processor = body.get("ItemProcessor");
        if (processor == null) {
            throw invalid(where, "ItemProcessor", "it is required");
        }
        if (!processor.isObject()) {
            throw invalid(where, "ItemProcessor", "it must be a JSON object");
        }
        allowOnly(where, processor, Set.of("StartAt", "States", "Comment", "ProcessorConfig"), "ItemProcessor.");
        boolean distributed = distributedMode(where, processor.get("ProcessorConfig"));
        checkQueryLanguage(where, processor);
        if (body.has("MaxConcurrency") && body.has("MaxConcurrencyPath")) {
            throw invalid(where, "MaxConcurrencyPath", "a Map state has MaxConcurrency or MaxConcurrencyPath, not both");
        }
        int maxConcurrency = body.has("MaxConcurrency") ? integer(where, body, "MaxConcurrency", 0) : 0;
        DataPath maxConcurrencyPath = referencePath(scope, body, "MaxConcurrencyPath", false);
        State.ItemReader itemReader = null;
        if (body.has("ItemReader")) {
            if (!distributed) {
                throw invalid(where, "ItemReader", "only a Map in DISTRIBUTED mode reads its items with an ItemReader");
            }
            if (body.has("ItemsPath")) {
                throw invalid(where, "ItemsPath", "a Map state takes its items from ItemsPath or from ItemReader, not both");
            }
            itemReader = itemReader(scope, body.get("ItemReader"));
        }
        DataPath itemsPath = body.has("ItemsPath") ? referencePath(scope, body, "ItemsPath", false) : DataPath.parse("$");
        StateGraph graph = graph(where, "ItemProcessor.", processor, scope.inDistributedChild() || distributed);
        return new State.Map(scope.name(), filter(scope, body, "InputPath"), itemsPath, itemReader,
                template(scope, body, "ItemSelector", true), graph, distributed, maxConcurrency, maxConcurrencyPath,
                template(scope, body, "ResultSelector", false),
                resultPath(where, body.get("ResultPath"), body.has("ResultPath"), "ResultPath"),
                filter(scope, body, "OutputPath"), retriers(where, body), catchers(scope, body), transition(scope, body));
    }

    /**
     * An S3 JSON-array reader; every other reader (CSV, JSONL, manifests, ListObjectsV2, ...) is
     * refused here, naming the field that asks for it.
     */
    private State.ItemReader itemReader(Scope scope, JsonNode reader) {
        String where = scope.where();
        if (!reader.isObject()) {
            throw invalid(where, "ItemReader", "it must be a JSON object");
        }
        allowOnly(where, reader, Set.of("Resource", "ReaderConfig", "Parameters"), "ItemReader.");
        String resource = requiredString(where, reader, "ItemReader.Resource", "Resource");
        if (!resource.equals(S3_GET_OBJECT)) {
            throw refuse(where, "uses field 'ItemReader.Resource' with value '" + resource
                    + "', which the local executor does not support (it reads JSON arrays with " + S3_GET_OBJECT + ")");
        }
        JsonNode config = reader.get("ReaderConfig");
        if (config == null || !config.isObject()) {
            throw invalid(where, "ItemReader.ReaderConfig", "it must be a JSON object with InputType JSON");
        }
        allowOnly(where, config, Set.of("InputType", "MaxItems", "MaxItemsPath"), "ItemReader.ReaderConfig.");
        String inputType = requiredString(where, config, "ItemReader.ReaderConfig.InputType", "InputType");
        if (!inputType.equals("JSON")) {
            throw refuse(where, "uses field 'ItemReader.ReaderConfig.InputType' with value '" + inputType
                    + "', which the local executor does not support (only JSON)");
        }
        if (config.has("MaxItems") && config.has("MaxItemsPath")) {
            throw invalid(where, "ItemReader.ReaderConfig.MaxItemsPath", "a reader has MaxItems or MaxItemsPath, not both");
        }
        int maxItems = config.has("MaxItems") ? integer(where, config, "MaxItems", 0) : 0;
        DataPath maxItemsPath = referencePath(scope, config, "MaxItemsPath", false);
        JsonNode parameters = reader.get("Parameters");
        if (parameters == null || !parameters.isObject()) {
            throw invalid(where, "ItemReader.Parameters", "it must be a JSON object with Bucket and Key");
        }
        allowOnly(where, parameters, Set.of("Bucket", "Bucket.$", "Key", "Key.$"), "ItemReader.Parameters.");
        for (String field : List.of("Bucket", "Key")) {
            if (parameters.has(field) == parameters.has(field + ".$")) {
                throw invalid(where, "ItemReader.Parameters." + field, "it needs exactly one of " + field + " and "
                        + field + ".$");
            }
        }
        PayloadTemplate template;
        try {
            template = PayloadTemplate.compile(parameters);
        } catch (Intrinsic.UnknownIntrinsicException e) {
            throw unknownIntrinsic(where, "ItemReader.Parameters", e);
        } catch (IllegalArgumentException e) {
            throw invalid(where, "ItemReader.Parameters", e.getMessage());
        }
        checkContextReads(scope, "ItemReader.Parameters", template::readsContext, false);
        return new State.ItemReader(template, maxItems, maxItemsPath);
    }

    private static boolean distributedMode(String where, JsonNode config) {
        if (config == null) {
            return false;
        }
        if (!config.isObject()) {
            throw invalid(where, "ItemProcessor.ProcessorConfig", "it must be a JSON object");
        }
        allowOnly(where, config, Set.of("Mode", "ExecutionType"), "ItemProcessor.ProcessorConfig.");
        String mode = optionalString(where, config, "Mode");
        String executionType = optionalString(where, config, "ExecutionType");
        if (mode == null || mode.equals("INLINE")) {
            if (executionType != null) {
                throw invalid(where, "ItemProcessor.ProcessorConfig.ExecutionType", "it applies only in DISTRIBUTED mode");
            }
            return false;
        }
        if (!mode.equals("DISTRIBUTED")) {
            throw invalid(where, "ItemProcessor.ProcessorConfig.Mode", "'" + mode + "' is not INLINE or DISTRIBUTED");
        }
        if (executionType == null) {
            throw invalid(where, "ItemProcessor.ProcessorConfig.ExecutionType", "it is required in DISTRIBUTED mode");
        }
        if (!executionType.equals("STANDARD")) {
            throw refuse(where, "uses field 'ItemProcessor.ProcessorConfig.ExecutionType' with value '" + executionType
                    + "', which the local executor does not support");
        }
        return true;
    }

    private State succeed(Scope scope, JsonNode body) {
        allowOnly(scope.where(), body, SUCCEED_FIELDS);
        return new State.Succeed(scope.name(), filter(scope, body, "InputPath"), filter(scope, body, "OutputPath"));
    }

    private State fail(Scope scope, JsonNode body) {
        String where = scope.where();
        allowOnly(where, body, FAIL_FIELDS);
        for (String field : List.of("Error", "Cause")) {
            if (body.has(field) && body.has(field + "Path")) {
                throw invalid(where, field + "Path", "a Fail state has " + field + " or " + field + "Path, not both");
            }
        }
        return new State.Fail(scope.name(), optionalString(where, body, "Error"), failPath(scope, body, "ErrorPath"),
                optionalString(where, body, "Cause"), failPath(scope, body, "CausePath"));
    }

    /** A Fail state's ErrorPath or CausePath: a path; the intrinsics the executor has return no string. */
    private DataPath failPath(Scope scope, JsonNode body, String field) {
        String text = optionalString(scope.where(), body, field);
        if (text != null && Intrinsic.looksLikeCall(text)) {
            throw refuse(scope.where(), "field '" + field + "' uses an intrinsic function, which the local executor "
                    + "does not support there (it reads a path)");
        }
        return referencePath(scope, body, field, false);
    }

    private String transition(Scope scope, JsonNode body) {
        String where = scope.where();
        boolean end = body.has("End");
        if (end && (!body.get("End").isBoolean() || !body.get("End").booleanValue())) {
            throw invalid(where, "End", "it must be true when present");
        }
        String next = optionalString(where, body, "Next");
        if (end == (next != null)) {
            throw invalid(where, end ? "Next" : "End", "a state needs exactly one of Next and End");
        }
        return next == null ? null : scope.target("Next", next);
    }

    private State.InputFilter filter(Scope scope, JsonNode body, String field) {
        if (!body.has(field)) {
            return State.InputFilter.identity(field);
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return new State.InputFilter(field, null);
        }
        if (!value.isTextual()) {
            throw invalid(scope.where(), field, "it must be a path string or null");
        }
        DataPath path = dataPath(scope.where(), field, value.textValue());
        checkContextReads(scope, field, root -> path.isContext() && ContextObject.root(path.text()).equals(root), false);
        return new State.InputFilter(field, path);
    }

    private DataPath referencePath(Scope scope, JsonNode body, String field, boolean mapItemAllowed) {
        String text = optionalString(scope.where(), body, field);
        if (text == null) {
            return null;
        }
        try {
            StatePath.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(scope.where(), field, e.getMessage());
        }
        DataPath path = dataPath(scope.where(), field, text);
        checkContextReads(scope, field, root -> path.isContext() && ContextObject.root(path.text()).equals(root),
                mapItemAllowed);
        return path;
    }

    private static DataPath dataPath(String where, String field, String text) {
        try {
            DataPath path = DataPath.parse(text);
            if (path.isContext()) {
                ContextObject.check(text);
            }
            return path;
        } catch (IllegalArgumentException e) {
            throw invalid(where, field, e.getMessage());
        }
    }

    private static State.ResultPathSpec resultPath(String where, JsonNode value, boolean present, String field) {
        if (!present) {
            return State.ResultPathSpec.WHOLE;
        }
        if (value.isNull()) {
            return new State.ResultPathSpec(null);
        }
        if (!value.isTextual()) {
            throw invalid(where, field, "it must be a reference path or null");
        }
        StatePath path;
        try {
            path = StatePath.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            throw invalid(where, field, e.getMessage());
        }
        if (path.context()) {
            throw invalid(where, field, "it cannot write to the context object");
        }
        if (path.hasIndexStep()) {
            throw refuse(where, "uses field '" + field + "' with an array index ('" + value.textValue()
                    + "'), which the local executor does not support");
        }
        return new State.ResultPathSpec(path);
    }

    private PayloadTemplate template(Scope scope, JsonNode body, String field, boolean mapItemAllowed) {
        JsonNode value = body.get(field);
        if (value == null) {
            return null;
        }
        PayloadTemplate template;
        try {
            template = PayloadTemplate.compile(value);
        } catch (Intrinsic.UnknownIntrinsicException e) {
            throw unknownIntrinsic(scope.where(), field, e);
        } catch (IllegalArgumentException e) {
            throw invalid(scope.where(), field, e.getMessage());
        }
        checkContextReads(scope, field, template::readsContext, mapItemAllowed);
        return template;
    }

    private static UnsupportedDefinitionException unknownIntrinsic(String where, String field,
                                                                   Intrinsic.UnknownIntrinsicException e) {
        return refuse(where, "field '" + field + "' uses intrinsic function '" + e.name()
                + "', which the local executor does not support (it runs " + IntrinsicFunction.names() + ")");
    }

    /**
     * {@code $$.Map} exists only while a Map state selects an item; inside a distributed map's
     * child execution {@code $$.Execution} and {@code $$.StateMachine} describe that child, which
     * the executor does not model.
     */
    private static void checkContextReads(Scope scope, String field, Predicate<String> readsRoot,
                                          boolean mapItemAllowed) {
        if (!mapItemAllowed && readsRoot.test("Map")) {
            throw invalid(scope.where(), field, "'$$.Map' can only be read in a Map state's ItemSelector");
        }
        if (scope.inDistributedChild()) {
            for (String root : List.of("Execution", "StateMachine")) {
                if (readsRoot.test(root)) {
                    throw refuse(scope.where(), "field '" + field + "' reads '$$." + root
                            + "' inside a distributed Map's child execution, which the local executor does not support");
                }
            }
        }
    }

    private static List<State.Retrier> retriers(String where, JsonNode body) {
        JsonNode list = body.get("Retry");
        if (list == null) {
            return List.of();
        }
        List<State.Retrier> retriers = new ArrayList<>();
        List<List<String>> errorLists = new ArrayList<>();
        for (JsonNode retrier : array(where, list, "Retry")) {
            allowOnly(where, retrier, RETRIER_FIELDS, "Retry.");
            List<String> errors = errorEquals(where, retrier, "Retry");
            errorLists.add(errors);
            double backoff = 2.0;
            if (retrier.has("BackoffRate")) {
                JsonNode rate = retrier.get("BackoffRate");
                if (!rate.isNumber() || rate.doubleValue() < 1.0) {
                    throw invalid(where, "Retry.BackoffRate", "it must be a number of at least 1.0");
                }
                backoff = rate.doubleValue();
            }
            String jitter = optionalString(where, retrier, "JitterStrategy");
            if (jitter != null && !jitter.equals("FULL") && !jitter.equals("NONE")) {
                throw invalid(where, "Retry.JitterStrategy", "'" + jitter + "' is not FULL or NONE");
            }
            retriers.add(new State.Retrier(errors,
                    retrier.has("IntervalSeconds") ? integer(where, retrier, "IntervalSeconds", 1) : 1,
                    retrier.has("MaxAttempts") ? integer(where, retrier, "MaxAttempts", 0) : 3,
                    backoff,
                    retrier.has("MaxDelaySeconds") ? integer(where, retrier, "MaxDelaySeconds", 1) : null,
                    "FULL".equals(jitter)));
        }
        checkAllIsLast(where, "Retry", errorLists);
        return List.copyOf(retriers);
    }

    private static List<State.Catcher> catchers(Scope scope, JsonNode body) {
        String where = scope.where();
        JsonNode list = body.get("Catch");
        if (list == null) {
            return List.of();
        }
        List<State.Catcher> catchers = new ArrayList<>();
        List<List<String>> errorLists = new ArrayList<>();
        for (JsonNode catcher : array(where, list, "Catch")) {
            allowOnly(where, catcher, CATCHER_FIELDS, "Catch.");
            List<String> errors = errorEquals(where, catcher, "Catch");
            errorLists.add(errors);
            String next = scope.target("Catch.Next", requiredString(where, catcher, "Catch.Next", "Next"));
            catchers.add(new State.Catcher(errors, next,
                    resultPath(where, catcher.get("ResultPath"), catcher.has("ResultPath"), "Catch.ResultPath")));
        }
        checkAllIsLast(where, "Catch", errorLists);
        return List.copyOf(catchers);
    }

    private static List<String> errorEquals(String where, JsonNode node, String field) {
        JsonNode list = node.get("ErrorEquals");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw invalid(where, field + ".ErrorEquals", "it must be a non-empty array of error names");
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode error : list) {
            if (!error.isTextual()) {
                throw invalid(where, field + ".ErrorEquals", "every error name must be a string");
            }
            if (StateFailure.isTerminal(error.textValue())) {
                throw refuse(where, "field '" + field + ".ErrorEquals' names '" + error.textValue()
                        + "', a terminal error the local executor never lets a " + field.toLowerCase(java.util.Locale.ROOT) + "er handle");
            }
            errors.add(error.textValue());
        }
        return List.copyOf(errors);
    }

    private static void checkAllIsLast(String where, String field, List<List<String>> errorLists) {
        for (int i = 0; i < errorLists.size(); i++) {
            List<String> errors = errorLists.get(i);
            if (errors.contains(StateFailure.ALL) && (errors.size() > 1 || i != errorLists.size() - 1)) {
                throw invalid(where, field, "States.ALL must appear alone in ErrorEquals and only in the last "
                        + (field.equals("Retry") ? "retrier" : "catcher"));
            }
        }
    }

    private static Iterable<JsonNode> array(String where, JsonNode node, String field) {
        if (!node.isArray()) {
            throw invalid(where, field, "it must be an array");
        }
        for (JsonNode element : node) {
            if (!element.isObject()) {
                throw invalid(where, field, "every element must be a JSON object");
            }
        }
        return node;
    }

    private static void checkQueryLanguage(String where, JsonNode node) {
        JsonNode language = node.get("QueryLanguage");
        if (language != null && !(language.isTextual() && language.textValue().equals(JSONPATH))) {
            throw refuse(where, "uses field 'QueryLanguage' with value " + (language.isTextual()
                    ? "'" + language.textValue() + "'" : JsonValues.write(language))
                    + ", which the local executor does not support");
        }
    }

    private static void allowOnly(String where, JsonNode node, Set<String> allowed) {
        allowOnly(where, node, allowed, "");
    }

    private static void allowOnly(String where, JsonNode node, Set<String> allowed, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!allowed.contains(field)) {
                throw unsupportedField(where, prefix + field);
            }
        }
    }

    private static String requiredString(String where, JsonNode node, String label, String field) {
        String value = optionalString(where, node, field, label);
        if (value == null) {
            throw invalid(where, label, "it is required");
        }
        return value;
    }

    private static String optionalString(String where, JsonNode node, String field) {
        return optionalString(where, node, field, field);
    }

    private static String optionalString(String where, JsonNode node, String field, String label) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(where, label, "it must be a string");
        }
        return value.textValue();
    }

    private static int integer(String where, JsonNode node, String field, int min) {
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min) {
            throw invalid(where, field, "it must be an integer of at least " + min);
        }
        return value.intValue();
    }

    private static UnsupportedDefinitionException unsupportedField(String where, String field) {
        return refuse(where, "uses field '" + field + "', which the local executor does not support");
    }

    private static UnsupportedDefinitionException invalid(String where, String field, String reason) {
        return refuse(where, "field '" + field + "' is invalid: " + reason);
    }

    private static UnsupportedDefinitionException refuse(String where, String what) {
        // One line, whatever a JSONPath parser put into a reason.
        return new UnsupportedDefinitionException(("cannot run state machine: " + where + " " + what)
                .replaceAll("\\s*\\R\\s*", " "));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
