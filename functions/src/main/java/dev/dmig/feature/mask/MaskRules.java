package dev.dmig.feature.mask;

import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.PairsWithTarget;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a table's masking may not touch, checked against its plan: its ID attribute, but where the table preserves its
 * IDs and the kind keeps values apart (then its IDs are masked, and every reference to them alike: {@link MaskedIds});
 * its references (whole values, patterns' mapped placeholders and files), which must stay intact for the records to
 * resolve; a composite value's parts, by the patterns its references give it ({@link MaskedReferences}); and a {@code
 * unique} or {@code match.on} attribute, which only a kind that keeps values apart may mask. Its key attributes, known
 * from the live table, are {@link MaskedKeys}'.
 */
final class MaskRules {
    private static final String APART = ": mask it as \"email\" or \"username\", whose values stay apart, or remove it from mask";

    private MaskRules() {}

    /** {@code table}'s rules; {@code tables}: the plan's, by model, which its references name. */
    static void check(Map<String, TablePlan> tables, TablePlan table, List<Problem> problems) {
        TableMask mask = table.feature(TableMask.class);
        if (mask == null) {
            return;
        }
        Map<ReferencePath, String> references = references(table);
        MaskedFiles.check(table, mask, problems);
        for (MaskRule rule : mask.changing()) {
            if (MaskedFiles.ofAFile(table, rule)) {
                continue;
            }
            String path = rule.path().text();
            if (rule.parts() != null && table.mappings().containsKey(rule.path())) {
                MaskedReferences.check(tables, table, rule, problems);
            } else if (rule.path().attribute().equals(table.idAttribute())) {
                id(table, rule, problems);
                continue;
            } else {
                references.entrySet().stream().filter(reference -> MaskSection.overlap(reference.getKey(), rule.path()))
                        .findFirst().ifPresent(reference -> problems.add(Problem.attribute(table.model(), path,
                                MaskedReferences.intact(tables, table, reference.getKey(), reference.getValue()))));
            }
            String target = table.rename().getOrDefault(rule.path().attribute(), rule.path().attribute());
            String merges = rule.merges(true);
            if (table.unique().contains(target) && merges != null) {
                problems.add(Problem.attribute(table.model(), path, "is unique, and " + merges + ": mask it as \"email\" or"
                        + " \"username\" (whose values stay apart) or \"remove\", or take it out of unique"));
            }
            merges = rule.merges(false);
            if (matchedOn(table, target) && merges != null) {
                problems.add(Problem.attribute(table.model(), path, "is matched on (" + table.pairedBy() + ".on), which pairs"
                        + " records by its values, and " + merges + ", so two records would pair as one" + APART));
            }
        }
    }

    /** A rule on the table's ID attribute: refused but where its IDs are preserved and kept apart ({@link MaskedIds}). */
    private static void id(TablePlan table, MaskRule rule, List<Problem> problems) {
        String path = rule.path().text();
        if (table.ids() != IdStrategy.PRESERVE || table.pairedBy() != null || table.idMapped() || !MaskedIds.isId(table, rule.path())) {
            problems.add(Problem.attribute(table.model(), path, "is the table's ID attribute, which the run maps to new IDs and"
                    + " references name: it cannot be masked; remove it from mask"));
            return;
        }
        if (rule.parts() != null) {
            problems.add(Problem.attribute(table.model(), path, "is the table's ID attribute, whose values references name whole:"
                    + " mask it whole, as \"email\" or \"username\", or remove it from mask"));
            return;
        }
        String merges = rule.merges(false);
        if (merges != null) {
            problems.add(Problem.attribute(table.model(), path, "is the table's ID attribute, which names its record, and "
                    + merges + ", so two records would have one ID" + APART));
        }
    }

    /** Whether {@code attribute} (as the target holds it) is one the table's records are paired with the target's by. */
    private static boolean matchedOn(TablePlan table, String attribute) {
        return table.features().values().stream().filter(PairsWithTarget.class::isInstance)
                .anyMatch(pairing -> ((PairsWithTarget) pairing).on().contains(attribute));
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
