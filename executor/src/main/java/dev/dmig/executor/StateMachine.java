package dev.dmig.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A state machine definition (Amazon States Language, JSONPath flavour) that has been parsed and
 * checked, so the {@link Executor} can run it exactly as Step Functions would. Parsing refuses,
 * with an {@link UnsupportedDefinitionException}, anything it could not run faithfully.
 */
public final class StateMachine {
    private static final String DEFAULT_NAME = "StateMachine";

    private final String name;
    private final StateGraph graph;
    private final Set<String> resources;

    private StateMachine(String name, StateGraph graph, Set<String> resources) {
        this.name = name;
        this.graph = graph;
        this.resources = resources;
    }

    /**
     * Parses {@code json}. {@code knownResources} are the Task resources that can run locally: a
     * {@code "${Name}"} placeholder is looked up as {@code Name}, any other resource as itself.
     */
    public static StateMachine parse(String json, Set<String> knownResources) {
        return parse(DEFAULT_NAME, json, knownResources);
    }

    /** As {@link #parse(String, Set)}, naming the machine as {@code $$.StateMachine.Name} shows it. */
    public static StateMachine parse(String name, String json, Set<String> knownResources) {
        JsonNode root;
        try {
            root = JsonValues.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UnsupportedDefinitionException("cannot run state machine: the definition is not valid JSON: "
                    + e.getOriginalMessage().replace('\n', ' '));
        }
        if (root == null || root.isMissingNode()) {
            throw new UnsupportedDefinitionException("cannot run state machine: the definition is empty");
        }
        DefinitionParser parser = new DefinitionParser(knownResources);
        StateGraph graph = parser.parse(root);
        return new StateMachine(name, graph, parser.usedResources());
    }

    public String name() {
        return name;
    }

    /** The Task resources the definition uses, by the names {@code knownResources} listed them. */
    public Set<String> resources() {
        return resources;
    }

    StateGraph graph() {
        return graph;
    }
}
