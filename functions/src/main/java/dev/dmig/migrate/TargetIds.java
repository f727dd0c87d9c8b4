package dev.dmig.migrate;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.MigrationPlan;
import java.util.HashMap;
import java.util.Map;

/**
 * A record's ID in the target: the ID of the target record a feature of the run paired it with ({@link PairedIds}: a
 * match's pairs), else by the ID function, or the same where its model's plan preserves IDs. While a thread remembers
 * ({@link #remembering}), each ID it maps is kept until the scope closes: a copy's look at the page it just mapped asks
 * for the same IDs again, and the ID function is a SHA-256 each.
 */
final class TargetIds {
    private final MigrationPlan plan;
    private final IdMapper ids;
    private final PairedIds[] paired;
    /** Per thread, while it remembers: by model, each source ID's target ID. */
    private final ThreadLocal<Map<String, Map<String, String>>> remembered = new ThreadLocal<>();

    TargetIds(MigrationPlan plan, IdMapper ids, RunMappings run) {
        this.plan = plan;
        this.ids = ids;
        this.paired = run.features().values().stream().filter(PairedIds.class::isInstance).map(PairedIds.class::cast)
                .toArray(PairedIds[]::new);
    }

    String newId(String model, String oldId) {
        Map<String, Map<String, String>> kept = remembered.get();
        if (kept == null || oldId == null) {
            return mapped(model, oldId);
        }
        return kept.computeIfAbsent(model, m -> new HashMap<>()).computeIfAbsent(oldId, id -> mapped(model, id));
    }

    /**
     * Keeps the IDs this thread maps until the returned scope closes (a page's, at most); within a scope already open, the
     * outer one keeps them.
     */
    ItemTransformer.RememberedIds remembering() {
        if (remembered.get() != null) {
            return () -> { };
        }
        remembered.set(new HashMap<>());
        return remembered::remove;
    }

    private String mapped(String model, String oldId) {
        for (PairedIds pairs : paired) {
            String target = pairs.targetId(model, oldId);
            if (target != null) {
                return target;
            }
        }
        return plan.idsOf(model) == IdStrategy.PRESERVE ? oldId : ids.newId(model, oldId);
    }
}
