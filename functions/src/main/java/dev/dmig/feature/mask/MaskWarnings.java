package dev.dmig.feature.mask;

import dev.dmig.analysis.TableAnalysis;
import dev.dmig.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a masked run copies unmasked, said before it writes: the users of an identity map given as a file (their values in
 * records are mapped to the target pool's users it names, not masked; with the two pools, the users are put in the
 * target's masked, {@link MaskedUsers}) and the Storage objects of files its tables' masks keep, copied as they are.
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
            List<String> kept = new ArrayList<>();
            plan.tables().values().forEach(table -> {
                TableMask mask = table.feature(TableMask.class);
                if (mask != null) {
                    mask.rules().stream().filter(rule -> rule.kind() == MaskKind.KEEP && MaskedFiles.ofAFile(table, rule))
                            .forEach(rule -> kept.add(table.model() + "." + rule.path().text()));
                }
            });
            if (!kept.isEmpty()) {
                warnings.add("masking: the Storage files of " + String.join(", ", kept) + " are copied as they are (mask keep):"
                        + " check what they hold, or mask them as \"placeholder\" or \"remove\"");
            }
        }
        return warnings;
    }
}
