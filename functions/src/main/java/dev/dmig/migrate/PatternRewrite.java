package dev.dmig.migrate;

import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A value mapped by its patterns (IDs inside composite values, identities, a whole identity such as {@code "@owner"}); an
 * identity without a match removes the value where the plan says {@code remove}.
 */
final class PatternRewrite implements Rewrite {
    private final TablePlan table;
    private final ReferencePath path;
    private final ValueWalk.ValueFunction mapped;

    private PatternRewrite(TablePlan table, ReferencePath path, ValueWalk.ValueFunction mapped) {
        this.table = table;
        this.path = path;
        this.mapped = mapped;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        TablePlan table = parts.table();
        table.mappings().forEach((ReferencePath path, ValueMapping mapping) -> chain.add(new PatternRewrite(table, path,
                (value, source) -> parts.patterns().mapped(table, path, mapping, value, source))));
    }

    @Override
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        ValueWalk.rewrite(item, path, mapped, table, source);
    }

    @Override
    public Set<String> claims() {
        return Set.of(path.attribute());
    }
}
