package dev.dmig.feature.mask;

import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a masked run copies unmasked, said before it writes: the users of an identity map given as a file (their values in
 * records are mapped to the target pool's users it names, not masked; with the two pools, the users are put in the
 * target's masked, {@link MaskedUsers}) and the Storage objects its files name, copied as they are.
 */
final class MaskWarnings {
    private MaskWarnings() {}

    static List<String> of(MigrationPlan plan, Collection<TableAnalysis> tables) {
        List<String> warnings = new ArrayList<>();
        if (plan.section(MaskSettings.class) == null) {
            return warnings;
        }
        if (plan.identities() != null && !plan.identities().fromPools()) {
            warnings.add("masking: the users of " + plan.identities().csv() + " are not masked: records name the target pool's"
                    + " users the file pairs them with; name source.userPoolId and target.userPoolId to have the source's users"
                    + " put in the target's pool masked");
        }
        if (plan.copiesFiles()) {
            warnings.add("masking: Storage files are copied as they are, not masked: leave storageBucket out of the plan, or"
                    + " check what the files hold");
        }
        return warnings;
    }
}
