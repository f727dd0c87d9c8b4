package dev.dmig.feature.mask;

import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a table's masking may not touch, checked against its plan: its ID attribute and its references (whole values,
 * patterns and files), which must stay intact for the records to resolve; and a {@code unique} attribute, which only a
 * kind that keeps values apart may mask. Its key attributes, known from the live table, are {@link MaskCheck}'s.
 */
final class MaskRules {
    private MaskRules() {}

    static void check(TablePlan table, List<Problem> problems) {
        TableMask mask = table.feature(TableMask.class);
        if (mask == null) {
            return;
        }
        Map<ReferencePath, String> references = references(table);
        for (MaskRule rule : mask.masking()) {
            String path = rule.path().text();
            if (rule.path().attribute().equals(table.idAttribute())) {
                problems.add(Problem.attribute(table.model(), path, "is the table's ID attribute, which the run maps to new IDs"
                        + " and references name: it cannot be masked; remove it from mask"));
                continue;
            }
            references.entrySet().stream().filter(reference -> MaskSection.overlap(reference.getKey(), rule.path())).findFirst()
                    .ifPresent(reference -> problems.add(Problem.attribute(table.model(), path, "is " + reference.getValue()
                            + " at " + reference.getKey().text() + ", which must stay intact for the records to resolve:"
                            + " it cannot be masked; remove it from mask")));
            String target = table.rename().getOrDefault(rule.path().attribute(), rule.path().attribute());
            if (table.unique().contains(target) && !rule.kind().keepsValuesApart()) {
                problems.add(Problem.attribute(table.model(), path, "is unique, and mask " + rule.kind().planName() + " can give"
                        + " two source values one masked value: mask it as \"email\" or \"username\" (whose values stay apart) or \"remove\","
                        + " or take it out of unique"));
            }
        }
    }

    /** The table's references by path, each said as what it is. */
    private static Map<ReferencePath, String> references(TablePlan table) {
        Map<ReferencePath, String> all = new LinkedHashMap<>();
        table.references().forEach((path, model) -> all.put(path, "a reference to " + model));
        table.mappings().keySet().forEach(path -> all.putIfAbsent(path, "a reference by pattern"));
        table.files().keySet().forEach(path -> all.putIfAbsent(path, "a file reference"));
        return all;
    }
}
