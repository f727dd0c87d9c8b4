package dev.dmig.analysis;

import dev.dmig.plan.IdStrategy;
import dev.dmig.plan.PlaceholderTarget;
import dev.dmig.plan.ReferencePath;
import dev.dmig.plan.TablePlan;
import dev.dmig.plan.ValueMapping;
import dev.dmig.plan.ValuePattern;
import dev.dmig.store.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Which source IDs the run keeps, so that validation knows them wherever the target still holds one: the IDs of tables
 * whose records get new (sha256) IDs (a preserved ID is the same on both sides), of {@value #MIN_LENGTH} characters or
 * more (shorter ones, {@code 42} or {@code p1}, turn up in ordinary values by chance), of tables whose source can be asked
 * for an ID by key, which is how a filter's "maybe" is made certain.
 */
public final class SourceIds {
    /** The shortest ID, and the shortest username outside an owner value, that validation looks for. */
    public static final int MIN_LENGTH = 8;

    private SourceIds() {}

    /**
     * Whether the run keeps a filter of {@code table}'s source IDs: its IDs are mapped (sha256) and its source table
     * ({@code source}) is keyed by them: as they are, or built by a pattern of the ID alone ({@code ORG#{id}}).
     */
    public static boolean kept(TablePlan table, TableInfo source) {
        if (table.skip() || table.ids() != IdStrategy.SHA256 || source == null
                || !source.hashKey().name().equals(table.idAttribute()) || source.hashKey().type() != ScalarAttributeType.S) {
            return false;
        }
        return !table.idMapped() || !ownKeyPatterns(table).isEmpty();
    }

    /** Hands each of the item's own IDs of {@value #MIN_LENGTH} characters or more to {@code ids}. */
    static void forEachOwnId(TablePlan table, Map<String, AttributeValue> item, Consumer<String> ids) {
        AttributeValue value = item.get(table.idAttribute());
        if (value == null || value.type() != AttributeValue.Type.S || value.s().isEmpty()) {
            return;
        }
        String id = value.s();
        if (table.idMapped()) {
            id = ownId(table, id);
        }
        if (id != null && id.length() >= MIN_LENGTH) {
            ids.accept(id);
        }
    }

    /** The part of a key built by a pattern that is the item's own ID; null when none of its patterns gives one. */
    private static String ownId(TablePlan table, String key) {
        for (ValuePattern pattern : idMapping(table).alternatives()) {
            List<String> parts = pattern.match(key);
            if (parts == null) {
                continue;
            }
            for (int i = 0; i < parts.size(); i++) {
                if (pattern.placeholders().get(i).target() instanceof PlaceholderTarget.Model m && m.model().equals(table.model())) {
                    return parts.get(i);
                }
            }
            return null;
        }
        return null;
    }

    /** The partition-key values of the source table a record of ID {@code id} may have: the ID, or each key a pattern builds of it. */
    public static List<String> keysOf(TablePlan table, String id) {
        if (!table.idMapped()) {
            return List.of(id);
        }
        return ownKeyPatterns(table).stream().map(pattern -> pattern.render(List.of(id))).toList();
    }

    /** The ID attribute's patterns made of the table's own ID alone ({@code ORG#{org}}), which a bare ID can be put back into. */
    private static List<ValuePattern> ownKeyPatterns(TablePlan table) {
        List<ValuePattern> own = new ArrayList<>();
        for (ValuePattern pattern : idMapping(table).alternatives()) {
            if (pattern.placeholders().size() == 1 && pattern.placeholders().get(0).target() instanceof PlaceholderTarget.Model m
                    && m.model().equals(table.model())) {
                own.add(pattern);
            }
        }
        return own;
    }

    private static ValueMapping idMapping(TablePlan table) {
        for (Map.Entry<ReferencePath, ValueMapping> mapping : table.mappings().entrySet()) {
            ReferencePath path = mapping.getKey();
            if (path.steps().size() == 1 && !path.steps().get(0).each() && path.attribute().equals(table.idAttribute())) {
                return mapping.getValue();
            }
        }
        return new ValueMapping(List.of());
    }
}
