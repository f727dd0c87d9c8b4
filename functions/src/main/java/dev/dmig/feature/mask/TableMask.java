package dev.dmig.feature.mask;

import java.util.List;

/** A table's {@code mask}: its rules, one per attribute path, in the plan's order. */
public record TableMask(List<MaskRule> rules) {
    public TableMask {
        rules = List.copyOf(rules);
    }

    /**
     * The rules that change whole values (every rule but {@code keep} and a composite value's): whose values, masked, never
     * equal the source's.
     */
    List<MaskRule> masking() {
        return rules.stream().filter(rule -> rule.parts() == null && rule.kind().masks()).toList();
    }

    /** The rules that mask parts of composite values ({@code USER#<email>}): a value a kept pattern takes stays as it is. */
    List<MaskRule> composites() {
        return rules.stream().filter(rule -> rule.parts() != null).toList();
    }

    /** The rules that change values, whole or in parts, as the run applies them. */
    List<MaskRule> changing() {
        return rules.stream().filter(rule -> rule.parts() != null || rule.kind().masks()).toList();
    }
}
