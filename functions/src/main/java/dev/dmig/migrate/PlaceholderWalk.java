package dev.dmig.migrate;

import dev.dmig.plan.FileReference;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The parts of a source item's values that one kind of placeholder holds (a user's identity), read as the item's
 * rewrites read them: by the patterns of its references and of its file values' keys. Made once per transformer
 * ({@link ItemTransformer#placeholders}); what a feature counts of its parts, or decides of an item by them, it reads
 * here.
 */
public final class PlaceholderWalk {
    private final MigrationPlan plan;
    private final PatternValues patterns;

    PlaceholderWalk(MigrationPlan plan, PatternValues patterns) {
        this.plan = plan;
        this.patterns = patterns;
    }

    /** Receives a non-empty part held by a placeholder of the kind walked, by its path as analysis reports it. */
    @FunctionalInterface
    public interface Visitor<T extends PlaceholderTarget> {
        void visit(String path, T target, String part);
    }

    /**
     * Visits every non-empty part of {@code item}'s values held by a placeholder whose target is a {@code kind}, by its
     * path as analysis reports it ({@code owner}, {@code PK{sub}}). A value that matches none of its patterns is refused
     * naming the item ({@link ItemInvalidException}), as mapping it is.
     */
    public <T extends PlaceholderTarget> void forEach(String model, Map<String, AttributeValue> item, Class<T> kind,
                                                      Visitor<? super T> visitor) {
        TablePlan table = plan.table(model);
        Map<ReferencePath, ValueMapping> mappings = new LinkedHashMap<>(table.mappings());
        table.files().forEach((path, file) -> {
            if (file.mapping() != null) {
                mappings.put(path, file.mapping());
            }
        });
        for (Map.Entry<ReferencePath, ValueMapping> mapping : mappings.entrySet()) {
            ReferencePath path = mapping.getKey();
            if (!holds(mapping.getValue(), kind)) {
                continue;
            }
            FileReference file = table.files().get(path);
            ValueWalk.walk(item.get(path.attribute()), path, (whole, source) -> {
                String value = file == null ? whole
                        : ValueWalk.fileKeyPart(table, path, file, whole, plan.storage().sourceBucket(), source);
                PatternValues.Matched matched = patterns.match(table, path, mapping.getValue(), value, source);
                for (int i = 0; i < matched.parts().size(); i++) {
                    ValuePattern.Placeholder placeholder = matched.pattern().placeholders().get(i);
                    if (kind.isInstance(placeholder.target())) {
                        visitor.visit(TablePlan.placeholderPath(path, placeholder.name()), kind.cast(placeholder.target()),
                                matched.parts().get(i));
                    }
                }
                return whole;
            }, table, item);
        }
    }

    /** Whether some placeholder of the mapping's patterns is a {@code kind}. */
    private static boolean holds(ValueMapping mapping, Class<? extends PlaceholderTarget> kind) {
        return mapping.alternatives().stream().flatMap(p -> p.placeholders().stream()).anyMatch(p -> kind.isInstance(p.target()));
    }
}
