package dev.dmig.migrate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One step of mapping a source item to its target item, a feature's own (the table's ID, references, patterns, file keys,
 * edits, and every feature's: {@code dev.dmig.Feature}). {@link ItemTransformer} runs a table's steps in order over each item; what a step needs
 * (the table's plan, the ID function, the run's mappings) it is given when it is made, once per table.
 */
public interface Rewrite {
    /**
     * Rewrites {@code item}, the target item so far, in place. {@code source} is the source item, read only: problems name
     * its key, and a step may look at what it held before the steps ahead changed it.
     */
    void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item);

    /**
     * The top-level attributes whose values this step may change, add or remove, by their names before the plan's renames:
     * every other attribute of the item is the source's, as validation checks ({@link ItemTransformer#claims}).
     */
    Set<String> claims();

    /**
     * {@code item}, a target item this step wrote, without what this step writes differently from one run to the next (a
     * time the run stamps): what two runs that map the same source item write alike. As it is by default.
     */
    default Map<String, AttributeValue> alike(Map<String, AttributeValue> item) {
        return item;
    }

    /** A feature's rewrites of a table, added to its chain (none when the table's plan does not use the feature). */
    @FunctionalInterface
    public interface Feature {
        void addTo(List<Rewrite> chain, RewriteParts parts);
    }
}
