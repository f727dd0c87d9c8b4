package dev.dmig.feature.mask;

import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.Problem;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import java.util.List;
import java.util.Map;

/**
 * A rule against the table's references, which must stay intact for the records to resolve: a whole value that is a
 * reference cannot be masked (one to a table whose ID attribute is masked is masked alike already, {@link MaskedIds});
 * a composite value whose references give it patterns ({@code ORG#{org}#USER#{email}}) may have masked only the
 * placeholders they keep, its mask's patterns each one of theirs (the same text around its placeholders), so that
 * which part is which is plain.
 */
final class MaskedReferences {
    private MaskedReferences() {}

    /** Why the rule at a reference's path ({@code at}, said as {@code what}) cannot mask it. */
    static String intact(Map<String, TablePlan> tables, TablePlan table, ReferencePath at, String what) {
        String model = table.references().get(at);
        MaskRule id = model == null || !tables.containsKey(model) ? null : MaskedIds.idRule(tables.get(model));
        if (id != null) {
            return "is a reference to " + model + ", whose ID attribute " + id.path().text() + " table " + model + " masks: the"
                    + " run masks it alike already, so that it still names its record; remove it from table " + table.model()
                    + "'s mask";
        }
        return "is " + what + " at " + at.text() + ", which must stay intact for the records to resolve: it cannot be masked;"
                + " remove it from mask";
    }

    /** A composite rule at a path the table's references map by patterns: each problem added. */
    static void check(Map<String, TablePlan> tables, TablePlan table, MaskRule rule, List<Problem> problems) {
        ValueMapping mapping = table.mappings().get(rule.path());
        for (MaskedParts.Alternative alternative : rule.parts().alternatives()) {
            ValuePattern reference = mapping.alternatives().stream()
                    .filter(pattern -> pattern.literals().equals(alternative.pattern().literals())).findFirst().orElse(null);
            if (reference == null) {
                problems.add(Problem.attribute(table.model(), rule.path().text(), "has patterns in references ("
                        + mapping.describe() + "), and its mask's pattern " + alternative.pattern().text() + " is none of them:"
                        + " give the mask the pattern of its reference, naming only placeholders the reference keeps"));
                continue;
            }
            List<ValuePattern.Placeholder> placeholders = alternative.pattern().placeholders();
            for (int i = 0; i < placeholders.size(); i++) {
                PlaceholderTarget target = reference.placeholders().get(i).target();
                if (alternative.parts().containsKey(placeholders.get(i).name()) && !(target instanceof PlaceholderTarget.Kept)) {
                    problems.add(Problem.attribute(table.model(), TablePlan.placeholderPath(rule.path(), placeholders.get(i).name()),
                            mapped(tables, table, reference.placeholders().get(i))));
                }
            }
        }
    }

    /** Why a part a reference's placeholder maps cannot be masked. */
    private static String mapped(Map<String, TablePlan> tables, TablePlan table, ValuePattern.Placeholder placeholder) {
        if (placeholder.target() instanceof PlaceholderTarget.Model model && tables.containsKey(model.model())) {
            MaskRule id = MaskedIds.idRule(tables.get(model.model()));
            if (id != null) {
                return "holds IDs of " + model.model() + ", whose ID attribute " + id.path().text() + " table " + model.model()
                        + " masks: the run masks it alike already, so that it still names its record; leave {"
                        + placeholder.name() + "} out of table " + table.model() + "'s mask";
            }
            return "holds IDs of " + model.model() + " (references), which must stay intact for the records to resolve: it"
                    + " cannot be masked; leave {" + placeholder.name() + "} out of the mask's pattern";
        }
        return "holds identities (references), which the run maps to the target's users: it cannot be masked; leave {"
                + placeholder.name() + "} out of the mask's pattern";
    }
}
