package dev.dmig.feature.mask;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A table's {@code mask}: its rules, one per attribute path, in the plan's order. */
public record TableMask(List<MaskRule> rules) {
    public TableMask {
        rules = List.copyOf(rules);
    }

    /** The rules that change values (every rule but {@code keep}). */
    List<MaskRule> masking() {
        return rules.stream().filter(rule -> rule.kind().masks()).toList();
    }

    /** The top-level attributes the rules name, {@code keep}'s included: what the plan decided about. */
    Set<String> decided() {
        return rules.stream().map(rule -> rule.path().attribute()).collect(Collectors.toSet());
    }
}
