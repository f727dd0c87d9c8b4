package dev.dmig.migrate;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;

/** A record's ID in the target: by the ID function, or the same where its model's plan preserves IDs. */
final class TargetIds {
    private final MigrationPlan plan;
    private final IdMapper ids;

    TargetIds(MigrationPlan plan, IdMapper ids) {
        this.plan = plan;
        this.ids = ids;
    }

    String newId(String model, String oldId) {
        return plan.idsOf(model) == IdStrategy.PRESERVE ? oldId : ids.newId(model, oldId);
    }
}
