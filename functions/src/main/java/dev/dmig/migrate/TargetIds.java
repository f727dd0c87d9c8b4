package dev.dmig.migrate;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;

/**
 * A record's ID in the target: the ID of the target record a feature of the run paired it with ({@link PairedIds}: a
 * match's pairs), else by the ID function, or the same where its model's plan preserves IDs.
 */
final class TargetIds {
    private final MigrationPlan plan;
    private final IdMapper ids;
    private final PairedIds[] paired;

    TargetIds(MigrationPlan plan, IdMapper ids, RunMappings run) {
        this.plan = plan;
        this.ids = ids;
        this.paired = run.features().values().stream().filter(PairedIds.class::isInstance).map(PairedIds.class::cast)
                .toArray(PairedIds[]::new);
    }

    String newId(String model, String oldId) {
        for (PairedIds pairs : paired) {
            String target = pairs.targetId(model, oldId);
            if (target != null) {
                return target;
            }
        }
        return plan.idsOf(model) == IdStrategy.PRESERVE ? oldId : ids.newId(model, oldId);
    }
}
