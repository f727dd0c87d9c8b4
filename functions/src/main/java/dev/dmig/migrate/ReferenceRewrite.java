package dev.dmig.migrate;

import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A whole-value reference to a model's records, mapped to their target IDs ({@link TargetIds}); one to a model that
 * preserves IDs and pairs none of its records with the target's is left as it is.
 */
final class ReferenceRewrite implements Rewrite {
    private final TablePlan table;
    private final ReferencePath path;
    private final ValueWalk.ValueFunction newId;

    private ReferenceRewrite(TablePlan table, ReferencePath path, ValueWalk.ValueFunction newId) {
        this.table = table;
        this.path = path;
        this.newId = newId;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        parts.table().references().forEach((path, target) -> {
            // A model that preserves IDs keeps them, but for the records paired with the target's (a match).
            if (parts.plan().idsOf(target) != IdStrategy.PRESERVE || parts.plan().table(target).pairedBy() != null) {
                chain.add(new ReferenceRewrite(parts.table(), path, (id, source) -> parts.ids().newId(target, id)));
            }
        });
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // a mapping returns the very value it was given when it changed nothing
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        AttributeValue value = item.get(path.attribute());
        AttributeValue mapped = ValueWalk.walk(value, path, newId, table, source);
        if (mapped != value) {
            item.put(path.attribute(), mapped);
        }
    }

    @Override
    public Set<String> claims() {
        return Set.of(path.attribute());
    }
}
