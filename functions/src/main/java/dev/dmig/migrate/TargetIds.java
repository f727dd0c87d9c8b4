package dev.dmig.migrate;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.match.MatchedRecords;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;

/**
 * A record's ID in the target: the ID of the target record its table's {@code match} paired it with, else by the ID
 * function, or the same where its model's plan preserves IDs.
 */
final class TargetIds {
    private final MigrationPlan plan;
    private final IdMapper ids;
    private final MatchedRecords matched;

    TargetIds(MigrationPlan plan, IdMapper ids, MatchedRecords matched) {
        this.plan = plan;
        this.ids = ids;
        this.matched = matched;
    }

    String newId(String model, String oldId) {
        String paired = matched.targetId(model, oldId);
        if (paired != null) {
            return paired;
        }
        return plan.idsOf(model) == IdStrategy.PRESERVE ? oldId : ids.newId(model, oldId);
    }
}
