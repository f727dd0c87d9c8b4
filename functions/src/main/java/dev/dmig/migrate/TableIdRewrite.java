package dev.dmig.migrate;

import dev.dmig.idmapping.IdMapper;
import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The item's own ID, by the ID function, where its table's IDs are sha256 and not mapped by a pattern. */
final class TableIdRewrite implements Rewrite {
    private final TablePlan table;
    private final IdMapper ids;

    private TableIdRewrite(TablePlan table, IdMapper ids) {
        this.table = table;
        this.ids = ids;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        // An ID attribute mapped by a pattern gets its new value with the other patterns.
        if (parts.table().ids() == IdStrategy.SHA256 && !parts.table().idMapped()) {
            chain.add(new TableIdRewrite(parts.table(), parts.ids()));
        }
    }

    @Override
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        AttributeValue id = source.get(table.idAttribute());
        if (id == null || id.type() != AttributeValue.Type.S || id.s().isEmpty()) {
            throw ValueWalk.invalid(table, table.idAttribute(), source, id == null
                    ? "the item has no ID attribute"
                    : "sha256 IDs must be non-empty strings, found " + ValueWalk.describe(id));
        }
        item.put(table.idAttribute(), AttributeValue.fromS(ids.newId(table.model(), id.s())));
    }
}
