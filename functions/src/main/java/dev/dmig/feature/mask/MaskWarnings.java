package dev.dmig.feature.mask;

import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a masked run copies unmasked, said before it writes: the users its identity map pairs (their values in records are
 * mapped to the target pool's, not masked) and the Storage objects its files name, copied as they are.
 */
final class MaskWarnings {
    private MaskWarnings() {}

    static List<String> of(MigrationPlan plan, Collection<TableAnalysis> tables) {
        List<String> warnings = new ArrayList<>();
        if (plan.section(MaskSettings.class) == null) {
            return warnings;
        }
        if (plan.identities() != null) {
            warnings.add("masking: the identity map's users are not masked: records name the target pool's users as they are");
        }
        if (plan.copiesFiles()) {
            warnings.add("masking: Storage files are copied as they are, not masked: leave storageBucket out of the plan, or"
                    + " check what the files hold");
        }
        return warnings;
    }
}
