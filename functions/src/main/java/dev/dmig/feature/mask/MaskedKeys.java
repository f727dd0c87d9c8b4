package dev.dmig.feature.mask;

import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanInvalidException;
import dev.dmig.plan.Problem;
import dev.dmig.plan.TablePair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A masked run's rules against the live tables' keys, before the scans: a key attribute (partition or sort key) names
 * its record, so it may be masked only by a kind that keeps values apart ({@code email}, {@code username}, in each
 * masked part of a composite value): masked so, each record's key is its source key masked, alike in every step and
 * run under one key, and two records stay two. Any other kind is refused in one line with the fix, nothing read. A
 * global secondary index's key attributes are masked as any attribute is: the index is the target's to build.
 */
final class MaskedKeys {
    private MaskedKeys() {}

    /** Refuses ({@link PlanInvalidException}) every rule on a key attribute whose kind may merge two records. */
    static void check(MigrationPlan plan, Collection<TablePair> pairs) {
        List<Problem> problems = new ArrayList<>();
        for (TablePair pair : pairs) {
            TableMask mask = plan.table(pair.model()).feature(TableMask.class);
            if (mask == null) {
                continue;
            }
            for (MaskRule rule : mask.changing()) {
                String merges = rule.merges(false);
                if (merges != null && pair.source().keyNames().contains(rule.path().attribute())) {
                    problems.add(Problem.attribute(pair.model(), rule.path().text(), "is a key attribute of table "
                            + pair.source().name() + ", which names the record, and " + merges + ", so two records would have"
                            + " one key: mask it as \"email\" or \"username\", whose values stay apart, or remove it from mask"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanInvalidException(problems);
        }
    }
}
