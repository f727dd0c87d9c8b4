package dev.dmig.feature.files;

import dev.dmig.migrate.Rewrite;
import dev.dmig.migrate.RewriteParts;
import dev.dmig.migrate.ValueWalk;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A file value renamed with its object, to the target's bucket ({@link FileKeys}). */
final class FileKeyRewrite implements Rewrite {
    private final TablePlan table;
    private final ReferencePath path;
    private final ValueWalk.ValueFunction renamed;

    private FileKeyRewrite(TablePlan table, ReferencePath path, ValueWalk.ValueFunction renamed) {
        this.table = table;
        this.path = path;
        this.renamed = renamed;
    }

    static void addTo(List<Rewrite> chain, RewriteParts parts) {
        TablePlan table = parts.table();
        FileKeys keys = FileKeys.of(parts);
        table.files().forEach((path, file) -> chain.add(new FileKeyRewrite(table, path, (value, source) -> {
            FileKeys.Named named = keys.named(table, path, file, value, source);
            return named == null ? null : named.value();
        })));
    }

    @Override
    public void apply(Map<String, AttributeValue> source, Map<String, AttributeValue> item) {
        ValueWalk.rewrite(item, path, renamed, table, source);
    }

    @Override
    public Set<String> claims() {
        return Set.of(path.attribute());
    }
}
