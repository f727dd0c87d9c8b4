package dev.dmig.migrate;

import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item's own ID, by its target ID ({@link TargetIds}), where its table's IDs are sha256 or paired with the target's records ({@link TablePlan#pairedBy}),
 * and not mapped by a pattern.
 */
final class TableIdRewrite implements Rewrite {
    private final TablePlan table;
    private final TargetIds ids;

    private TableIdRewrite(TablePlan table, TargetIds ids) {
        this.table = table;
        this.ids = ids;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        // An ID attribute mapped by a pattern gets its new value with the other patterns.
        if ((parts.table().ids() == IdStrategy.SHA256 || parts.table().pairedBy() != null) && !parts.table().idMapped()) {
            chain.add(new TableIdRewrite(parts.table(), parts.ids()));
        }
    }

    @Override
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        AttributeValue id = source.get(table.idAttribute());
        if (id == null || id.type() != AttributeValue.Type.S || id.s().isEmpty()) {
            throw ValueWalk.invalid(table, table.idAttribute(), source, id == null
                    ? "the item has no ID attribute"
                    : (table.ids() == IdStrategy.SHA256 ? "sha256 IDs" : "the IDs of a table with " + table.pairedBy()) + " must be non-empty strings, found "
                    + ValueWalk.describe(id));
        }
        item.put(table.idAttribute(), AttributeValue.fromS(ids.newId(table.model(), id.s())));
    }

    @Override
    public Set<String> claims() {
        return Set.of(table.idAttribute());
    }
}
