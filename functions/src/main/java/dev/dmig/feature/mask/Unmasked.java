package dev.dmig.feature.mask;

import dev.dmig.plan.TablePlan;
import dev.dmig.store.ItemKeys;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A masked item's values that are still its source's: at a rule's path, a value of the mapped item equal to a value the
 * source held there (a {@code constant} may equal its source's on purpose, and is not counted). What the analysis refuses
 * and validation fails; the item is named by its ID, never by a value.
 */
final class Unmasked {
    /** How validation's failure line says such values, after their count. */
    static String what(MaskRule rule) {
        return "equal to the source's, which mask " + rule.kind().planName() + " replaces";
    }

    private Unmasked() {}

    /** How many values at {@code rule}'s path of {@code mapped} the source held there. */
    static int count(MaskRule rule, Map<String, AttributeValue> source, Map<String, AttributeValue> mapped) {
        if (rule.kind() == MaskKind.CONSTANT || !rule.kind().masks()) {
            return 0;
        }
        List<AttributeValue> masked = MaskWalk.values(mapped, rule.path());
        if (masked.isEmpty()) {
            return 0;
        }
        Set<AttributeValue> held = new HashSet<>(MaskWalk.values(source, rule.path()));
        return (int) masked.stream().filter(held::contains).count();
    }

    /** The item as problems name it: by its ID ({@code id=u1}). */
    static String where(TablePlan table, Map<String, AttributeValue> item) {
        AttributeValue id = item.get(table.idAttribute());
        return id == null ? "(no " + table.idAttribute() + ")" : table.idAttribute() + "=" + ItemKeys.scalar(id);
    }
}
